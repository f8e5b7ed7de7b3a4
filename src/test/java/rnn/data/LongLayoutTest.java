package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN §3, long layout: one sequence per id (ids not contiguous), ordered by --time, padded with a mask. */
class LongLayoutTest {

    @TempDir
    Path dir;

    private static final String FILE = "id,t,x,y\n"
            + "B,2,20,2\n"
            + "A,3,13,1\n"
            + "C,1,31,3\n"
            + "A,1,11,1\n"
            + "B,1,21,2\n"
            + "A,2,12,0\n";

    private LoadedData load(DataOptions o) {
        return DataLoader.load(csv(dir, "long.csv", FILE), o);
    }

    private static DataOptions raw() {
        return options().withNormalize(Normalization.NONE).withId("id").withTime("t").withFeatures("x");
    }

    @Test
    void eachIdIsASequenceInTimeOrder() {
        LoadedData d = load(raw());
        assertEquals(TestData.layout("long"), d.schema().contract().layout());
        Dataset ds = d.train();
        assertEquals(3, ds.size());
        assertEquals("B", ds.sequenceId(0));
        assertEquals("A", ds.sequenceId(1));
        assertEquals("C", ds.sequenceId(2));
        assertEquals(2, ds.steps(0));
        assertEquals(3, ds.steps(1));
        assertEquals(1, ds.steps(2));
        assertEquals(21, ds.input(0, 0, 0), FLOAT_TOL);
        assertEquals(20, ds.input(0, 1, 0), FLOAT_TOL);
        assertEquals(11, ds.input(1, 0, 0), FLOAT_TOL);
        assertEquals(13, ds.input(1, 2, 0), FLOAT_TOL);
        assertEquals(1, ds.target(1, 0, 0), FLOAT_TOL, "the target on the last row in time (A, t = 3)");
        assertEquals(3, ds.line(1, 2), "A's last row in time is line 3");
        assertEquals("3", ds.time(1, 2));
        assertEquals("layout: long, 3 sequences by \"id\", ordered by \"t\" (1 to 3 steps)",
                d.schema().describe().get(1));
    }

    @Test
    void batchesArePaddedWithAMask() {
        Dataset ds = load(raw().withOutput(TargetMode.SEQUENCE)).train();
        Batch batch = ds.newBatch(3);
        ds.fill(new int[] {0, 1, 2}, 0, 3, batch);
        assertEquals(3, batch.size());
        assertEquals(3, batch.steps());
        assertEquals(1, batch.inputs());
        // time-major: row t·B + b
        assertArrayEquals(new double[] {21, 11, 31, 20, 12, 0, 0, 13, 0}, java.util.Arrays.copyOf(batch.x(), 9),
                FLOAT_TOL);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0, 0, 1, 0}, java.util.Arrays.copyOf(batch.mask(), 9));
        assertArrayEquals(new double[] {2, 1, 3, 2, 0, 0, 0, 1, 0}, java.util.Arrays.copyOf(batch.targets(), 9),
                FLOAT_TOL);
        assertEquals(9, batch.targetRows());

        ds.fill(new int[] {1}, 0, 1, batch);
        assertEquals(1, batch.size());
        assertNull(batch.mask(), "nothing padded in a batch of one");
    }

    @Test
    void fileOrderWithoutTime() {
        Dataset ds = load(options().withNormalize(Normalization.NONE).withId("id").withFeatures("x")).train();
        assertEquals(13, ds.input(1, 0, 0), FLOAT_TOL);
        assertEquals(12, ds.input(1, 2, 0), FLOAT_TOL);
        assertEquals(0, ds.target(1, 0, 0), FLOAT_TOL);
    }
}
