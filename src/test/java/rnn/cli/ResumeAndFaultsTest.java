package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;

/**
 * Exact resume, incompatible resume, divergence, and interruption by SIGINT, SIGTERM and SIGKILL — each in a
 * child JVM, as a batch job would meet them.
 */
class ResumeAndFaultsTest {

    @TempDir
    Path dir;

    /** 10 epochs straight, and 5 then --resume to 10, give bit-identical weights and identical loss rows. */
    @Test
    void resumeIsBitIdenticalToAStraightRun() throws Exception {
        String[] common = {"--cell", "lstm", "--hidden", "8,6", "--dropout", "0.2", "--batch-size", "16",
            "--lr-schedule", "plateau", Cli.sunspots().toString()};
        assertEquals(0, Cli.run(dir, concat(new String[] {"train", "--epochs", "10", "--out", "straight"}, common))
                .code());
        assertEquals(0, Cli.run(dir, concat(new String[] {"train", "--epochs", "5", "--out", "split"}, common)).code());
        Cli.Result r = Cli.run(dir, "train", "--resume", "split", "--epochs", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming from "), r.err());
        assertSameWeights(dir.resolve("straight/last.safetensors"), dir.resolve("split/last.safetensors"));
        assertEquals(withoutSeconds(dir.resolve("straight/loss.csv")), withoutSeconds(dir.resolve("split/loss.csv")));
    }

    @Test
    void resumingWithAnotherArchitectureIsRefused() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run",
                Cli.sunspots().toString()).code());
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--cell", "lstm", "--hidden", "8", "--epochs", "2");
        assertEquals(2, r.code(), r.err());
        assertEquals("rnn: --resume run: incompatible options: --cell: the run being resumed used \"gru\", got "
                + "\"lstm\"; --hidden: the run being resumed used \"4\", got \"8\"; start a new run instead (see 'rnn "
                + "train --help')", r.lastErrLine());
    }

    /** Early stopping ends the run after P epochs without improvement, with the best epoch's weights. */
    @Test
    void earlyStoppingKeepsTheBestWeights() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--hidden", "16", "--epochs", "200", "--lr", "0.05",
                "--early-stopping", "2", "--out", "run", "--json", Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("early-stopped", s.get("status").asText());
        int epochs = s.get("epochs").asInt();
        assertTrue(epochs < 200, "stopped early at " + epochs);
        assertEquals(epochs - 2, s.get("best_epoch").asInt());
        assertTrue(r.err().contains("early stopping: no better validation loss for 2 epochs; restoring the weights "
                + "of epoch " + (epochs - 2)), r.err());
        Checkpoint best = Checkpoint.read(dir.resolve("run/best.safetensors"));
        assertEquals(Integer.toString(epochs - 2), best.metadata().get("epoch"));
        SafeTensors.Contents bestTensors = SafeTensors.read(dir.resolve("run/best.safetensors"));
        SafeTensors.Contents lastTensors = SafeTensors.read(dir.resolve("run/last.safetensors"));
        for (SafeTensors.Tensor t : bestTensors.tensors()) {
            if (!t.name().startsWith("optim.")) { // last keeps the optimizer state of the stop epoch
                assertArrayEquals(t.values(), lastTensors.tensor(t.name()).values(), t.name());
            }
        }

        // resumed with more epochs, the run gets its patience back and says so
        Cli.Result resumed = Cli.run(dir, "train", "--resume", "run", "--epochs", Integer.toString(epochs + 20));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming an early-stopped run: patience restarts (2 epochs)"),
                resumed.err());
        int resumedEpochs = Integer.parseInt(Checkpoint.read(dir.resolve("run/last.safetensors")).metadata()
                .get("epoch"));
        assertTrue(resumedEpochs >= epochs + 2, "trained on to " + resumedEpochs + " after stopping at " + epochs);
    }

    @Test
    void aChangedInputFileIsAWarningOnResume() throws Exception {
        Path csv = dir.resolve("data.csv");
        Files.copy(Cli.sunspots(), csv);
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run", "data.csv").code());
        Files.writeString(csv, Files.readString(csv).replace("2008-07-01,2.9", "2008-07-01,3.0"));
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: data.csv has changed since the run started (SHA-256 "), r.err());
    }

    @Test
    void aCorruptCheckpointIsRefusedWithExitFour() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run",
                Cli.sunspots().toString()).code());
        Path last = dir.resolve("run/last.safetensors");
        byte[] b = Files.readAllBytes(last);
        b[b.length - 1] ^= 1;
        Files.write(last, b);
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "2");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.lastErrLine().startsWith("error: " + Path.of("run", "last.safetensors") + ": corrupt checkpoint: the "
                + "tensor bytes do not match their SHA-256 checksum"), r.lastErrLine());
    }

    /** A diverging run stops with exit 1, names epoch and batch, and leaves the last good checkpoint alone. */
    @Test
    void divergenceExitsOneAndKeepsTheLastGoodCheckpoint() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--out", "run",
                Cli.sunspots().toString()).code());
        byte[] good = Files.readAllBytes(dir.resolve("run/last.safetensors"));
        Files.delete(dir.resolve("run/loss.png"));
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "4", "--optimizer", "sgd", "--lr", "1e300",
                "--clip-norm", "0");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.lastErrLine().matches("error: training diverged: the loss became (NaN|Infinity) at epoch 3, "
                + "batch \\d+ .*; the last good checkpoint is .*last.safetensors; try a lower --lr \\(now 1\\.000e\\+300\\) "
                + "or a tighter --clip-norm \\(now 0\\.000\\)"), r.lastErrLine());
        assertArrayEquals(good, Files.readAllBytes(dir.resolve("run/last.safetensors")));
        assertTrue(Files.exists(dir.resolve("run/loss.png")), "the plot of epochs 1-2 is drawn after the failure");
    }

    /**
     * A full disk, simulated by a file-size limit (ulimit -f; the JVM ignores SIGXFSZ, so writes fail with EFBIG as
     * they would with ENOSPC): the run fails with exit 4 and leaves the earlier checkpoint intact and no temporary
     * file behind.
     */
    @Test
    void aFullDiskFailsWithExitFourWithoutDamagingEarlierFiles() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "32", "--epochs", "1", "--out", "run",
                Cli.sunspots().toString()).code());
        byte[] good = Files.readAllBytes(dir.resolve("run/last.safetensors"));
        String last = lastLineOfAFullDiskRun("train", "--resume", "run", "--epochs", "3");
        assertTrue(last.matches("error: .*safetensors: cannot write \\(.*\\); earlier files of "
                + "the run are intact; free space or choose another --out, then --resume"), last);
        assertArrayEquals(good, Files.readAllBytes(dir.resolve("run/last.safetensors")));
        try (var files = Files.walk(dir.resolve("run"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temporary file left");
        }
    }

    /**
     * The run's files are written on a background thread ({@code rnn.io.BackgroundWrites}): a write that fails at
     * the very end of a run (here the first checkpoint of a one-epoch run, past a file-size limit) still ends it
     * with exit 4 and the message, never with exit 0 and a missing checkpoint.
     */
    @Test
    void aWriteThatFailsInTheLastEpochStillFailsTheRun() throws Exception {
        String last = lastLineOfAFullDiskRun("train", "--hidden", "32", "--epochs", "1", "--out", "run",
                Cli.sunspots().toString());
        assertTrue(last.matches("error: .*best\\.safetensors: cannot write \\(.*\\); earlier "
                + "files of the run are intact; free space or choose another --out, then --resume"), last);
        assertTrue(Files.notExists(dir.resolve("run/last.safetensors")), "no checkpoint claimed after the failure");
    }

    /**
     * The run's last write (pruning the epoch checkpoints after the final one; here it meets a directory where an
     * old checkpoint would be) failing still fails the run with exit 4: nothing is submitted after it, so only the
     * trainer's final wait for its writes reports it; the checkpoint written before it stays.
     */
    @Test
    void aFailureOfTheRunsLastWriteFailsTheRun() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run",
                Cli.sunspots().toString()).code());
        Path odd = Files.createDirectories(dir.resolve("run/checkpoints/epoch-0000.safetensors"));
        Files.writeString(odd.resolve("note.txt"), "not a checkpoint");
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "2", "--keep", "1");
        assertEquals(4, r.code(), r.err());
        assertEquals("error: " + dir.resolve("run").resolve("checkpoints") + ": cannot write (a directory that is not "
                + "empty: " + odd + "); earlier files of the run are intact; free space or choose another --out, then "
                + "--resume", r.lastErrLine());
        assertTrue(Files.exists(dir.resolve("run/checkpoints/epoch-0002.safetensors")), "epoch 2's checkpoint");
    }

    /**
     * Runs rnn ARGS in a child JVM whose files may grow to 64 KiB (ulimit -f; the JVM ignores SIGXFSZ, so writes
     * fail with EFBIG as they would with ENOSPC), asserts exit code 4 and returns the last line of its output.
     */
    private String lastLineOfAFullDiskRun(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "-c", "ulimit -f 64; exec \"$0\" \"$@\""));
        cmd.addAll(Cli.command(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
        // a bound against hanging, not a speed check
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run did not end");
        String log = Files.readString(dir.resolve("log.txt"));
        assertEquals(4, p.exitValue(), log);
        String[] lines = log.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void sigtermWritesACheckpointAndExits143() throws Exception {
        interruptAndResume("TERM", 143);
    }

    @Test
    void sigintWritesACheckpointAndExits130() throws Exception {
        interruptAndResume("INT", 130);
    }

    /**
     * Interrupted wherever the signal happens to land (after the first epoch's line: at an epoch boundary or
     * within the second epoch) and resumed, a run ends with the weights and loss rows of the same run done in one
     * go. (The deterministic mid-epoch cases, a stop after a chosen batch, are rnn.train.TrainerTest's.)
     */
    @Test
    void resumeAfterAnInterruptionIsBitIdenticalToAStraightRun() throws Exception {
        String[] common = {"--hidden", "48", "--batch-size", "8", "--epochs", "8", Cli.sunspots().toString()};
        assertEquals(0, Cli.run(dir, concat(new String[] {"train", "--out", "straight"}, common)).code());
        Child child = new Child(dir, concat(new String[] {"train", "--out", "run"}, common));
        child.awaitEpoch(1);
        child.signal("TERM");
        assertEquals(143, child.exitCode(), child.err());
        Cli.Result r = Cli.run(dir, "train", "--resume", "run");
        assertEquals(0, r.code(), r.err());
        assertSameWeights(dir.resolve("straight/last.safetensors"), dir.resolve("run/last.safetensors"));
        assertEquals(withoutSeconds(dir.resolve("straight/loss.csv")), withoutSeconds(dir.resolve("run/loss.csv")));
    }

    /** kill -9 at an arbitrary moment: the last checkpoint is loadable and the run resumes. */
    @Test
    void sigkillLeavesTheLastCheckpointLoadable() throws Exception {
        Child child = startLongRun();
        child.awaitEpoch(2);
        child.process.destroyForcibly();
        child.exitCode();
        Checkpoint.read(dir.resolve("run/last.safetensors")); // validates sizes, offsets and checksum
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "1000", "--early-stopping", "1");
        assertEquals(0, r.code(), r.err());
    }

    private void interruptAndResume(String signal, int code) throws Exception {
        Child child = startLongRun();
        child.awaitEpoch(1);
        child.signal(signal);
        assertEquals(code, child.exitCode(), child.err());
        assertTrue(Files.exists(dir.resolve("run/loss.png")), "no plot after SIG" + signal);
        assertTrue(child.err().contains("SIG" + signal
                + " received: finishing the current batch and writing a checkpoint"), child.err());
        String stopLine = "(?m)^warning: SIG" + signal + ": stopped (during epoch \\d+ after batch \\d+ of \\d+|after "
                + "epoch \\d+); resume with --resume run$";
        assertTrue(java.util.regex.Pattern.compile(stopLine).matcher(child.err()).find(), child.err());
        Checkpoint c = Checkpoint.read(dir.resolve("run/last.safetensors"));
        assertTrue(Integer.parseInt(c.metadata().get("epoch")) >= 1);
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "1000", "--early-stopping", "1");
        assertEquals(0, r.code(), r.err());
    }

    /** Training that would take minutes: 1000 epochs of a larger model, checkpointing every epoch. */
    private Child startLongRun() throws Exception {
        return new Child(dir, "train", "--hidden", "48", "--epochs", "1000", "--batch-size", "8", "--out", "run",
                Cli.sunspots().toString());
    }

    /**
     * {@code rnn} in a child JVM whose stderr is read line by line as it comes, so that a test waits for an event
     * (a line), never for a time. The child starts with SIGINT at its default disposition ({@code env
     * --default-signal=INT}, coreutils ≥ 8.31): a JVM that inherits an ignored SIGINT (a background job, nohup)
     * could not install its handler, and the SIGINT test would wait in vain.
     */
    private static final class Child {
        /** Generous bounds that only fail a test that hangs; no assertion is made on speed. */
        private static final long LINE_TIMEOUT_SECONDS = 300;
        private static final long EXIT_TIMEOUT_SECONDS = 300;
        private static final String END = "\u0000end of stderr";

        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer err = new StringBuffer();
        private final Thread reader;

        Child(Path dir, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
            cmd.addAll(Cli.command(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(dir.resolve("out.txt").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("CI", "true");
            process = pb.start();
            reader = new Thread(() -> {
                try (BufferedReader r = process.errorReader()) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        err.append(line).append('\n');
                        lines.add(line);
                    }
                } catch (IOException e) {
                    err.append("(reading stderr failed: ").append(e.getMessage()).append(")\n");
                } finally {
                    lines.add(END);
                }
            }, "child-stderr");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the child logs the line of epoch {@code n} (written after that epoch's checkpoint). */
        void awaitEpoch(int n) throws InterruptedException {
            String prefix = "epoch " + n + ": train ";
            while (true) {
                String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (line == null) {
                    fail("no output for " + LINE_TIMEOUT_SECONDS + " s while waiting for epoch " + n + ":\n" + err);
                }
                if (line.equals(END)) {
                    fail("the run ended before epoch " + n + ":\n" + err);
                }
                if (line.contains(prefix)) {
                    return;
                }
            }
        }

        void signal(String name) throws IOException, InterruptedException {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor());
        }

        /** Waits for the child to end and its stderr to be read; its exit code. */
        int exitCode() throws InterruptedException {
            assertTrue(process.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS), "the run did not stop:\n" + err);
            reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_SECONDS));
            return process.exitValue();
        }

        String err() {
            return err.toString();
        }
    }

    private static void assertSameWeights(Path a, Path b) {
        SafeTensors.Contents x = SafeTensors.read(a);
        SafeTensors.Contents y = SafeTensors.read(b);
        assertEquals(x.tensors().size(), y.tensors().size());
        for (SafeTensors.Tensor t : x.tensors()) {
            assertArrayEquals(t.values(), y.tensor(t.name()).values(), t.name());
        }
    }

    /** loss.csv rows without the wall-clock seconds column (the one value that may differ). */
    private static List<String> withoutSeconds(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[5] = "";
            return String.join(",", f);
        }).toList();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
