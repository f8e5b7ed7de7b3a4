package rnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.random.Rng;

class SafeTensorsTest {

    /** The end of every corrupt-checkpoint message. */
    private static final String USE_ANOTHER = "; use another checkpoint (the run directory keeps the last few)";
    private static final String CHECKSUM_MISMATCH = "the tensor bytes do not match their SHA-256 checksum (the file "
            + "was modified or damaged)";

    @TempDir
    Path dir;

    private static List<SafeTensors.Tensor> sample() {
        return List.of(
                new SafeTensors.Tensor("layers.0.weight_ih_l0", new long[] {3, 2}, new double[] {1, -2, 3.5, 0, 1e-300, -0.0}),
                new SafeTensors.Tensor("head.bias", new long[] {1}, new double[] {Math.PI}));
    }

    @Test
    void roundTripIsExact() throws IOException {
        Path f = dir.resolve("a.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "rnn-checkpoint"));
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals(2, c.tensors().size());
        assertArrayEquals(sample().get(0).values(), c.tensor("layers.0.weight_ih_l0").values());
        assertArrayEquals(new long[] {3, 2}, c.tensor("layers.0.weight_ih_l0").shape());
        assertEquals(Math.PI, c.tensor("head.bias").values()[0]);
        assertEquals("rnn-checkpoint", c.metadata().get("format"));
        assertEquals(64, c.metadata().get(SafeTensors.CHECKSUM_KEY).length());
        // layout: 8-byte length, header padded to a multiple of 8
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 7 * 8, bytes.length);
        // no temporary file is left behind
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void readsF32TensorsAsWrittenByOtherTools() {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1.5f).putFloat(-2f);
        SafeTensors.Contents c = SafeTensors.parse("torch.safetensors", b.array());
        assertArrayEquals(new double[] {1.5, -2.0}, c.tensor("w").values());
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = valid();
        assertCorrupt("x.safetensors", "tensor \"head.bias\" has data_offsets [48,56] outside the 50 data bytes (the "
                + "file is truncated or its header is wrong)", Arrays.copyOf(bytes, bytes.length - 6));
        assertCorrupt("x.safetensors", "the tensors cover 56 of 60 data bytes", Arrays.copyOf(bytes, bytes.length + 4));
        assertCorrupt("x.safetensors", "the file has 5 bytes, fewer than the 8-byte header length",
                Arrays.copyOf(bytes, 5));
    }

    @Test
    void bitFlipInTheDataFailsTheChecksum() throws IOException {
        byte[] bytes = valid();
        bytes[bytes.length - 3] ^= 0x10;
        assertCorrupt("x.safetensors", CHECKSUM_MISMATCH, bytes);
    }

    @Test
    void oversizedHeaderLength() throws IOException {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        assertCorrupt("x.safetensors", "the header length is 1099511627776 bytes, expected 2 to 104857600", bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(5000);
        assertCorrupt("x.safetensors", "the header length is 5000 bytes but only " + (bytes.length - 8) + " follow "
                + "(the file is truncated)", bytes);
    }

    /** Headers whose entries contradict each other or the file; each entry is name, dtype, shape, data_offsets. */
    @Test
    void lyingOffsetsAndShapes() {
        assertCorrupt("x", "tensor \"w\" has 16 bytes, expected 24 for F64 [3]",
                file(16, entry("w", "F64", "[3]", "[0,16]")));
        assertCorrupt("x", "tensor \"b\" starts at byte 0, expected 8 (tensors overlap)",
                file(16, entry("a", "F64", "[1]", "[0,8]"), entry("b", "F64", "[1]", "[0,8]")));
        assertCorrupt("x", "tensor \"w\" has data_offsets [0,80] outside the 8 data bytes (the file is truncated or "
                + "its header is wrong)", file(8, entry("w", "F64", "[1]", "[0,80]")));
        assertCorrupt("x", "tensor \"w\" of shape [10] is larger than the file",
                file(8, entry("w", "F64", "[10]", "[0,80]")));
        assertCorrupt("x", "tensor \"w\" has dtype I64, expected F64 or F32",
                file(8, entry("w", "I64", "[1]", "[0,8]")));
        assertCorrupt("x", "tensor \"w\" of shape [4294967296,4294967296] is larger than the file",
                file(8, entry("w", "F64", "[4294967296,4294967296]", "[0,8]")));
        assertCorrupt("x", "the header is not valid JSON (error at character 5 of 5)", file("{\"w\":", 0));
    }

    @Test
    void missingFileAndDirectory() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.read(dir.resolve("none.safetensors")));
        assertEquals(dir.resolve("none.safetensors") + ": no such checkpoint file; check the path", e.getMessage());
        assertEquals(4, e.exitCode());
        e = assertThrows(CheckpointException.class, () -> SafeTensors.read(dir));
        assertEquals(dir + ": is a directory, not a checkpoint file", e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
        Path f = dir.resolve("keep.safetensors");
        SafeTensors.write(f, sample(), Map.of());
        byte[] before = Files.readAllBytes(f);
        Path missingDir = dir.resolve("gone").resolve("keep.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.write(missingDir, sample(), Map.of()));
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    /**
     * 2,000 seeded mutations of a valid file (bit flips anywhere, truncation, a random header length, a character
     * of the header replaced, junk appended). Each is rejected with the one-line "corrupt checkpoint" message, or
     * accepted; and an accepted file that carries a checksum has exactly the original tensor bytes (compared byte
     * by byte here, not through the reader), so the reader returns the original shapes and bit-identical values:
     * what the checksum vouches for is what is read. An accepted file without a checksum is one whose mutation
     * destroyed the checksum's key (the reader reads files without one, such as PyTorch's, unchecked).
     */
    @Test
    void everyMutationIsRejectedOrReadsTheOriginalValues() throws IOException {
        byte[] good = valid();
        byte[] goodData = dataSection(good);
        List<SafeTensors.Tensor> original = sample();
        Rng rng = new Rng(2024);
        int acceptedWithChecksum = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] b = mutate(good, rng);
            SafeTensors.Contents c;
            try {
                c = SafeTensors.parse("fuzz", b);
            } catch (CheckpointException e) {
                assertTrue(e.getMessage().startsWith("fuzz: corrupt checkpoint: ")
                        && e.getMessage().endsWith(USE_ANOTHER)
                        && !e.getMessage().contains("\n"), "mutation " + i + ": " + e.getMessage());
                continue;
            }
            if (c.metadata().get(SafeTensors.CHECKSUM_KEY) == null) {
                assertFalse(header(b).contains("\"" + SafeTensors.CHECKSUM_KEY + "\""),
                        "mutation " + i + " read without a checksum, yet its header has the key");
                continue;
            }
            acceptedWithChecksum++;
            assertArrayEquals(goodData, dataSection(b), "mutation " + i + " changed a tensor byte and was accepted");
            assertEquals(original.size(), c.tensors().size(), "mutation " + i);
            for (int t = 0; t < original.size(); t++) {
                assertArrayEquals(original.get(t).shape(), c.tensors().get(t).shape(), "mutation " + i);
                assertArrayEquals(bits(original.get(t).values()), bits(c.tensors().get(t).values()),
                        "mutation " + i);
            }
        }
        // the accepted branch is exercised (mutations of header padding and metadata text leave a valid file)
        assertTrue(acceptedWithChecksum > 0, "no accepted mutation: the property above was never checked");
    }

