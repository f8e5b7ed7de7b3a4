package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every size a flag sets is bounded before anything of that size is allocated: one line with the numbers and
 * the fix, exit 2 for flags and 3 for data (issue #10, "Flags"). In a child JVM: real exit codes and stderr.
 */
class SizeLimitsTest {

    private static final String HELP = " (see 'rnn train --help')";

    @TempDir
    Path dir;
    private int runs;

    private Cli.Result train(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("train", "--epochs", "1", "--plot", "none", "--out",
                "run" + runs++));
        a.addAll(List.of(args));
        a.add(Cli.sunspots().toString());
        return Cli.run(dir, a.toArray(String[]::new));
    }

    @Test
    void aLayerWhoseWeightsOverflowAnArrayIsAFlagError() throws Exception {
        train("--hidden", "46341").assertError(2, "rnn: --hidden 46341: the 139023 × 46341 recurrent weights of a "
                + "gru layer of 46341 units would be 6442464843 numbers, more than the 2147483639 one Java array can "
                + "hold; lower --hidden (at most 26754 units per gru layer)" + HELP);
        train("--hidden", "100000", "--cell", "rnn").assertError(2, "rnn: --hidden 100000: the 100000 × 100000 "
                + "recurrent weights of a rnn layer of 100000 units would be 10000000000 numbers, more than the "
                + "2147483639 one Java array can hold; lower --hidden (at most 46340 units per rnn layer)" + HELP);
        train("--hidden", "100000").assertError(2, "rnn: --hidden 100000: the 300000 × 100000 recurrent weights of "
                + "a gru layer of 100000 units would be 30000000000 numbers, more than the 2147483639 one Java array "
                + "can hold; lower --hidden (at most 26754 units per gru layer)" + HELP);
        train("--hidden", "2147483647", "--cell", "lstm").assertError(2, "rnn: --hidden 2147483647: the 8589934588 × "
                + "2147483647 recurrent weights of a lstm layer of 2147483647 units would be 1.84e+19 numbers, more "
                + "than the 2147483639 one Java array can hold; lower --hidden (at most 23170 units per lstm layer)"
                + HELP);
        train("--hidden", "8,2147483647").assertError(2, "rnn: --hidden 8,2147483647: the 6442450941 × 2147483647 "
                + "recurrent weights of a gru layer of 2147483647 units would be 1.38e+19 numbers, more than the "
                + "2147483639 one Java array can hold; lower --hidden (at most 26754 units per gru layer)" + HELP);
        assertFalse(Files.exists(dir.resolve("run0")), "refused before the run directory is made");
    }

    @Test
    void aWindowOrHorizonBeyondTheSeriesIsADataError() throws Exception {
        String csv = Cli.sunspots().toString();
        train("--window", "2147483647").assertError(3, "error: " + csv + ": expected at least --window + --horizon "
                + "= 2147483648 rows, got 309; lower --window or --horizon, or add rows");
        train("--horizon", "2147483647").assertError(3, "error: " + csv + ": expected at least --window + --horizon "
                + "= 2147483667 rows, got 309; lower --window or --horizon, or add rows");
        train("--stride", "2147483647").assertError(3, "error: " + csv + ": expected at least 1 training window "
                + "with --val-split 0.2, got 0 of 1 window; lower --val-split, or add data");
    }

    @Test
    void whenEverySeriesIsTooShortTheLongestIsNamed() throws Exception {
        StringBuilder b = new StringBuilder("id,y\n");
        for (int i = 0; i < 5; i++) {
            b.append("a,").append(i).append('\n');
        }
        for (int i = 0; i < 8; i++) {
            b.append("b,").append(i).append('\n');
        }
        Files.writeString(dir.resolve("two.csv"), b);
        Cli.Result r = Cli.run(dir, "train", "--id", "id", "--layout", "window", "--window", "10", "--target", "y",
                "--out", "run", "two.csv");
        r.assertError(3, "error: two.csv:7 (series \"b\", the longest of 2): expected at least --window + --horizon "
                + "= 11 rows, got 8; lower --window or --horizon, or add rows to the series");
    }

    @Test
    void theLargestStrideGivesOneWindowPerSeries() throws Exception {
        StringBuilder b = new StringBuilder("id,y\n");
        for (String id : new String[] {"a", "b"}) {
            for (int i = 0; i < 30; i++) {
                b.append(id).append(',').append(i % 7).append('\n');
            }
        }
        Files.writeString(dir.resolve("two.csv"), b);
        Cli.Result r = Cli.run(dir, "train", "--id", "id", "--layout", "window", "--window", "5", "--stride",
                "2147483647", "--val-split", "0", "--hidden", "2", "--epochs", "1", "--plot", "none", "--out", "run",
                "two.csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("stride 2147483647: 2 windows"), r.err());
    }
}
