package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of 2·10⁵ + 1 columns, a few rows: read, and found again by name in a file whose columns come in the
 * reverse order (as {@code rnn predict} does). Finding each of the model's columns by a scan of the header took
 * 2·10¹⁰ comparisons (minutes; 10⁵ columns took 30 s); by the header's index it is linear (about 2 s here). The
 * timeout is a guard against what is, in practice, a hang.
 */
class WideCsvTest {

    private static final int COLUMNS = 200_000;
    private static final int ROWS = 3;

    @TempDir
    Path dir;

    private static double value(int row, int column) {
        return (row * 7 + column) % 1000;
    }

    /** Columns c0..c99999 and y, in that order or reversed. */
    private Path write(String name, boolean reversed) throws IOException {
        StringBuilder sb = new StringBuilder(COLUMNS * 8 * (ROWS + 1));
        for (int k = 0; k <= COLUMNS; k++) {
            int c = reversed ? COLUMNS - k : k;
            sb.append(k > 0 ? "," : "").append(c == COLUMNS ? "y" : "c" + c);
        }
        sb.append('\n');
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k <= COLUMNS; k++) {
                int c = reversed ? COLUMNS - k : k;
                sb.append(k > 0 ? "," : "").append(c == COLUMNS ? r : (int) value(r, c));
            }
            sb.append('\n');
        }
        return Files.writeString(dir.resolve(name), sb, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void twoHundredThousandColumnsAreReadAndFoundByName() throws IOException {
        LoadedData d = DataLoader.load(write("wide.csv", false), options().withNormalize(Normalization.NONE)
                .withLayout(TestData.layout("wide"), 1).withValSplit(0));
        assertEquals(COLUMNS, d.schema().contract().inputs());
        Dataset reversed = DataLoader.loadForModel(write("reversed.csv", true), d.schema().contract(), ',',
                DataLoader.Purpose.EVALUATE);
        double[] expected = new double[COLUMNS * ROWS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                expected[r * COLUMNS + c] = value(r, c); // one step: B×I, row-major
            }
        }
        for (Dataset ds : new Dataset[] {d.train(), reversed}) {
            Batch batch = ds.newBatch(ROWS);
            ds.fill(new int[] {0, 1, 2}, 0, ROWS, batch);
            assertArrayEquals(expected, java.util.Arrays.copyOf(batch.x(), expected.length), FLOAT_TOL);
            assertArrayEquals(new double[] {0, 1, 2}, java.util.Arrays.copyOf(batch.targets(), ROWS), FLOAT_TOL);
        }
    }
}
