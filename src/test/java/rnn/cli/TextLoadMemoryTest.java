package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory bound of loading a character text (issue #11): at most 2 bytes per token beyond the ids' own array
 * (2 bytes a token). A 24 MB ASCII text (24,000,000 tokens) is loaded as {@code rnn train --layout text} loads it
 * ({@code rnn bench --text-load}) in a child JVM of {@code -Xmx112m}: 48 MB of ids and 48 MB of allowance plus
 * 16 MB for the JVM. Decoding through an {@code int[]} of code points (4 bytes a token next to the file's bytes and
 * the ids, 7 at the peak) does not fit.
 */
class TextLoadMemoryTest {

    private static final int MB = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aCharacterTextOf24MegabytesLoadsWithin4BytesATokenOfHeap() throws Exception {
        Path file = dir.resolve("big.txt");
        byte[] line = "The quick brown fox jumps over the lazy dog; 0123456789!\n".getBytes(StandardCharsets.US_ASCII);
        try (OutputStream o = Files.newOutputStream(file)) {
            for (int written = 0; written < 24 * MB; written += line.length) {
                o.write(line, 0, Math.min(line.length, 24 * MB - written));
            }
        }
        Cli.Result r = ClampsAndMemoryTest.run(dir, List.of("-Xmx112m"), "bench", "--text-load", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("24000000 tokens, vocabulary "), r.out());
    }

    /**
     * Words as well: 24 MB of 58-byte lines of 13 tokens each (5.4 million tokens, 11 MB of ids) in {@code -Xmx64m}.
     * Cutting words from an {@code int[]} of code points (96 MB) or building a string per token does not fit.
     */
    @Test
    void aWordTextOf24MegabytesLoadsWithoutAnArrayOfCodePoints() throws Exception {
        Path file = dir.resolve("words.txt");
        byte[] line = "The quick brown fox jumps over the lazy dog; 0123456789!\n".getBytes(StandardCharsets.US_ASCII);
        int lines = 24 * MB / line.length;
        try (OutputStream o = Files.newOutputStream(file)) {
            for (int i = 0; i < lines; i++) {
                o.write(line);
            }
        }
        Cli.Result r = ClampsAndMemoryTest.run(dir, List.of("-Xmx64m"), "bench", "--text-load", file.toString(),
                "--text-load-tokens", "word");
        assertEquals(0, r.code(), r.err());
        // The quick brown fox jumps over the lazy dog ; 0123456789 ! \n, and <unk>
        assertTrue(r.out().contains(" " + 13L * lines + " tokens, vocabulary 14:"), r.out());
    }
}
