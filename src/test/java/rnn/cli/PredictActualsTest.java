package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code actual_<target>} of one-step models (issue 12 item 1): the value on the target row as the file writes it,
 * empty where it is not known; and the future times of a one-step model's forecast rows.
 */
class PredictActualsTest {

    @TempDir
    static Path dir;
    /** y from x (y is no input), one step 2 ahead, monthly dates. */
    static Path run;

    static String line(int r, String y) {
        return java.time.LocalDate.of(2020, 1, 1).plusMonths(r) + "," + (r % 7) + "," + y + "\n";
    }

    @BeforeAll
    static void train() throws IOException {
        StringBuilder b = new StringBuilder("date,x,y\n");
        for (int r = 0; r < 30; r++) {
            b.append(line(r, Integer.toString(2 * (r % 7) + 1)));
        }
        Path data = Files.writeString(dir.resolve("train.csv"), b);
        run = UseFixture.train(data, dir.resolve("run"), "time", "date", "features", "x", "target", "y", "window", "3",
                "horizon", "2", "hidden", "2", "epochs", "1").dir();
    }

    private static List<List<String>> predict(String csv) throws IOException {
        Path f = Files.writeString(dir.resolve("new.csv"), csv);
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", run.toString(), f.toString());
        assertEquals(0, o.code(), o.err());
        return o.out().lines().map(l -> List.of(l.split(",", -1))).toList();
    }

    /**
     * Six rows, window 3, step 2: four windows. Windows 0 and 1 predict rows 4 and 5 (lines 6, 7): their actual
     * values, "1.25" as written and an empty one for "n/a"; windows 2 and 3 predict 1 and 2 months after the last
     * row (2020-06-01): 2020-07-01 and 2020-08-01, no line, no actual value.
     */
    @Test
    void actualValuesComeFromTheFileAndForecastRowsGetFutureTimes() throws IOException {
        String csv = "date,x,y\n" + line(0, "") + line(1, "x") + line(2, "7") + line(3, "7") + line(4, "1.25")
                + line(5, "n/a");
        List<List<String>> rows = predict(csv);
        assertEquals(List.of("date", "line", "pred_y", "actual_y"), rows.get(0));
        assertEquals(5, rows.size());
        assertEquals(List.of("2020-05-01", "6", "1.25"), List.of(rows.get(1).get(0), rows.get(1).get(1),
                rows.get(1).get(3)));
        assertEquals(List.of("2020-06-01", "7", ""), List.of(rows.get(2).get(0), rows.get(2).get(1),
                rows.get(2).get(3)));
        assertEquals(List.of("2020-07-01", "", ""), List.of(rows.get(3).get(0), rows.get(3).get(1),
                rows.get(3).get(3)));
        assertEquals(List.of("2020-08-01", "", ""), List.of(rows.get(4).get(0), rows.get(4).get(1),
                rows.get(4).get(3)));
    }

    /** A file without the target column: predictions as before, the actual column empty on every row. */
    @Test
    void aFileWithoutTheTargetColumnHasEmptyActualValues() throws IOException {
        StringBuilder b = new StringBuilder("date,x\n");
        for (int r = 0; r < 5; r++) {
            b.append(java.time.LocalDate.of(2020, 1, 1).plusMonths(r)).append(',').append(r).append('\n');
        }
        List<List<String>> rows = predict(b.toString());
        assertEquals(List.of("date", "line", "pred_y", "actual_y"), rows.get(0));
        assertEquals(4, rows.size());
        for (List<String> r : rows.subList(1, rows.size())) {
            assertEquals("", r.get(3), r.toString());
        }
        assertEquals("2020-07-01", rows.get(3).get(0));
    }
}
