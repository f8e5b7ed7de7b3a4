package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import rnn.testing.SpecialFiles;
import org.junit.jupiter.api.Test;

/**
 * Results that cannot be written: a failed write of stdout is an error (exit 4, one line), a closed pipe stops
 * the work and ends quietly (141), and {@code -o} never replaces anything but a regular file.
 */
class OutputErrorsTest extends SmallRunTest {

    /** About the size of the predictions of sunspots (290 rows of "line,prediction"). */
    private static final long ROWS_TEXT = 290 * 20;

    /** A writer that accepts {@code capacity} characters, then fails every write with {@code message}. */
    private static final class FailingWriter extends Writer {
        private final String message;
        private long capacity;
        /** Characters offered, written or not: how much work was done. */
        long attempted;

        FailingWriter(long capacity, String message) {
            this.capacity = capacity;
            this.message = message;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            attempted += len;
            if (len > capacity) {
                capacity = 0;
                throw new IOException(message);
            }
            capacity -= len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static int predict(Writer stdout, LogCapture log, String... more) {
        String[] args = new String[] {"predict", "--model", dir.resolve("run").toString(), "--batch-size", "1"};
        String[] all = new String[args.length + more.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        all[all.length - 1] = UseFixture.sunspots().toString();
        return Main.run(ResultWriter.to(stdout), new PrintWriter(new StringWriter()), all);
    }

    @Test
    void aFailedWriteOfStdoutIsAnIoErrorAndStopsTheWork() {
        FailingWriter full = new FailingWriter(200, "No space left on device");
        try (LogCapture log = new LogCapture()) {
            int code = predict(full, log);
            assertEquals(ExitCodes.MODEL_OR_IO, code, log.text());
            assertTrue(log.text().contains("error: stdout: cannot write the results (No space left on device); check "
                    + "the disk or device stdout goes to, or write to a file\n"), log.text());
            assertFalse(log.text().contains("wrote "), "no success line: " + log.text());
        }
        assertTrue(full.attempted < ROWS_TEXT / 10, "stopped at the first failed flush, not after all 290 rows: "
                + full.attempted + " characters offered");
    }

    @Test
    void aClosedPipeStopsTheWorkQuietlyWithStatus141() {
        FailingWriter pipe = new FailingWriter(200, "Broken pipe");
        try (LogCapture log = new LogCapture()) {
            int code = predict(pipe, log);
            assertEquals(ExitCodes.BROKEN_PIPE, code, log.text());
            assertFalse(log.text().contains("error"), "quiet: " + log.text());
            assertFalse(log.text().contains("wrote "), log.text());
        }
        assertTrue(pipe.attempted < ROWS_TEXT / 10, "stopped at the first failed flush, not after all 290 rows: "
                + pipe.attempted + " characters offered");
    }

    /**
     * {@code rnn predict ... | head -1} with a real pipe in a child JVM: 141, nothing on stderr. The data is the
     * sunspot file 64 times over (about 20,000 prediction rows, 600 KB), more than a pipe's buffer holds (64 KiB on
     * Linux), so the child is still writing when the reader goes away, however slow the reader is.
     */
    @Test
    void aReaderThatClosesEarlyEndsTheChildWith141AndNoMessage() throws Exception {
        Path err = dir.resolve("pipe-err.txt");
        List<String> lines = Files.readAllLines(UseFixture.sunspots(), StandardCharsets.UTF_8);
        List<String> repeated = new ArrayList<>(lines.subList(0, 1));
        for (int i = 0; i < 64; i++) {
            repeated.addAll(lines.subList(1, lines.size()));
        }
        Path big = Files.write(dir.resolve("sunspots-64.csv"), repeated, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(Cli.command("predict", "--model", dir.resolve("run").toString(),
                big.toString())).directory(dir.toFile()).redirectError(err.toFile());
        pb.environment().put("CI", "true");
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertTrue(r.readLine().startsWith("line,pred_"), "the header came");
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "predict did not stop after its reader went away");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.BROKEN_PIPE, p.exitValue(), stderr);
        assertFalse(stderr.contains("error"), stderr);
    }

    @Test
    void outOntoAFifoIsRefusedAndTheFifoStays() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("pred.fifo"));
        try (LogCapture log = new LogCapture()) {
            int code = predict(new StringWriter(), log, "-o", fifo.toString());
            assertEquals(ExitCodes.MODEL_OR_IO, code, log.text());
            assertTrue(log.text().contains("error: -o " + fifo + ": a FIFO (named pipe), not a regular file; -o "
                    + "writes a new file and renames it into place, which would replace it: name a regular file or "
                    + "a new path, or redirect stdout (> " + fifo + ")\n"), log.text());
        }
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the FIFO is still a FIFO");
    }

    @Test
    void outOntoADirectoryIsRefused() throws Exception {
        Path d = Files.createDirectories(dir.resolve("a-dir"));
        try (LogCapture log = new LogCapture()) {
            int code = predict(new StringWriter(), log, "-o", d.toString());
            assertEquals(ExitCodes.MODEL_OR_IO, code, log.text());
            assertTrue(log.text().contains("error: -o " + d + ": a directory, not a regular file; "), log.text());
        }
        assertTrue(Files.isDirectory(d));
    }

    @Test
    void outOntoASymbolicLinkReplacesItsFileAndKeepsTheLink() throws Exception {
        Path file = Files.writeString(dir.resolve("old-pred.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("pred-link.csv"), file);
        assertEquals(0, predict(new StringWriter(), null, "-o", link.toString()));
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.readString(file).startsWith("line,pred_"), "its file holds the predictions");
    }
}
