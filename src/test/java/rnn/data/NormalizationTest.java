package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zscore | minmax | none, fitted on the training part; constant columns; a --val file uses training statistics. */
class NormalizationTest {

    @TempDir
    Path dir;

    private Path file() {
        return csv(dir, "n.csv", "id,x,c,y\nA,2,5,1\nA,4,5,2\nB,6,5,3\nB,8,5,4\n");
    }

    @Test
    void minmaxMapsTheTrainingRowsOntoZeroOne() {
        LoadedData d = DataLoader.load(file(), options().withId("id").withFeatures("x")
                .withNormalize(Normalization.MINMAX));
        Dataset ds = d.train();
        assertEquals(0, ds.input(0, 0, 0), FLOAT_TOL);
        assertEquals(1.0 / 3, ds.input(0, 1, 0), FLOAT_TOL);
        assertEquals(1, ds.input(1, 1, 0), FLOAT_TOL);
        ColumnStats y = d.schema().contract().scaling().targetStats().get(0);
        assertEquals(1, y.center());
        assertEquals(3, y.scale());
        assertEquals(4, y.denormalize(ds.target(1, 0, 0)), FLOAT_TOL);
    }

    @Test
    void noneKeepsValuesButRecordsStatistics() {
        LoadedData d = DataLoader.load(file(), options().withId("id").withFeatures("x")
                .withNormalize(Normalization.NONE));
        assertEquals(6, d.train().input(1, 0, 0), FLOAT_TOL);
        ColumnStats x = d.schema().contract().scaling().featureStats().get(0);
        assertEquals(5, x.mean(), 1e-12);
        assertEquals(Math.sqrt(5), x.std(), 1e-12);
        assertEquals(0, x.center());
        assertEquals(1, x.scale());
    }

    @Test
    void aConstantColumnIsCentredWithAWarningNamingIt() {
        LoadedData d = DataLoader.load(file(), options().withId("id").withFeatures("x", "c"));
        assertEquals(List.of("column \"c\" is constant (5) in the 4 training rows: it is centred, not scaled"),
                d.schema().report().warnings());
        ColumnStats c = d.schema().contract().scaling().featureStats().get(1);
        assertEquals(1, c.scale());
        assertTrue(c.constant());
        assertEquals(0, d.train().input(0, 1, 1), 0.0);
        assertEquals(0, d.train().input(1, 0, 1), 0.0);
    }

    @Test
    void statisticsComeFromTheTrainingSequencesOnly() {
        StringBuilder b = new StringBuilder("id,x,y\n");
        for (int s = 0; s < 10; s++) {
            b.append("s").append(s).append(',').append(s).append(",0\n");
        }
        LoadedData d = DataLoader.load(csv(dir, "ten.csv", b.toString()),
                DataOptions.defaults(3).withId("id").withFeatures("x").withValSplit(0.3));
        assertEquals(7, d.train().size());
        assertEquals(3, d.validation().size());
        double sum = 0;
        for (int k = 0; k < 7; k++) {
            sum += Integer.parseInt(d.train().sequenceId(k).substring(1));
        }
        assertEquals(sum / 7, d.schema().contract().scaling().featureStats().get(0).mean(), 1e-9);
        assertEquals(7, d.schema().report().statsRows());
    }

    @Test
    void aValidationFileIsNormalisedWithTheTrainingStatistics() {
        Path train = csv(dir, "train.csv", "x,y\n0,0\n2,0\n4,0\n6,0\n");
        Path val = csv(dir, "val.csv", "y,x,extra\n0,10,a\n0,12,b\n");
        LoadedData d = DataLoader.load(train, DataOptions.defaults(42).withFeatures("x").withWindow(1, 1, 1)
                .withValFile(val));
        ColumnStats x = d.schema().contract().scaling().featureStats().get(0);
        assertEquals(3, x.mean(), 1e-12);
        assertEquals(Math.sqrt(5), x.std(), 1e-12);
        assertEquals(3, d.train().size());
        assertEquals(1, d.validation().size());
        assertEquals((10 - 3) / Math.sqrt(5), d.validation().input(0, 0, 0), FLOAT_TOL);
        assertEquals(val.toString(), d.schema().report().split().valFile());
        assertEquals(0, d.schema().report().split().valSplit());
    }
}
