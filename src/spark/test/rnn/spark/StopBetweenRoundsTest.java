package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during a data-parallel epoch (a child JVM; 4,000 rows, K = 1: about 50 rounds an epoch) stops the run
 * between two rounds, not at the epoch's end: exit 143, last.safetensors at the epoch's start, and a resume trains
 * the epoch again to exactly the uninterrupted run's result.
 */
class StopBetweenRoundsTest {

    @TempDir
    Path dir;

    @Test
    void aSignalBetweenRoundsAbandonsTheEpochAndAResumeRepeatsItExactly() throws Exception {
        StringBuilder s = new StringBuilder("t,x\n");
        for (int i = 0; i < 4000; i++) {
            s.append(i).append(',').append(Math.sin(i / 20.0) + 0.3 * Math.sin(i / 7.0)).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("series.csv"), s);
        String[] options = {"--spark", "local[2]", "--workers", "2", "--sync-every", "1", "--epochs", "1",
            "--seed", "3", "--hidden", "8", "--no-progress", "--plot", "none"};
        Path run = dir.resolve("stopped");
        Process p = SparkRuns.java(dir, "stopped", "rnn.cli.Main", Map.of(), with(options, "train", "--out",
                run.toString(), csv.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path log = run.resolve("train.log");
        while (!(Files.exists(log) && Files.readString(log).contains("data-parallel: 2 workers"))) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the run did not start its rounds");
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("stopped.err"));
        assertEquals(143, p.exitValue(), err);
        assertTrue(err.contains("SIGTERM: stopped after epoch 0; resume with --resume " + run), err);
        assertTrue(Files.readString(log).contains("data-parallel: stop requested after batch "), err);

        SparkRuns.train("--resume", run.toString(), "--epochs", "1", "--spark", "local[2]", "--workers", "2");
        Path whole = dir.resolve("whole");
        String[] uninterrupted = with(options, "--out", whole.toString(), csv.toString());
        SparkRuns.train(java.util.Arrays.copyOfRange(uninterrupted, 0, uninterrupted.length));
        SparkRuns.assertSameTensors(whole.resolve("last.safetensors"), run.resolve("last.safetensors"));
    }

    private static String[] with(String[] options, String... first) {
        java.util.List<String> all = new java.util.ArrayList<>();
        boolean command = first.length > 0 && first[0].equals("train");
        if (command) {
            all.add("train");
            all.addAll(java.util.List.of(options));
            all.addAll(java.util.List.of(first).subList(1, first.length));
        } else {
            all.addAll(java.util.List.of(options));
            all.addAll(java.util.List.of(first));
        }
        return all.toArray(String[]::new);
    }
}
