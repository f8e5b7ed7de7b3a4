package rnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length N, N bytes of JSON header
 * ({@code {"name": {"dtype": "F64", "shape": [r, c], "data_offsets": [begin, end]}, ..., "__metadata__":
 * {"key": "text"}}}), padded with spaces to a multiple of 8, then the raw little-endian tensor bytes, offsets
 * relative to the end of the header.
 *
 * <p>Writing: to a temporary file in the target directory, forced to disk, then atomically renamed over the
 * target, so a crash or a full disk never leaves a torn file and never damages the previous one.
 *
 * <p>Reading trusts nothing: the header length against the file size and {@link #MAX_HEADER_BYTES}, the JSON,
 * every dtype, shape and offset (in range, sizes matching dtype × shape, no overlap, no gap, covering the data
 * exactly) and, when the metadata carries one, the SHA-256 of the tensor bytes — before a single value is used.
 * Any violation is a {@link CheckpointException} naming the file and the problem.
 */
public final class SafeTensors {

    /** A header larger than this is refused (a lying length must not make us allocate gigabytes). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The metadata key holding the hex SHA-256 of the tensor bytes. */
    public static final String CHECKSUM_KEY = "sha256";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tensor: a name, a shape, and its values (stored as F64, or read from F64/F32). */
    public record Tensor(String name, long[] shape, double[] values) {
        public Tensor {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n
                        + " values, got " + values.length);
            }
        }
    }

    /** A whole file: tensors in file order, and the metadata strings. */
    public record Contents(List<Tensor> tensors, Map<String, String> metadata) {
        /** The tensor with this name, or null. */
        public Tensor tensor(String name) {
            for (Tensor t : tensors) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    private SafeTensors() {
    }

    /**
     * Writes tensors (as F64) and metadata atomically. The SHA-256 of the tensor bytes is added to the metadata
     * as {@value #CHECKSUM_KEY}.
     *
     * @throws IOException when the file cannot be written (the previous file at {@code path}, if any, is intact)
     */
    public static void write(Path path, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        long dataBytes = 0;
        for (Tensor t : tensors) {
            dataBytes += 8L * t.values().length;
        }
        if (dataBytes > Integer.MAX_VALUE - 64) {
            throw new IOException(path + ": the tensors (" + dataBytes + " bytes) are too large for one file");
        }
        ByteBuffer data = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F64");
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + 8L * t.values().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
            for (double v : t.values()) {
                data.putDouble(v);
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(CHECKSUM_KEY, sha256(data.array()));
        ObjectNode m = header.putObject("__metadata__");
        meta.forEach(m::put);
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded);
        head.put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        data.flip();
        AtomicFiles.write(path, head, data);
    }

    /**
     * Reads and validates a file.
     *
     * @throws CheckpointException the file is missing, unreadable, or not a valid safetensors file
     */
    public static Contents read(Path path) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                throw new CheckpointException(path + ": is a directory, not a checkpoint file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + ": no such checkpoint file; check the path");
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read the checkpoint (" + e.getMessage() + ")");
        }
        return parse(path.toString(), bytes);
    }

    /** Validates and decodes the bytes of a safetensors file; {@code name} is used in messages. */
    public static Contents parse(String name, byte[] bytes) {
        if (bytes.length < 8) {
            throw corrupt(name, "the file has " + bytes.length + " bytes, fewer than the 8-byte header length");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER_BYTES) {
            throw corrupt(name, "the header length is " + n + " bytes, expected 2 to " + MAX_HEADER_BYTES);
        }
        if (n > bytes.length - 8L) {
            throw corrupt(name, "the header length is " + n + " bytes but only " + (bytes.length - 8)
                    + " follow (the file is truncated)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw corrupt(name, "the header is not valid JSON (error at character " + at + " of " + n + ")");
        }
        if (header == null || !header.isObject()) {
            throw corrupt(name, "the header is not a JSON object");
        }
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        record Entry(String name, String dtype, long[] shape, long begin, long end) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (f.getKey().equals("__metadata__")) {
                if (!v.isObject()) {
                    throw corrupt(name, "__metadata__ is not an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext();) {
                    Map.Entry<String, JsonNode> e = m.next();
                    if (!e.getValue().isTextual()) {
                        throw corrupt(name, "metadata \"" + e.getKey() + "\" is not a string");
                    }
                    metadata.put(e.getKey(), e.getValue().asText());
                }
                continue;
            }
            String t = f.getKey();
            if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
                    || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
                throw corrupt(name, "tensor \"" + t + "\" lacks a dtype, a shape or two data_offsets");
            }
            String dtype = v.get("dtype").asText();
            int width = switch (dtype) {
                case "F64" -> 8;
                case "F32" -> 4;
                default -> throw corrupt(name, "tensor \"" + t + "\" has dtype " + dtype + ", expected F64 or F32");
            };
            JsonNode s = v.get("shape");
            if (s.size() > 8) {
                throw corrupt(name, "tensor \"" + t + "\" has " + s.size() + " dimensions");
            }
            long[] shape = new long[s.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!s.get(i).canConvertToLong() || !s.get(i).isIntegralNumber() || s.get(i).asLong() < 0) {
                    throw corrupt(name, "tensor \"" + t + "\" has an invalid shape " + s);
                }
                shape[i] = s.get(i).asLong();
                try {
                    count = Math.multiplyExact(count, shape[i]);
                } catch (ArithmeticException overflow) {
                    count = Long.MAX_VALUE;
                }
                if (count > dataLength) {
                    throw corrupt(name, "tensor \"" + t + "\" of shape " + s + " is larger than the file");
                }
            }
            JsonNode o = v.get("data_offsets");
            if (!o.get(0).isIntegralNumber() || !o.get(1).isIntegralNumber()) {
                throw corrupt(name, "tensor \"" + t + "\" has non-integer data_offsets " + o);
            }
            long begin = o.get(0).asLong();
            long end = o.get(1).asLong();
            if (begin < 0 || end < begin || end > dataLength) {
                throw corrupt(name, "tensor \"" + t + "\" has data_offsets " + o + " outside the " + dataLength
                        + " data bytes (the file is truncated or its header is wrong)");
            }
            if (end - begin != count * width) {
                throw corrupt(name, "tensor \"" + t + "\" has " + (end - begin) + " bytes, expected "
                        + count * width + " for " + dtype + " " + s);
            }
            entries.add(new Entry(t, dtype, shape, begin, end));
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expect = 0;
        for (Entry e : sorted) {
            if (e.begin() != expect) {
                throw corrupt(name, "tensor \"" + e.name() + "\" starts at byte " + e.begin() + ", expected "
                        + expect + (e.begin() < expect ? " (tensors overlap)" : " (a gap in the data)"));
            }
            expect = e.end();
        }
        if (expect != dataLength) {
            throw corrupt(name, "the tensors cover " + expect + " of " + dataLength + " data bytes");
        }
        String checksum = metadata.get(CHECKSUM_KEY);
        if (checksum != null) {
            String actual = sha256(Arrays.copyOfRange(bytes, dataStart, bytes.length));
            if (!actual.equals(checksum)) {
                throw corrupt(name, "the tensor bytes do not match their SHA-256 checksum (the file was modified "
                        + "or damaged)");
            }
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) dataLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        List<Tensor> tensors = new ArrayList<>();
        for (Entry e : entries) {
            int count = (int) ((e.end() - e.begin()) / (e.dtype().equals("F64") ? 8 : 4));
            double[] values = new double[count];
            for (int i = 0; i < count; i++) {
                values[i] = e.dtype().equals("F64") ? data.getDouble((int) e.begin() + 8 * i)
                        : data.getFloat((int) e.begin() + 4 * i);
            }
            tensors.add(new Tensor(e.name(), e.shape(), values));
        }
        return new Contents(tensors, metadata);
    }

    private static CheckpointException corrupt(String file, String what) {
        return new CheckpointException(file + ": corrupt checkpoint: " + what
                + "; use another checkpoint (the run directory keeps the last few)");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
