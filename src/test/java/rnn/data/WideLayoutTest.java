package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §3, wide layout: each row one sequence, its T×F feature columns step-major. */
class WideLayoutTest {

    @TempDir
    Path dir;

    @Test
    void featureColumnsAreStepMajor() {
        Path f = csv(dir, "wide.csv", "name,a0,b0,a1,b1,a2,b2,y\nr1,1,2,3,4,5,6,7\nr2,11,12,13,14,15,16,17\n");
        LoadedData d = DataLoader.load(f, options().withNormalize(Normalization.NONE).withLayout(TestData.layout("wide"), 3)
                .withId("name"));
        assertEquals(2, d.schema().contract().inputs());
        assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), d.schema().contract().features());
        Dataset ds = d.train();
        assertEquals(2, ds.size());
        assertEquals("r2", ds.sequenceId(1));
        Batch batch = ds.newBatch(2);
        ds.fill(new int[] {0, 1}, 0, 2, batch);
        assertEquals(3, batch.steps());
        assertNull(batch.mask());
        assertArrayEquals(new double[] {1, 2, 11, 12, 3, 4, 13, 14, 5, 6, 15, 16}, Arrays.copyOf(batch.x(), 12),
                FLOAT_TOL);
        assertArrayEquals(new double[] {7, 17}, Arrays.copyOf(batch.targets(), 2), FLOAT_TOL);
    }

    @Test
    void sequenceTargetsAreStepMajorToo() {
        Path f = csv(dir, "wide-seq.csv", "a0,a1,y0,y1\n1,2,10,20\n3,4,30,40\n");
        LoadedData d = DataLoader.load(f, options().withNormalize(Normalization.NONE).withLayout(TestData.layout("wide"), 2)
                .withFeatures("a0", "a1").withTargets("y0", "y1").withOutput(TargetMode.SEQUENCE));
        assertEquals(1, d.schema().contract().outputs());
        Dataset ds = d.train();
        Batch batch = ds.newBatch(2);
        ds.fill(new int[] {1, 0}, 0, 2, batch);
        assertArrayEquals(new double[] {30, 10, 40, 20}, Arrays.copyOf(batch.targets(), 4), FLOAT_TOL);
        assertEquals(1, batch.example(1) + 1);
    }

    @Test
    void normalisedPerColumnAndFilledForwardAcrossSteps() {
        Path f = csv(dir, "wide-ffill.csv", "a0,a1,a2,y\n1,,5,0\n3,4,,1\n");
        LoadedData d = DataLoader.load(f, options().withNormalize(Normalization.NONE).withLayout(TestData.layout("wide"), 3)
                .withFeatures("a0", "a1", "a2").withMissing(MissingPolicy.FFILL));
        Dataset ds = d.train();
        assertEquals(1, ds.input(0, 1, 0), FLOAT_TOL);
        assertEquals(4, ds.input(1, 2, 0), FLOAT_TOL);
        assertEquals(2, d.schema().report().filledValues());
        LoadedData z = DataLoader.load(csv(dir, "wide-z.csv", "a0,a1,y\n1,10,0\n3,30,1\n"),
                options().withLayout(TestData.layout("wide"), 2));
        assertEquals(-1, z.train().input(0, 0, 0), FLOAT_TOL);
        assertEquals(-1, z.train().input(0, 1, 0), FLOAT_TOL, "each column has its own statistics");
        assertEquals(10, z.schema().contract().scaling().featureStats().get(1).std(), 1e-9);
    }
}
