package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sizes that are lowered with a note (a batch larger than the data, more threads than 4 per processor), the
 * working set checked once the data is loaded, and an OutOfMemoryError that gets past every check: one line,
 * exit 1. In child JVMs.
 */
class ClampsAndMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aBatchLargerThanTheDataIsTheWholeDataWithANote() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--batch-size", "2147483647", "--hidden", "4", "--epochs", "1",
                "--plot", "none", "--out", "run", Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        int note = lines.indexOf("warning: --batch-size 2147483647: more than the 231 training examples; using 231 "
                + "(one batch per epoch)");
        assertTrue(note >= 0 && note < lines.indexOf(lines.stream().filter(l -> l.startsWith("model: ")).findFirst()
                .orElseThrow()), r.err());
        assertEquals(231, new ObjectMapper().readTree(dir.resolve("run/config.json").toFile())
                .at("/training/batch_size").asInt());
    }

    @Test
    void moreThreadsThanFourPerProcessorAreLoweredWithANote() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--threads", "100000", "--hidden", "4", "--epochs", "1", "--plot",
                "none", "--out", "run", Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals("warning: --threads 100000: more than 4 per processor (" + cores + " processors); using "
                + 4 * cores + " threads", r.err().lines().findFirst().orElseThrow(), "the first line");
        assertEquals(4 * cores, new ObjectMapper().readTree(dir.resolve("run/config.json").toFile())
                .at("/training/threads").asInt());
    }

    @Test
    void aBatchOfActivationsBeyondAJavaArrayIsRefusedOnceTheDataIsKnown() throws Exception {
        StringBuilder b = new StringBuilder("y\n");
        for (int i = 0; i < 20000; i++) {
            b.append(String.format(Locale.ROOT, "%.4f%n", Math.sin(i / 10.0)));
        }
        Files.writeString(dir.resolve("long.csv"), b);
        Cli.run(dir, "train", "--window", "10000", "--batch-size", "10000", "--hidden", "64", "--val-split", "0",
                "--out", "run", "long.csv").assertError(2, "rnn: the 100000000 × 192 gate activations of a gru "
                + "layer of 64 units for a batch of 10000 sequences of 10000 steps would be 19200000000 numbers, more "
                + "than the 2147483639 one Java array can hold; lower --hidden, --batch-size or the sequence length "
                + "(--window, --steps) (see 'rnn train --help')");
    }

    @Test
    void aWorkingSetBeyondTheHeapIsRefusedWithTheFiguresAndTheFix() throws Exception {
        Cli.Result r = run(dir, List.of("-Xmx64m"), "train", "--gru-variant", "classic", "--window", "280",
                "--batch-size", "1000", "--hidden", "512", "--out", "run", Cli.sunspots().toString());
        assertEquals(2, r.code(), r.err());
        String line = r.lastErrLine().replaceFirst("more than the [0-9.]+ MB this JVM", "more than the X MB this JVM");
        assertEquals("rnn: training needs about 349.5 MB (790017 parameters: weights, gradients and optimizer state "
                + "31.6 MB; activations kept for a batch 317.9 MB; data 4.9 KB), more than the X MB this JVM may use; "
                + "lower --hidden, --batch-size or the sequence length (--window, --steps), or give Java more memory: "
                + "RNN_JAVA_OPTS=-Xmx417m (see 'rnn train --help')", line);
    }

    @Test
    void anOutOfMemoryErrorPastTheChecksEndsInOneLine() throws Exception {
        wideFile();
        assertOneOutOfMemoryLine(run(dir, List.of("-Xmx16m"), "train", "--out", "run", "wide.csv"));
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        wideFile();
        Cli.Result r = run(dir, List.of("-Xmx16m"), "train", "--debug", "--out", "run", "wide.csv");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("error: out of memory (Java heap space)") && r.err().contains(
                "java.lang.OutOfMemoryError: Java heap space\n\tat "), r.err());
    }

    @Test
    void runReportsAnOutOfMemoryErrorWithoutMainsThreadHandler() throws Exception {
        wideFile();
        assertOneOutOfMemoryLine(run(dir, List.of("-Xmx16m"), RunWithoutMain.class.getName(), "train", "--out", "run",
                "wide.csv"));
    }

    private void assertOneOutOfMemoryLine(Cli.Result r) {
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("warning:")).count(), r.err());
        assertTrue(r.lastErrLine().matches("error: out of memory \\(Java heap space\\): the JVM may use [0-9.]+ MB; "
                + "give Java more memory \\(RNN_JAVA_OPTS=-Xmx[0-9]+m scripts/rnn \\.\\.\\.\\), or use a smaller model "
                + "\\(--hidden, --batch-size, --window\\) or less data"), r.err());
    }

    private void wideFile() throws java.io.IOException {
        // 600 rows of 4000 columns: the table outgrows a 16 MB heap while it is read
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < 4000; c++) {
            b.append(c == 0 ? "" : ",").append('c').append(c);
        }
        b.append('\n');
        String row = "0.125,".repeat(3999) + "0.5\n";
        b.append(row.repeat(600));
        Files.writeString(dir.resolve("wide.csv"), b);
    }

    @Test
    void anOutOfMemoryErrorInAnotherThreadEndsInOneLine() throws Exception {
        Cli.Result r = run(dir, List.of(), OutOfMemoryInAThread.class.getName());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().strip().matches("error: out of memory \\(Java heap space\\): the JVM may use [0-9.]+ [MG]B; "
                + "give Java more memory \\(RNN_JAVA_OPTS=-Xmx[0-9]+[mg] scripts/rnn \\.\\.\\.\\), or use a smaller "
                + "model \\(--hidden, --batch-size, --window\\) or less data"), r.err());
    }

    /**
     * {@code java JVM_OPTIONS rnn.cli.Main ARGS} in {@code dir}; with the name of a class below as the first
     * argument, that class instead of Main.
     */
    static Cli.Result run(Path dir, List<String> jvmOptions, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(Cli.command(args));
        cmd.addAll(1, jvmOptions);
        int main = cmd.indexOf("rnn.cli.Main");
        if (args.length > 0 && args[0].startsWith(ClampsAndMemoryTest.class.getName())) {
            cmd.remove(main + 1);
            cmd.set(main, args[0]);
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("CI", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + cmd);
        return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code Main.run} alone, as an embedding program calls it: no handler of uncaught errors. */
    static final class RunWithoutMain {
        public static void main(String[] args) {
            System.exit(Main.run(args));
        }
    }

    /** A child whose other thread runs out of memory while the main thread waits for it. */
    static final class OutOfMemoryInAThread {
        public static void main(String[] args) throws InterruptedException {
            Main.reportOutOfMemoryInAnyThread(false);
            Thread t = new Thread(() -> {
                throw new OutOfMemoryError("Java heap space");
            }, "worker");
            t.start();
            t.join();
            System.out.println("the thread's error did not end the process");
        }
    }
}
