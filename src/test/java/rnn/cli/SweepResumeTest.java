package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial's child process killed by SIGTERM in mid-run: the sweep ends with exit code 1 and lists it as
 * interrupted; running the same command again skips the finished trial and resumes the killed one from its
 * checkpoint (its first epochs are kept as they were, not trained again) to the end.
 */
class SweepResumeTest {

    /** A guard against a hung sweep, not a timing assertion. */
    private static final long GUARD_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void aKilledTrialResumesFromItsCheckpointAndFinishedTrialsAreSkipped() throws Exception {
        Path data = SweepFixture.sine(dir, 80);
        Path sweep = dir.resolve("sweep");
        // trial-000 is tiny and quick; trial-001 (96 units) is the one killed
        String[] args = SweepFixture.sweep(sweep, data, "--grid", "hidden=2,96", "--epochs", "12", "--window", "6",
                "--batch-size", "16", "--plot", "none", "--parallel", "2");
        CompletableFuture<SweepFixture.Result> running = CompletableFuture.supplyAsync(() -> SweepFixture.run(args));
        Path killedRun = sweep.resolve("trial-001");
        ProcessHandle child = awaitChild(killedRun, running);
        awaitRows(killedRun.resolve("loss.csv"), 2, running);
        assertTrue(child.destroy(), "SIGTERM sent"); // a real signal: the child writes a checkpoint and exits 143
        SweepFixture.Result first = running.get(GUARD_SECONDS, TimeUnit.SECONDS);

        assertEquals(1, first.code(), first.err());
        List<String[]> board = SweepFixture.csvRows(sweep.resolve("leaderboard.csv"));
        assertEquals("trial-001", rowOf(board, "trial-001")[1]);
        assertEquals("interrupted", rowOf(board, "trial-001")[6]);
        assertEquals("done", rowOf(board, "trial-000")[6]);
        List<String> before = Files.readAllLines(killedRun.resolve("loss.csv"));
        int done = before.size() - 1;
        assertTrue(done >= 2 && done < 12, "killed in mid-run after epoch " + done);
        FileTime finished = Files.getLastModifiedTime(sweep.resolve("trial-000").resolve("last.safetensors"));

        SweepFixture.Result second;
        try (LogCapture log = new LogCapture()) {
            second = SweepFixture.run(args);
            assertTrue(log.text().contains("1 of 2 trials already trained to 12 epochs; skipping them"), log.text());
            assertTrue(log.text().contains("trial-001 (hidden=96): resuming from its checkpoint to 12 epochs"),
                    log.text());
        }
        assertEquals(0, second.code(), second.err());
        assertEquals(finished, Files.getLastModifiedTime(sweep.resolve("trial-000").resolve("last.safetensors")),
                "the finished trial was not trained again");
        List<String> after = Files.readAllLines(killedRun.resolve("loss.csv"));
        assertEquals(13, after.size(), "header and 12 epochs");
        // the rows of the epochs before the kill (their wall-clock seconds included) are kept: resumed, not restarted
        int checkpointed = Math.min(done, after.size() - 1);
        assertEquals(before.subList(0, checkpointed), after.subList(0, checkpointed));
        assertEquals(2, Files.readAllLines(killedRun.resolve("train.log")).stream()
                .filter(l -> l.contains("model: ")).count(), "two attempts logged in the run's train.log");
        JsonRows.assertDone(SweepFixture.csvRows(sweep.resolve("leaderboard.csv")));
    }

    private static String[] rowOf(List<String[]> rows, String trial) {
        return rows.stream().filter(r -> r[1].equals(trial)).findFirst().orElseThrow();
    }

    /** The child process training into {@code run}, once it has started. */
    private static ProcessHandle awaitChild(Path run, CompletableFuture<?> sweep) throws InterruptedException {
        String marker = run.toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (System.nanoTime() < deadline && !sweep.isDone()) {
            Optional<ProcessHandle> p = ProcessHandle.current().descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains(marker)).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(5); // polling a condition, not a synchronisation by time
        }
        throw new AssertionError("no child process trains into " + run);
    }

    private static void awaitRows(Path lossCsv, int rows, CompletableFuture<?> sweep) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (System.nanoTime() < deadline && !sweep.isDone()) {
            if (Files.exists(lossCsv) && Files.readAllLines(lossCsv).size() > rows) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(lossCsv + " did not reach " + rows + " epochs while the sweep ran");
    }

    /** Checks on the leaderboard's rows. */
    private static final class JsonRows {
        static void assertDone(List<String[]> rows) throws IOException {
            for (String[] r : rows) {
                assertEquals("done", r[6], String.join(",", r));
                assertEquals("12", r[5]);
            }
        }
    }
}
