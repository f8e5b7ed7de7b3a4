package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import rnn.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM outside the training loop (here: while the data is being read) stops the process at once with one
 * line and exit code 143; in the loop it finishes the batch and writes a checkpoint (ResumeAndFaultsTest).
 * The child reads its data from a FIFO, so the test knows it is reading: opening the FIFO for writing returns
 * only once the child has opened it for reading.
 */
class SigtermOutsideTrainingTest {

    @TempDir
    Path dir;

    @Test
    void sigtermWhileReadingTheDataStopsAtOnceWithOneLine() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("data.csv"));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = Cli.start(dir, out, err, "train", "--epochs", "1", "--plot", "none", "--out", "run",
                fifo.toString());
        try {
            CompletableFuture<OutputStream> opened = CompletableFuture.supplyAsync(() -> {
                try {
                    return new FileOutputStream(fifo.toFile());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (OutputStream writer = opened.get(120, TimeUnit.SECONDS)) { // the child is reading now
                writer.write("x,y\n1,2\n".getBytes(StandardCharsets.UTF_8));
                writer.flush();
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "SIGTERM did not stop the child");
            }
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(143, p.exitValue(), stderr);
        assertEquals("warning: SIGTERM received outside the training loop: stopped at once (exit code 143); "
                + "checkpoints written before stay", stderr.strip(), "one line, no stack trace");
    }
}