    /** Every single-bit flip of every tensor byte fails the checksum, with its message. */
    @Test
    void everyBitFlipInTheDataFailsTheChecksum() throws IOException {
        byte[] good = valid();
        int dataStart = good.length - dataSection(good).length;
        for (int at = dataStart; at < good.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = good.clone();
                b[at] ^= (byte) (1 << bit);
                assertCorrupt("x.safetensors", CHECKSUM_MISMATCH, b);
            }
        }
    }

    /** The bytes after the header, by the file's own header length (the whole rest when the length is absurd). */
    private static byte[] dataSection(byte[] b) {
        if (b.length < 8) {
            return new byte[0];
        }
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n < 0 || n > b.length - 8 ? new byte[0] : Arrays.copyOfRange(b, 8 + (int) n, b.length);
    }

    private static String header(byte[] b) {
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(b, 8, (int) Math.min(n, b.length - 8), StandardCharsets.UTF_8);
    }

    private static long[] bits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static byte[] mutate(byte[] good, Rng rng) {
        byte[] b = good.clone();
        switch (rng.nextInt(5)) {
            case 0 -> { // flip 1–4 random bits
                int flips = 1 + rng.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, rng.nextInt(b.length)); // truncate
            case 2 -> { // a random header length
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(rng.nextLong() >>> rng.nextInt(64));
            }
            case 3 -> { // replace a digit inside the header
                int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                int at = 8 + rng.nextInt(n);
                b[at] = (byte) "0123456789[]{}\",:-e".charAt(rng.nextInt(19));
            }
            default -> { // append junk
                b = Arrays.copyOf(b, b.length + 1 + rng.nextInt(16));
            }
        }
        return b;
    }

    private byte[] valid() throws IOException {
        Path f = dir.resolve("v.safetensors");
        SafeTensors.write(f, sample(), Map.of("format", "rnn-checkpoint"));
        return Files.readAllBytes(f);
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    /** A header of these {@link #entry entries} followed by {@code dataBytes} zero bytes. */
    private static byte[] file(int dataBytes, String... entries) {
        return file("{" + String.join(",", entries) + "}", dataBytes);
    }

    /** One tensor's header entry: {@code "name":{"dtype":…,"shape":…,"data_offsets":…}}. */
    private static String entry(String name, String dtype, String shape, String dataOffsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + dataOffsets
                + "}";
    }

    /** Parsing {@code bytes} as file {@code source} fails with exactly "source: corrupt checkpoint: what; use…". */
    private static void assertCorrupt(String source, String what, byte[] bytes) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.parse(source, bytes));
        assertEquals(source + ": corrupt checkpoint: " + what + USE_ANOTHER, e.getMessage());
    }
}
