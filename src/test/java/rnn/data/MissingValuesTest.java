package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --missing drop|ffill: dropped rows break windows; ffill carries values forward in time order per series. */
class MissingValuesTest {

    @TempDir
    Path dir;

    private static DataOptions raw(MissingPolicy m) {
        return options().withNormalize(Normalization.NONE).withMissing(m).withFeatures("x");
    }

    @Test
    void dropRemovesRowsAndNoWindowSpansThem() {
        Path f = csv(dir, "gap.csv", "x,y\n1,1\n2,2\n,3\n4,4\n5,5\nNaN,6\n7,7\n8,8\nabc,9\n10,10\n11,11\n12,12\n");
        LoadedData d = DataLoader.load(f, raw(MissingPolicy.DROP).withWindow(2, 1, 1));
        assertEquals(12, d.schema().report().rows());
        assertEquals(3, d.schema().report().droppedRows());
        // runs of kept rows: [1,2] (too short for W + H = 3), [4,5], [7,8], [10,11,12]: one window
        Dataset ds = d.train();
        assertEquals(1, ds.size());
        assertEquals(10, ds.input(0, 0, 0), FLOAT_TOL);
        assertEquals(12, ds.target(0, 0, 0), FLOAT_TOL);
        // without the drops: 12 − 3 + 1 = 10 windows; 1 is left
        assertEquals("data: " + f + ", 12 rows (3 dropped for missing values, removing 9 windows)",
                d.schema().describe().get(0));
    }

    @Test
    void aDroppedRowBreaksOnlyItsOwnSeries() {
        Path f = csv(dir, "gap-ids.csv", "id,x,y\nA,1,1\nB,1,1\nA,,2\nB,2,2\nA,3,3\nB,3,3\nA,4,4\nB,4,4\n");
        Dataset ds = DataLoader.load(f, raw(MissingPolicy.DROP).withId("id").withLayout(TestData.layout("window"), null)
                .withWindow(2, 1, 1)).train();
        // A keeps rows 1 | 3,4 (no run of 3); B keeps 1,2,3,4: two windows
        assertEquals(2, ds.size());
        assertEquals("B", ds.sequenceId(0));
        assertEquals("B", ds.sequenceId(1));
    }

    @Test
    void ffillCarriesTheLastValueInTimeOrderWithinASequence() {
        Path f = csv(dir, "ffill.csv", "id,t,x,y\nA,2,,1\nB,1,7,2\nA,1,5,3\nA,3,inf,4\nB,2,,5\n");
        LoadedData d = DataLoader.load(f, raw(MissingPolicy.FFILL).withId("id").withTime("t"));
        Dataset ds = d.train();
        assertEquals(5, ds.input(0, 1, 0), FLOAT_TOL, "A at t = 2 takes A's t = 1 value, not B's");
        assertEquals(5, ds.input(0, 2, 0), FLOAT_TOL);
        assertEquals(7, ds.input(1, 1, 0), FLOAT_TOL);
        assertEquals(3, d.schema().report().filledValues());
    }

    /** A target is never carried forward (issue 12): a missing class label under ffill is an error. */
    @Test
    void ffillNoLongerFillsClassLabels() {
        Path f = csv(dir, "labels.csv", "id,x,label\nA,1,up\nA,2,\nB,3,down\nB,4,down\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(f, raw(MissingPolicy.FFILL)
                .withId("id").withClassification(true).withOutput(TargetMode.SEQUENCE)));
        assertEquals(DataException.DATA, e.exitCode());
        assertEquals(f + ":3:3 (column \"label\"): expected a class label (a target), got \"\"; fix the label or"
                + " use {{missing_target}} drop", e.getMessage());
    }
}
