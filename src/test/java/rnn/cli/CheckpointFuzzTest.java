package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataException;
import rnn.data.DataLoader;
import rnn.data.Dataset;
import rnn.io.CheckpointException;
import rnn.nn.Compute;
import rnn.nn.RecurrentModel;
import rnn.random.Rng;
import rnn.use.PredictionWriter;
import rnn.use.Predictor;

/**
 * The checkpoint fuzz suite (issue #10, as {@code LoaderFuzzTest} for CSV): seeded mutations of valid checkpoints
 * of formats 1, 2 and 3 — metadata JSON values (numbers to extremes, negatives, NaN, strings, null; arrays shortened
 * and lengthened), metadata strings, tensor values, header shapes, offsets, dtypes and names, raw bytes — each
 * read, built and run over a small CSV exactly as {@code rnn predict} does ({@link ModelSource}, the data read with
 * the model's contract, {@link Predictor}, the prediction bound, {@link PredictionWriter}). Each must either
 * predict finite values or fail with a model error (exit 4) or a data error (exit 3) of one line: never an
 * OutOfMemoryError, another exception ("internal error") or a hang. Every 100th also runs through
 * {@link Main#run} to check the exit code the user sees.
 */
class CheckpointFuzzTest {

    private static final int MUTATIONS = Integer.getInteger("fuzz.n", 10_000);
    /** Every so many mutations also run through {@link Main#run} (slower: a picocli command line each). */
    private static final int THROUGH_MAIN_EVERY = 100;
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final Path FORMAT1 = Path.of("src/test/resources/format1").toAbsolutePath();

    @TempDir
    static Path dir;
    /** Valid checkpoints to mutate, each with the CSV it predicts. */
    static final List<Seed> SEEDS = new ArrayList<>();

    record Seed(byte[] bytes, Path data) {
    }

    @BeforeAll
    static void seeds() throws IOException {
        Path data = FORMAT1.resolve("sunspots-60.csv");
        Path w = UseFixture.train(data, dir.resolve("w"), "hidden", "2", "window", "5", "epochs", "1").dir()
                .resolve("best.safetensors");
        Path wide = dir.resolve("wide.csv");
        Files.write(wide, Files.readAllLines(CheckpointTrustTest.sample("sine-wide.csv")).subList(0, 41));
        Path wd = UseFixture.train(wide, dir.resolve("wd"), "hidden", "2", "layout", "wide", "steps", "16",
                "target", "next", "epochs", "1").dir().resolve("best.safetensors");
        Path seq = UseFixture.train(data, dir.resolve("seq"), "hidden", "2", "window", "4", "epochs", "1", "cell",
                "lstm", "output", "sequence").dir().resolve("best.safetensors");
        SEEDS.add(new Seed(Files.readAllBytes(w), data));
        SEEDS.add(new Seed(Files.readAllBytes(CheckpointEdit.of(w).asFormat2().write(dir.resolve("w2.st"))), data));
        SEEDS.add(new Seed(Files.readAllBytes(FORMAT1.resolve("run/best.safetensors")), data));
        SEEDS.add(new Seed(Files.readAllBytes(wd), wide));
        SEEDS.add(new Seed(Files.readAllBytes(seq), data));
    }

    /** What happened to one mutation. */
    enum Outcome { LOADED, MODEL_ERROR, DATA_ERROR }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyMutationPredictsFiniteValuesOrFailsWithOneDocumentedLine() throws IOException {
        Rng rng = new Rng(20261129);
        Path file = dir.resolve("fuzz.safetensors");
        int[] counts = new int[Outcome.values().length];
        int viaMain = 0;
        List<String> other = new ArrayList<>();
        for (int i = 0; i < MUTATIONS; i++) {
            Seed seed = SEEDS.get(rng.nextInt(SEEDS.size()));
            byte[] mutated = mutate(seed.bytes(), rng);
            overwrite(file, mutated);
            try {
                counts[predict(file, seed.data()).ordinal()]++;
            } catch (Throwable t) {
                if (other.size() < 10) {
                    other.add("mutation " + i + ": " + t);
                }
                continue;
            }
            if (i % THROUGH_MAIN_EVERY == 0) {
                UseFixture.Output o = UseFixture.run("predict", "--model", file.toString(), seed.data().toString());
                viaMain++;
                if (!(o.code() == 0 || o.code() == 3 || o.code() == 4) || o.code() == 0 && hasNonFiniteCell(o.out())) {
                    other.add("mutation " + i + " through rnn predict: exit " + o.code() + ": " + o.err());
                }
            }
        }
        System.out.printf("checkpoint fuzz: %d mutations: %d loaded and predicted finite values, %d model errors "
                        + "(exit 4), %d data errors (exit 3), %d anything else; %d also through rnn predict%n",
                MUTATIONS, counts[0], counts[1], counts[2], other.size(), viaMain);
        assertEquals(List.of(), other);
        assertTrue(counts[Outcome.LOADED.ordinal()] > 100, Arrays.toString(counts));
        assertTrue(counts[Outcome.MODEL_ERROR.ordinal()] > 1000, Arrays.toString(counts));
    }

