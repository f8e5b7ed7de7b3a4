package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rnn generate --threads}: the same text from one thread and from two (each token's multiplies shared,
 * which models of this size do) for several seeds, temperatures and truncations; a bad count refused with exit 2;
 * no generation thread left running after the command returns, also when writing the text failed.
 */
class GenerateThreadsTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void train() throws IOException {
        Files.writeString(dir.resolve("tiny.txt"), TextRunTest.corpus(), StandardCharsets.UTF_8);
        // sizes at which every multiply of a token packs its operands, so that the two-thread step applies
        for (String cell : new String[] {"lstm", "gru", "rnn"}) {
            Run r = run("train", "tiny.txt", "--cell", cell, "--hidden", "64,80", "--epochs", "1", "--window", "20",
                    "--out", cell, "--seed", "5", "--quiet", "--no-progress", "--plot", "none");
            assertEquals(0, r.code, r.err);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = args.clone();
        // the text, --out and --model name files in the test's directory
        for (int i = 0; i < full.length; i++) {
            if (full[i].equals("tiny.txt") || (i > 0 && (full[i - 1].equals("--out") || full[i - 1].equals("--model")))) {
                full[i] = dir.resolve(full[i]).toString();
            }
        }
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm", "gru", "rnn"})
    void twoThreadsWriteTheTextOfOne(String cell) {
        String[][] draws = {{"--seed", "1"}, {"--seed", "7", "--temperature", "0.7"},
            {"--seed", "3", "--top-k", "5", "--temperature", "1.3"}, {"--seed", "9", "--top-p", "0.8"}};
        for (String[] draw : draws) {
            String[] common = {"generate", "--model", cell, "--prime", "the cat", "--length", "300", "--quiet"};
            Run one = run(concat(common, draw, "--threads", "1"));
            Run two = run(concat(common, draw, "--threads", "2"));
            assertEquals(0, one.code, one.err);
            assertEquals(0, two.code, two.err);
            assertTrue(one.out.startsWith("the cat") && one.out.length() > 300, one.out);
            assertEquals(one.out, two.out, String.join(" ", draw));
            assertFalse(generationThreadAlive(), "a generation thread is left after the command");
        }
    }

    @Test
    void aNegativeThreadCountIsAUsageError() {
        Run r = run("generate", "--model", "lstm", "--threads", "-1");
        assertEquals(ExitCodes.USAGE, r.code, r.err);
        assertEquals("rnn: --threads: expected 0 (automatic) or a positive number, got -1 (see 'rnn generate "
                + "--help')", r.err.lines().filter(l -> l.startsWith("rnn: ")).findFirst().orElse(r.err));
        assertEquals("", r.out);
    }

    /** The output fails after some tokens (a full disk): exit 4, and the partner thread has ended. */
    @Test
    void noThreadIsLeftWhenWritingFails() {
        Writer failing = new Writer() {
            private int written;

            @Override
            public void write(char[] c, int off, int len) throws IOException {
                written += len;
                if (written > 2000) {
                    throw new IOException("No space left on device");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(ResultWriter.to(failing), new PrintWriter(err), "generate", "--model",
                dir.resolve("lstm").toString(), "--length", "100000", "--threads", "2", "--quiet");
        assertEquals(ExitCodes.MODEL_OR_IO, code, err.toString());
        assertFalse(generationThreadAlive(), "a generation thread is left after the failed command");
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        String[] all = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    /** Whether the partner of a two-thread generation ({@code rnn-generate-partner}) is alive. */
    private static boolean generationThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("rnn-generate-partner") && t.isAlive());
    }

    /**
     * The text reaches stdout as it is generated, not at the end: at every line end (and at least 50 times a
     * second), so a reader sees it grow; here every flush but the last comes before the text is complete.
     */
    @Test
    void theTextIsFlushedAsItGoes() {
        StringBuilder written = new StringBuilder();
        java.util.List<Integer> flushedAt = new java.util.ArrayList<>();
        Writer recording = new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                written.append(c, off, len);
            }

            @Override
            public void flush() {
                flushedAt.add(written.length());
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(recording), new PrintWriter(err), "generate", "--model",
                dir.resolve("lstm").toString(), "--length", "3000", "--seed", "2", "--quiet");
        assertEquals(0, code, err.toString());
        long lines = written.chars().filter(ch -> ch == '\n').count();
        assertTrue(lines > 5, "the corpus' model writes lines: " + lines);
        long early = flushedAt.stream().filter(n -> n < written.length()).count();
        assertTrue(early >= lines - 1, early + " flushes before the end, " + lines + " lines");
        assertTrue(flushedAt.size() < written.length() / 2, "not a write per token: " + flushedAt.size());
    }
}
