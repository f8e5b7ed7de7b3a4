package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.options;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import rnn.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DATA is read once, as a stream: a named pipe and standard input load as a file does, and the SHA-256 is that of
 * the bytes parsed (checked against MessageDigest over the same bytes).
 */
class ReadOnceTest {

    @TempDir
    Path dir;

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] sunspots() throws IOException {
        return Files.readAllBytes(Path.of("sample-data", "sunspots.csv"));
    }

    /** A FIFO written once by another thread: a second reading would wait forever (the timeout ends the test). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNamedPipeIsLoadedAndDigestedInOneReading() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("data.fifo"));
        byte[] csv = sunspots();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(csv);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        DataInput input = DataInput.file(fifo).withSha256();
        LoadedData d = DataLoader.load(input, options());
        writer.get(30, TimeUnit.SECONDS);
        assertEquals(289, d.train().size(), "sunspots' 309 rows: 289 windows of 20 + 1");
        assertEquals(sha256(csv), input.sha256());
    }

    @Test
    void standardInputIsStreamedAndDigested() throws Exception {
        byte[] csv = sunspots();
        DataInput input = DataInput.stdin(new ByteArrayInputStream(csv)).withSha256();
        LoadedData d = DataLoader.load(input, options());
        assertEquals(289, d.train().size());
        assertEquals(sha256(csv), input.sha256());
        assertThrows(IllegalStateException.class, input::open, "a stream is opened once");
    }

    @Test
    void aBadByteOnStandardInputIsNamedByLineWithoutReadingTwice() {
        byte[] csv = {'a', ',', 'b', '\n', '1', ',', '2', '\n', (byte) 0xE9, ',', '3', '\n'};
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(
                DataInput.stdin(new ByteArrayInputStream(csv)), options()));
        assertEquals("<stdin>:3: expected UTF-8 text, got the byte 0xE9; save the file as UTF-8 (this looks like "
                + "another encoding such as Latin-1, or a binary file)", e.getMessage());
    }

    /** Multi-byte characters across every read boundary decode as String does; line counts are exact. */
    @Test
    void theStreamingDecoderAgreesWithStringOnEveryBoundary() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.append(i % 7 == 0 ? "\n" : i % 3 == 0 ? "é" : i % 5 == 0 ? "€" : i % 11 == 0 ? "\uD83D\uDE00" : "a");
        }
        String text = sb.toString();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + (pos % 5))); // short reads that split characters
            }
        };
        StringWriter out = new StringWriter();
        try (Reader r = new Utf8Reader(trickle)) {
            r.transferTo(out);
        }
        assertEquals(text, out.toString());
        byte[] bad = (text.substring(0, 100) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBad = java.util.Arrays.copyOf(bad, bad.length + 1);
        withBad[bad.length] = (byte) 0xFF;
        long lines = 1 + (text.substring(0, 100) + "\n").chars().filter(c -> c == '\n').count();
        Utf8Reader.BadByte e = assertThrows(Utf8Reader.BadByte.class,
                () -> new Utf8Reader(new ByteArrayInputStream(withBad)).transferTo(new StringWriter()));
        assertEquals(lines, e.line);
        assertEquals(0xFF, e.value);
        assertTrue(lines > 10);
    }
}