    /**
     * Writes {@code bytes} over {@code file} in place, then cuts it to their length (on this machine's disk, 25
     * times faster than {@link Files#write}, which truncates first).
     */
    private static void overwrite(Path file, byte[] bytes) throws IOException {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b, b.position());
            }
            c.truncate(bytes.length);
        }
    }

    /** {@code rnn predict}'s path, in-process. */
    private static Outcome predict(Path model, Path data) throws IOException {
        try {
            ModelSource source = ModelSource.open(model, null, false);
            Dataset ds = DataLoader.loadForModel(data, source.schema().contract(), source.delimiter(),
                    DataLoader.Purpose.PREDICT);
            StringWriter out = new StringWriter();
            try (Compute compute = Compute.singleThreaded()) {
                RecurrentModel m = source.build(compute);
                PredictionWriter writer = new PredictionWriter(out, source.schema().contract(), ds);
                writer.writeHeader();
                Predictor.forEachBatch(m, ds, 64, (batch, pred) -> {
                    source.checkPredictions(pred, batch);
                    writer.write(batch, pred);
                });
            }
            if (hasNonFiniteCell(out.toString())) {
                throw new AssertionError("loaded, but predicted a non-finite value");
            }
            return Outcome.LOADED;
        } catch (CheckpointException e) {
            oneLine(e, 4, e.exitCode());
            return Outcome.MODEL_ERROR;
        } catch (DataException e) {
            oneLine(e, 3, e.exitCode());
            return Outcome.DATA_ERROR;
        }
    }

    /** Whether a data row of prediction CSV holds a cell NaN, Infinity or -Infinity. */
    static boolean hasNonFiniteCell(String csv) {
        return csv.lines().skip(1).flatMap(l -> Arrays.stream(l.split(",", -1)))
                .anyMatch(c -> c.equals("NaN") || c.equals("Infinity") || c.equals("-Infinity"));
    }

    private static void oneLine(RuntimeException e, int expected, int code) {
        if (code != expected || e.getMessage() == null || e.getMessage().contains("\n")) {
            throw new AssertionError("exit " + code + " / " + e.getMessage(), e);
        }
    }

    // ---- mutations ----

    static byte[] mutate(byte[] good, Rng rng) throws IOException {
        int kind = rng.nextInt(100);
        if (kind < 45) {
            return rewrite(good, rng, true);
        }
        if (kind < 60) {
            return tensorValue(good, rng);
        }
        if (kind < 85) {
            return rewrite(good, rng, false);
        }
        byte[] b = good.clone();
        for (int k = 1 + rng.nextInt(3); k > 0; k--) {
            b[rng.nextInt(b.length)] ^= (byte) (1 << rng.nextInt(8));
        }
        return b;
    }

    /** The header as JSON, and the data section after it. */
    private record Parts(ObjectNode header, byte[] data) {
    }

    private static Parts parts(byte[] file) throws IOException {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) CheckpointEdit.JSON.readTree(new String(file, 8, (int) n,
                StandardCharsets.UTF_8));
        return new Parts(header, Arrays.copyOfRange(file, 8 + (int) n, file.length));
    }

    private static byte[] assemble(ObjectNode header, byte[] data) throws IOException {
        byte[] h = CheckpointEdit.JSON.writeValueAsBytes(header);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    /**
     * A metadata mutation ({@code metadata}: a value inside one of the JSON metadata entries, or a plain metadata
     * string) or a header mutation (a tensor's shape, offsets, dtype or name), the checksum kept as it was (still
     * right: the tensor bytes do not change).
     */
    private static byte[] rewrite(byte[] good, Rng rng, boolean metadata) throws IOException {
        Parts p = parts(good);
        if (metadata) {
            ObjectNode meta = (ObjectNode) p.header().get("__metadata__");
            List<String> keys = new ArrayList<>();
            meta.fieldNames().forEachRemaining(keys::add);
            keys.remove("sha256");
            String key = keys.get(rng.nextInt(keys.size()));
            JsonNode tree = parseOrNull(meta.get(key).asText());
            if (tree != null && tree.isContainerNode()) {
                List<JsonNode[]> places = new ArrayList<>();
                collect(tree, places);
                if (!places.isEmpty()) {
                    JsonNode[] place = places.get(rng.nextInt(places.size()));
                    mutateAt(place[0], place[1], rng);
                }
                meta.put(key, tree.toString());
            } else {
                meta.put(key, extremeText(rng));
            }
        } else {
            List<String> names = new ArrayList<>();
            p.header().fieldNames().forEachRemaining(names::add);
            names.remove("__metadata__");
            String name = names.get(rng.nextInt(names.size()));
            ObjectNode t = (ObjectNode) p.header().get(name);
            switch (rng.nextInt(5)) {
                case 0 -> {
                    ArrayNode shape = (ArrayNode) t.get("shape");
                    if (shape.isEmpty()) {
                        shape.add(extremeNumber(rng));
                    } else {
                        shape.set(rng.nextInt(shape.size()), extremeNumber(rng));
                    }
                }
                case 1 -> ((ArrayNode) t.get("data_offsets")).set(rng.nextInt(2), extremeNumber(rng));
                case 2 -> t.put("dtype", List.of("F32", "F16", "I64", "BF16", "x", "").get(rng.nextInt(6)));
                case 3 -> {
                    p.header().remove(name);
                    p.header().set(List.of("layers.9.weight_hh_l0", "head.weight", "schema.feature_stats",
                            "optim.x", name + "x").get(rng.nextInt(5)), t);
                }
                default -> {
                    ArrayNode shape = (ArrayNode) t.get("shape");
                    if (shape.size() == 2) {
                        JsonNode a = shape.get(0);
                        shape.set(0, shape.get(1));
                        shape.set(1, a);
                    } else {
                        shape.add(1);
                    }
                }
            }
        }
        return assemble(p.header(), p.data());
    }

    /** A tensor value set to NaN, ±∞, an extreme or an ordinary number, the checksum updated. */
    private static byte[] tensorValue(byte[] good, Rng rng) throws IOException {
        Parts p = parts(good);
        List<String> names = new ArrayList<>();
        p.header().properties().forEach(e -> {
            if (!e.getKey().equals("__metadata__") && e.getValue().at("/data_offsets/1").asLong()
                    > e.getValue().at("/data_offsets/0").asLong()) {
                names.add(e.getKey());
            }
        });
        JsonNode t = p.header().get(names.get(rng.nextInt(names.size())));
        int width = t.get("dtype").asText().equals("F64") ? 8 : 4;
        long begin = t.at("/data_offsets/0").asLong();
        int count = (int) ((t.at("/data_offsets/1").asLong() - begin) / width);
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e308, -1e300, 1e40,
            1e-320, 0, -1, 3.5, 1e6};
        double v = values[rng.nextInt(values.length)];
        ByteBuffer data = ByteBuffer.wrap(p.data()).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) begin + width * rng.nextInt(count);
        if (width == 8) {
            data.putDouble(at, v);
        } else {
            data.putFloat(at, (float) v);
        }
        ObjectNode meta = (ObjectNode) p.header().get("__metadata__");
        if (meta != null && meta.has("sha256")) {
            try {
                meta.put("sha256", java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(p.data())));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return assemble(p.header(), p.data());
    }

    private static JsonNode parseOrNull(String text) {
        try {
            return CheckpointEdit.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Every (container, child key or index) pair of a tree, as {container, TextNode(key) or IntNode(index)}. */
    private static void collect(JsonNode node, List<JsonNode[]> places) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                places.add(new JsonNode[] {node, N.textNode(e.getKey())});
                collect(e.getValue(), places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                places.add(new JsonNode[] {node, N.numberNode(i)});
                collect(node.get(i), places);
            }
        }
    }

    private static void mutateAt(JsonNode container, JsonNode at, Rng rng) {
        JsonNode old = container.isObject() ? container.get(at.asText()) : container.get(at.asInt());
        JsonNode replacement;
        int kind = rng.nextInt(8);
        if (kind == 0 && old != null && old.isArray() && !old.isEmpty()) {
            ArrayNode a = (ArrayNode) old;
            if (rng.nextInt(2) == 0) {
                a.remove(rng.nextInt(a.size()));
            } else {
                a.add(a.get(rng.nextInt(a.size())).deepCopy());
            }
            return;
        }
        if (kind == 1 && container.isObject()) {
            ((ObjectNode) container).remove(at.asText());
            return;
        }
        replacement = switch (kind) {
            case 2, 3 -> extremeNumber(rng);
            case 4 -> N.textNode(extremeText(rng));
            case 5 -> N.nullNode();
            case 6 -> List.<JsonNode>of(N.booleanNode(true), N.arrayNode(), N.objectNode()).get(rng.nextInt(3));
            default -> old != null && old.isNumber() ? N.numberNode(old.asLong() + (rng.nextInt(2) * 2 - 1))
                    : extremeNumber(rng);
        };
        if (container.isObject()) {
            ((ObjectNode) container).set(at.asText(), replacement);
        } else {
            ((ArrayNode) container).set(at.asInt(), replacement);
        }
    }

    private static JsonNode extremeNumber(Rng rng) {
        return switch (rng.nextInt(12)) {
            case 0 -> N.numberNode(0);
            case 1 -> N.numberNode(-1);
            case 2 -> N.numberNode(-5);
            case 3 -> N.numberNode(1);
            case 4 -> N.numberNode(2);
            case 5 -> N.numberNode(Integer.MAX_VALUE);
            case 6 -> N.numberNode(Integer.MIN_VALUE);
            case 7 -> N.numberNode(1L << 31);
            case 8 -> N.numberNode(Long.MAX_VALUE);
            case 9 -> N.numberNode(1e308);
            case 10 -> N.numberNode(-0.5);
            default -> N.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
        };
    }

    private static String extremeText(Rng rng) {
        return List.of("NaN", "Infinity", "-Infinity", "abc", "", "-5", "2147483647", "9223372036854775808", "1e400",
                "0", "3", "{}", "[]", "null").get(rng.nextInt(14));
    }
}
