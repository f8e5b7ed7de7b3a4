package rnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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

    /**
     * A header larger than this is refused (a lying length must not make us allocate gigabytes), and a writer
     * never writes one: the one limit on the header, and so on every metadata string in it.
     */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** The most values one tensor may hold (a Java array's limit, with room to spare). */
    public static final long MAX_TENSOR_VALUES = Integer.MAX_VALUE - 16;
    /** The tensor bytes are read and hashed this many at a time (a multiple of every dtype's width). */
    private static final int READ_CHUNK_BYTES = 1 << 16;
    /** The metadata key holding the hex SHA-256 of the tensor bytes. */
    public static final String CHECKSUM_KEY = "sha256";

    /** Header JSON: no string limit besides the header's own ({@link #MAX_HEADER_BYTES}). */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength((int) MAX_HEADER_BYTES).build())
            .build());

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
     * @throws IOException         when the file cannot be written (the previous file at {@code path}, if any, is
     *                             intact)
     * @throws CheckpointException when its header would be larger than {@link #MAX_HEADER_BYTES}, so that no
     *                             reader would accept it (nothing is written)
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
        if (padded > MAX_HEADER_BYTES) {
            throw new CheckpointException(path + ": the checkpoint's header would be " + padded + " bytes, more than "
                    + "the " + MAX_HEADER_BYTES + " a reader accepts, so it is not written (too many columns or "
                    + "classes: their names are stored in it); use fewer columns");
        }
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
     * Reads and validates a file. Only a regular file is opened (a directory, FIFO, device or socket is refused
     * before any byte is read); the header is read only after its length was checked against the file's size and
     * {@link #MAX_HEADER_BYTES}, and the tensors only after every dtype, shape and offset was checked against the
     * file's size and their values against the memory this JVM may still use: nothing allocated here is larger
     * than twice the file.
     *
     * @throws CheckpointException the file is missing, unreadable, not a regular file, or not a valid safetensors
     *                             file
     */
    public static Contents read(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + ": no such checkpoint file; check the path");
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read the checkpoint (" + e.getMessage() + ")");
        }
        if (attributes.isDirectory()) {
            throw new CheckpointException(path + ": is a directory, not a checkpoint file");
        }
        if (!attributes.isRegularFile()) {
            throw new CheckpointException(path + ": is not a regular file (a FIFO, device or socket), so it is not "
                    + "read as a checkpoint; name a .safetensors file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return parse(path.toString(), new ChannelSource(channel, path.toString()));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path + ": no such checkpoint file; check the path");
        } catch (IOException e) {
            throw new CheckpointException(path + ": cannot read the checkpoint (" + e.getMessage() + ")");
        }
    }

    /** Validates and decodes the bytes of a safetensors file; {@code name} is used in messages. */
    public static Contents parse(String name, byte[] bytes) {
        try {
            return parse(name, new ArraySource(bytes));
        } catch (IOException e) {
            throw new IllegalStateException("reading an array cannot fail", e);
        }
    }

    /** Where the bytes of a file come from: random access to its first {@link #size()} bytes. */
    private interface Source {
        long size() throws IOException;

        /** Fills {@code dst} from byte {@code position} on; a file shorter than that is a corrupt one. */
        void read(long position, ByteBuffer dst) throws IOException;
    }

    private record ArraySource(byte[] bytes) implements Source {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, ByteBuffer dst) {
            dst.put(bytes, (int) position, dst.remaining());
        }
    }

    private record ChannelSource(FileChannel channel, String name) implements Source {
        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            long at = position;
            while (dst.hasRemaining()) {
                int n = channel.read(dst, at);
                if (n < 0) {
                    throw corrupt(name, "the file ended at byte " + at + " while it was read (it is truncated or "
                            + "was changed meanwhile)");
                }
                at += n;
            }
        }
    }

    /** One tensor's header entry, checked against the file's size. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
        int width() {
            return dtype.equals("F64") ? 8 : 4;
        }

        int count() {
            return (int) ((end - begin) / width());
        }
    }

    private static Contents parse(String name, Source file) throws IOException {
        long size = file.size();
        if (size < 8) {
            throw corrupt(name, "the file has " + size + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        file.read(0, prefix);
        long n = prefix.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES) {
            if (isText(prefix.array())) {
                throw new CheckpointException(name + ": not a safetensors checkpoint: it begins with the text \""
                        + new String(prefix.array(), StandardCharsets.ISO_8859_1).replace("\n", "\\n").replace("\r", "\\r")
                        .replace("\t", "\\t") + "\" (a JSON, CSV or other text "
                        + "file?), not with an 8-byte header length; name a .safetensors file written by rnn train "
                        + "or PyTorch");
            }
            throw corrupt(name, "the header length is " + n + " bytes, expected 2 to " + MAX_HEADER_BYTES);
        }
        if (n > size - 8) {
            throw corrupt(name, "the header length is " + n + " bytes but only " + (size - 8)
                    + " follow (the file is truncated)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        file.read(8, headerBytes);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw corrupt(name, "the header is not valid JSON (error at character " + at + " of " + n + ")");
        }
        if (header == null || !header.isObject()) {
            throw corrupt(name, "the header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataLength = size - dataStart;

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                readMetadata(name, f.getValue(), metadata);
            } else {
                entries.add(entry(name, f.getKey(), f.getValue(), dataLength));
            }
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
        checkMemory(name, sorted);
        Map<String, double[]> values = readValues(name, file, dataStart, sorted, metadata.get(CHECKSUM_KEY));
        List<Tensor> tensors = new ArrayList<>();
        for (Entry e : entries) {
            tensors.add(new Tensor(e.name(), e.shape(), values.get(e.name())));
        }
        return new Contents(tensors, metadata);
    }

    /** Whether these bytes are printable ASCII text (or line breaks and tabs): a text file, not a length. */
    private static boolean isText(byte[] b) {
        for (byte x : b) {
            if (!(x >= 0x20 && x < 0x7f || x == '\n' || x == '\r' || x == '\t')) {
                return false;
            }
        }
        return true;
    }

    private static void readMetadata(String name, JsonNode v, Map<String, String> metadata) {
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
    }

    /** A tensor's entry, its shape's size (overflow-safe) and offsets checked against {@code dataLength}. */
    private static Entry entry(String name, String t, JsonNode v, long dataLength) {
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
        if (count > MAX_TENSOR_VALUES) {
            throw new CheckpointException(name + ": tensor \"" + t + "\" holds " + count + " values, more than "
                    + "the " + MAX_TENSOR_VALUES + " one tensor may hold here; it cannot be read");
        }
        return new Entry(t, dtype, shape, begin, end);
    }

    /**
     * Refuses tensors whose values (8 bytes each, as doubles) would not fit in the memory this JVM may still use,
     * before any of them is allocated.
     */
    private static void checkMemory(String name, List<Entry> entries) {
        long values = 0;
        for (Entry e : entries) {
            values += e.count();
        }
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long needed = 8 * values;
        if (needed > available) {
            long mb = 1024 * 1024;
            throw new CheckpointException(name + ": reading its " + values + " tensor values needs " + needed / mb
                    + " MB of memory, but this JVM can use only " + available / mb + " MB more; give it more with "
                    + "RNN_JAVA_OPTS=-Xmx" + ((rt.maxMemory() + needed) / mb / 1024 + 1) + "g");
        }
    }

    /**
     * Reads the data section in file order ({@code sorted} covers it exactly) in chunks, decoding each tensor
     * into its own array and hashing every byte; the hash must match {@code checksum} when there is one.
     */
    private static Map<String, double[]> readValues(String name, Source file, long dataStart, List<Entry> sorted,
                                                    String checksum) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, double[]> values = new java.util.HashMap<>();
        for (Entry e : sorted) {
            double[] v = new double[e.count()];
            int width = e.width();
            int i = 0;
            long at = e.begin();
            while (at < e.end()) {
                chunk.clear();
                chunk.limit((int) Math.min(chunk.capacity(), e.end() - at));
                file.read(dataStart + at, chunk);
                chunk.flip();
                sha.update(chunk.array(), 0, chunk.limit());
                while (chunk.hasRemaining()) {
                    v[i++] = width == 8 ? chunk.getDouble() : chunk.getFloat();
                }
                at += chunk.limit();
            }
            values.put(e.name(), v);
        }
        if (checksum != null && !HexFormat.of().formatHex(sha.digest()).equals(checksum)) {
            throw corrupt(name, "the tensor bytes do not match their SHA-256 checksum (the file was modified "
                    + "or damaged)");
        }
        return values;
    }

    private static CheckpointException corrupt(String file, String what) {
        return new CheckpointException(file + ": corrupt checkpoint: " + what
                + "; use another checkpoint (the run directory keeps the last few)");
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
