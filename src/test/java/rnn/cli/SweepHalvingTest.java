package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.sweep.Halving;
import rnn.sweep.InProcessExecutor;
import rnn.sweep.Searches;
import rnn.sweep.SweepLock;
import rnn.sweep.SweepRunner;
import rnn.sweep.SweepSpec;

/**
 * Successive halving stops the worst trials: two trials that cannot learn (a learning rate of 1e-9) and two that
 * do; after the first rung (1 epoch) the best half by the test's own reading of each loss.csv continue (resumed,
 * their first epoch kept) to the last rung (2 epochs) and the others are "stopped at rung 0". A trial that fails
 * is listed as failed with its error line and the sweep ends with exit code 1.
 */
class SweepHalvingTest {

    @TempDir
    Path dir;

    @Test
    void halvingStopsTheWorstAndResumesTheBest() throws IOException {
        Path data = SweepFixture.sine(dir, 80);
        Path sweep = dir.resolve("sweep");
        // the runner as rnn sweep --halving builds it, with trials in this JVM (the same train runs, no JVM starts)
        SweepSpec spec = new SweepSpec(data, List.of("--hidden", "8", "--window", "6", "--batch-size", "8", "--plot",
                "none"), Searches.grid("--grid", Map.of("lr", List.of("1e-9", "2e-2", "2e-9", "1e-2"))),
                Halving.of("--min-epochs", "--eta", 1, 2, 2), 2);
        try (SweepLock lock = SweepLock.acquire(sweep)) {
            spec.recordIn(sweep);
        }
        SweepRunner.Outcome outcome;
        try (InProcessExecutor executor = new InProcessExecutor(Main::run)) {
            outcome = new SweepRunner(spec, sweep, executor, new SweepRunner.Settings(1, 1, List.of("--no-progress")))
                    .runAll();
        }
        assertEquals(0, outcome.exitCode(), outcome.summary());
        assertEquals("4 trials: 2 done, 2 stopped by halving; leaderboard in " + sweep.resolve("leaderboard.csv"),
                outcome.summary());

        // the test's own ranking after rung 0: epoch 1's validation loss in each trial's loss.csv
        List<String> byEpochOne = new ArrayList<>(List.of("trial-000", "trial-001", "trial-002", "trial-003"));
        byEpochOne.sort(Comparator.comparingDouble(t -> valLoss(sweep.resolve(t), 1)));
        Set<String> survivors = Set.copyOf(byEpochOne.subList(0, 2));
        assertEquals(Set.of("trial-001", "trial-003"), survivors, "the trials that learn rank first");

        List<String[]> board = SweepFixture.csvRows(sweep.resolve("leaderboard.csv"));
        for (String[] row : board) {
            String trial = row[1];
            Path run = sweep.resolve(trial);
            int epochs = Files.readAllLines(run.resolve("loss.csv")).size() - 1;
            if (survivors.contains(trial)) {
                assertEquals("done", row[6], String.join(",", row));
                assertEquals(2, epochs);
                assertEquals("2", row[5]);
                assertEquals(2, Files.readAllLines(run.resolve("train.log")).stream().filter(l -> l.contains("model: "))
                        .count(), "resumed into the same run (a restart would have replaced its train.log)");
            } else {
                assertEquals("stopped at rung 0", row[6], String.join(",", row));
                assertEquals(1, epochs, "a stopped trial trains no further");
                assertEquals("1", row[5]);
            }
        }
        assertEquals(survivors, board.subList(0, 2).stream().map(x -> x[1]).collect(Collectors.toSet()),
                "the continued trials lead the leaderboard");
        assertTrue(outcome.leaderboard().markdown().contains("| stopped at rung 0 |"));
    }

    @Test
    void aFailedTrialIsListedWithItsErrorAndTheSweepExitsOne() throws IOException {
        Path data = SweepFixture.sine(dir, 60);
        Path sweep = dir.resolve("failing");
        SweepFixture.Result r;
        try (LogCapture log = new LogCapture()) {
            r = SweepFixture.run(SweepFixture.sweep(sweep, data, "--grid", "tbptt=0,50", "--hidden", "3",
                    "--epochs", "1", "--window", "5", "--plot", "none", "--parallel", "2"));
            assertTrue(log.text().contains("error: 2 trials: 1 done, 1 failed; leaderboard in "
                    + sweep.resolve("leaderboard.csv") + "; run the same command again to resume or retry the "
                    + "others\n"), log.text());
        }
        assertEquals(1, r.code(), r.err());
        List<String[]> board = SweepFixture.csvRows(sweep.resolve("leaderboard.csv"));
        assertEquals("trial-000", board.get(0)[1]);
        assertEquals("done", board.get(0)[6]);
        assertEquals("trial-001", board.get(1)[1]);
        assertEquals("failed", board.get(1)[6]);
        assertEquals("--tbptt 50: longer than the sequences (5 steps), so it would truncate nothing; use a value of "
                + "at most 5 or 0 for full BPTT", board.get(1)[7]);
        assertEquals("", board.get(1)[3], "no validation loss");
        assertTrue(r.out().contains("| 2 | trial-001 | 50 |  | 0 | 0 | failed: --tbptt 50: longer than the sequences"),
                r.out());
    }

    private static double valLoss(Path run, int epoch) {
        try {
            String[] row = Files.readAllLines(run.resolve("loss.csv")).get(epoch).split(",");
            return Double.parseDouble(row[2]);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
