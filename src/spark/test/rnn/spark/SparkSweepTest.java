package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.cli.Main;

/**
 * {@code rnn sweep --spark local[2]}: one Spark task per trial, each training its trial in a child JVM; the
 * leaderboard is the one the same sweep gives locally (every trial is seeded, and results do not depend on where or
 * on how many threads a run trains), and a second run of the command skips the finished trials.
 */
class SparkSweepTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run sweep(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--out", out.toString(), "--grid",
                "hidden=3,6;lr=1e-3,2e-2", "--epochs", "2", "--window", "6", "--plot", "none", "--log-level", "warn"));
        args.addAll(List.of(extra));
        args.add(SparkRuns.SUNSPOTS.toString());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
        return new Run(code, o.toString(), e.toString());
    }

    /** leaderboard.csv without its last column (the run directory, which differs between the two sweeps). */
    private static List<String> board(Path sweep) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(sweep.resolve("leaderboard.csv"))) {
            rows.add(line.substring(0, line.lastIndexOf(',')));
        }
        return rows;
    }

    @Test
    void aSweepThroughSparkGivesTheLocalSweepsLeaderboardAndResumes() throws IOException {
        Run local = sweep(dir.resolve("local"), "--parallel", "2");
        assertEquals(0, local.code(), local.err());
        Run spark = sweep(dir.resolve("spark"), "--spark", "local[2]");
        assertEquals(0, spark.code(), spark.err());
        List<String> expected = board(dir.resolve("local"));
        assertEquals(5, expected.size(), String.join("\n", expected)); // the header and four trials
        assertEquals(expected, board(dir.resolve("spark")));
        assertEquals(local.out(), spark.out(), "the Markdown table on stdout");
        for (int i = 0; i < 4; i++) {
            Path trial = dir.resolve("spark").resolve("trial-00" + i);
            assertTrue(Files.isRegularFile(trial.resolve("best.safetensors")), trial.toString());
            SparkRuns.assertSameTensors(dir.resolve("local").resolve("trial-00" + i).resolve("best.safetensors"),
                    trial.resolve("best.safetensors"));
            assertTrue(Files.readString(dir.resolve("spark/logs/trial-00" + i + ".log")).contains("epoch 2:"),
                    "the trial's output is in its log");
        }
        Path log = dir.resolve("spark/logs/trial-000.log");
        long before = Files.size(log);
        Run again = sweep(dir.resolve("spark"), "--spark", "local[2]");
        assertEquals(0, again.code(), again.err());
        assertEquals(before, Files.size(log), "a finished trial is not run again");
        assertEquals(expected, board(dir.resolve("spark")));
    }

    /** A trial that fails in its task is listed as failed with its error line, and the sweep exits 1. */
    @Test
    void aFailedTrialIsListedWithItsErrorLine() throws IOException {
        List<String> args = List.of("sweep", "--out", dir.resolve("f").toString(), "--grid", "lr=1e-3,1e300",
                "--optimizer", "sgd", "--clip-norm", "0", "--hidden", "3", "--epochs", "1", "--window", "6", "--plot",
                "none", "--log-level", "warn", "--spark", "local[2]", SparkRuns.SUNSPOTS.toString());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args.toArray(String[]::new));
        assertEquals(1, code, e.toString());
        String failed = Files.readAllLines(dir.resolve("f/leaderboard.csv")).stream()
                .filter(l -> l.contains("trial-001")).findFirst().orElseThrow();
        assertTrue(failed.contains(",failed,") && failed.contains("training diverged: the loss became"), failed);
    }

    @Test
    void sparkGoesWithNeitherTrialNorEmit() {
        Run trial = sweep(dir.resolve("t"), "--spark", "local[2]", "--trial", "1");
        assertEquals(2, trial.code());
        assertTrue(trial.err().contains("--spark: expected no --trial (--trial runs one trial in this process), got "
                + "--trial 1"), trial.err());
        Run emit = sweep(dir.resolve("e"), "--spark", "local[2]", "--emit", "slurm", dir.resolve("s").toString());
        assertEquals(2, emit.code());
        assertTrue(emit.err().contains("--spark: expected no --emit (--emit writes scripts for another scheduler), "
                + "got --emit slurm"), emit.err());
        Run blank = sweep(dir.resolve("b"), "--spark", " ");
        assertEquals(2, blank.code());
        assertTrue(blank.err().contains("--spark: expected a Spark master URL such as local[*]"), blank.err());
    }
}
