package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import rnn.io.Checkpoint;
import rnn.io.CheckpointException;

/**
 * {@code rnn train --layout text} and {@code rnn generate} end to end, as a user runs them (child JVMs): the
 * first lines, the checkpoint's tensor names, resume bit-identical, seeded generation, the errors; and a hostile
 * text checkpoint refused in one line.
 */
class TextRunTest {

    @TempDir
    static Path dir;
    static Path text;
    static Cli.Result first;

    static String corpus() {
        String[] words = {"the", "cat", "dog", "sat", "on", "a", "mat", "ran", "to", "red"};
        StringBuilder b = new StringBuilder();
        long s = 17;
        for (int line = 0; line < 300; line++) {
            for (int w = 0; w < 5; w++) {
                s = s * 6364136223846793005L + 1442695040888963407L;
                b.append(w == 0 ? "" : " ").append(words[(int) ((s >>> 33) % words.length)]);
            }
            b.append(".\n");
        }
        return b.toString();
    }

    @BeforeAll
    static void train() throws IOException, InterruptedException {
        text = dir.resolve("tiny.txt");
        Files.writeString(text, corpus(), StandardCharsets.UTF_8);
        first = Cli.run(dir, "train", "tiny.txt", "--hidden", "12", "--epochs", "1", "--window", "20",
                "--out", "run", "--seed", "5");
        assertEquals(0, first.code(), first.err());
    }

    @Test
    void theFirstLinesSayWhatWasUnderstoodAndTheCheckpointIsAStateDict() {
        int n = corpus().length();
        int train = (int) Math.floor(0.9 * n);
        List<String> lines = first.err().lines().toList();
        assertTrue(lines.contains("data: tiny.txt, " + n + " tokens (char: Unicode code points)"), first.err());
        assertTrue(lines.contains("vocabulary: 16 symbols (with <unk>) from the " + train + " training tokens"),
                first.err());
        assertTrue(lines.contains(String.format("layout: text, window 20, stride 20: %d training windows of %d tokens,"
                + " %d validation windows of %d tokens (validation = the last 10%% of the tokens)",
                (train - 21) / 20 + 1, train, (n - train - 21) / 20 + 1, n - train)), first.err());
        assertTrue(lines.contains("target: the next token (softmax over 16 symbols at every step)"), first.err());
        Set<String> names = Checkpoint.read(dir.resolve("run/best.safetensors")).tensors().stream()
                .map(t -> t.name()).filter(Checkpoint::isWeight).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("head.bias", "head.weight", "layers.0.bias_hh_l0", "layers.0.bias_ih_l0",
                "layers.0.weight_hh_l0", "layers.0.weight_ih_l0")), names);
        assertEquals(List.of(36L, 16L), Arrays.stream(Checkpoint.read(dir.resolve("run/best.safetensors"))
                .tensor("layers.0.weight_ih_l0").shape()).boxed().toList());
    }

    @Test
    void aResumedTextRunIsBitIdenticalToAnUninterruptedOne() throws IOException, InterruptedException {
        Path copy = dir.resolve("resumed");
        Files.createDirectories(copy);
        Cli.Result a = Cli.run(dir, "train", "tiny.txt", "--hidden", "12", "--epochs", "1", "--window", "20",
                "--embedding", "4", "--out", "resumed", "--seed", "6");
        assertEquals(0, a.code(), a.err());
        Cli.Result b = Cli.run(dir, "train", "--resume", "resumed", "--epochs", "3");
        assertEquals(0, b.code(), b.err());
        Cli.Result c = Cli.run(dir, "train", "tiny.txt", "--hidden", "12", "--epochs", "3", "--window", "20",
                "--embedding", "4", "--out", "straight", "--seed", "6");
        assertEquals(0, c.code(), c.err());
        assertEquals(withoutSeconds(dir.resolve("straight/loss.csv")), withoutSeconds(copy.resolve("loss.csv")));
        assertEquals(3, withoutSeconds(copy.resolve("loss.csv")).size() - 1);
        Cli.Result inspect = Cli.run(dir, "inspect", "resumed");
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("  embedding = nn.Embedding(16, 4)\n  layers.0 = nn.GRU(4, 12, batch_first=True)"),
                inspect.out());
        assertTrue(inspect.out().contains("torch.nn modules named 'embedding', 'layers' (nn.ModuleList) and 'head'"),
                inspect.out());
    }

    private static List<String> withoutSeconds(Path lossCsv) throws IOException {
        return Files.readAllLines(lossCsv).stream().map(l -> {
            String[] f = l.split(",");
            f[5] = "";
            return String.join(",", f);
        }).toList();
    }

    @Test
    void generationIsSeededAndTheGreedyLimitsAgree() throws IOException, InterruptedException {
        Cli.Result a = Cli.run(dir, "generate", "--model", "run", "--prime", "the cat", "--length", "80", "--seed", "3",
                "--quiet");
        Cli.Result b = Cli.run(dir, "generate", "--model", "run", "--prime", "the cat", "--length", "80", "--seed", "3",
                "--quiet");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().startsWith("the cat"), a.out());
        assertEquals("the cat".length() + 80, a.out().stripTrailing().length() + countTrailingNewlines(a.out()) - 1);
        Cli.Result greedy = Cli.run(dir, "generate", "--model", "run", "--prime", "the", "--length", "30",
                "--greedy", "--quiet");
        Cli.Result top1 = Cli.run(dir, "generate", "--model", "run", "--prime", "the", "--length", "30",
                "--top-k", "1", "--temperature", "1.7", "--quiet");
        assertEquals(greedy.out(), top1.out());
        Cli.Result bad = Cli.run(dir, "generate", "--model", "run", "--prime", "the CAT\u00e9", "--length", "5");
        bad.assertError(2, "rnn: --prime: expected characters the model knows (its vocabulary has 16 symbols), got "
                + "\"C\", \"A\", \"T\", \"\u00e9\"; remove them from the prime (see 'rnn generate --help')");
        assertEquals("", bad.out());
    }

    @Test
    void evalReportsPerplexityAndGatesIt() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("held.txt"), corpus().substring(0, 1500));
        Cli.Result ok = Cli.run(dir, "eval", "--model", "run", "held.txt", "--json", "--quiet");
        assertEquals(0, ok.code(), ok.err());
        com.fasterxml.jackson.databind.JsonNode j = CheckpointEdit.JSON.readTree(ok.out());
        double nats = j.get("metrics").get("nats_per_token").asDouble();
        assertEquals("text", j.get("task").asText());
        assertEquals(74 * 20, j.get("scored").asLong()); // (1500 − 21) / 20 + 1 = 74 windows of 20
        assertEquals(Math.exp(nats), j.get("metrics").get("perplexity").asDouble(), 1e-9 * Math.exp(nats));
        assertEquals(nats / Math.log(2), j.get("metrics").get("bits_per_char").asDouble(), 1e-12);
        Cli.Result gate = Cli.run(dir, "eval", "--model", "run", "held.txt", "--max-perplexity", "1.5", "--quiet");
        assertEquals(5, gate.code(), gate.err());
        assertTrue(gate.lastErrLine().startsWith("gate failed: --max-perplexity 1.5: perplexity is "),
                gate.err());
    }

    @Test
    void aWordModelReadsAnUnknownPrimeWordAsUnkWithAWarning() throws IOException, InterruptedException {
        Cli.Result train = Cli.run(dir, "train", "tiny.txt", "--tokens", "word", "--hidden", "8", "--epochs", "1",
                "--window", "10", "--out", "words");
        assertEquals(0, train.code(), train.err());
        // 10 words, "." and the line break, with <unk>: 13 symbols
        assertTrue(train.err().contains("vocabulary: 13 symbols (with <unk>) from the "), train.err());
        Cli.Result g = Cli.run(dir, "generate", "--model", "words", "--prime", "the zebra sat", "--length", "12",
                "--seed", "4");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.err().contains("--prime: \"zebra\" not in the model's vocabulary: read as <unk>"), g.err());
        assertTrue(g.out().startsWith("the zebra sat"), g.out());
        Cli.Result e = Cli.run(dir, "eval", "--model", "words", "tiny.txt", "--json", "--quiet");
        assertEquals(0, e.code(), e.err());
        assertTrue(CheckpointEdit.JSON.readTree(e.out()).get("metrics").has("bits_per_token"), e.out());
    }

    @Test
    void badGenerationOptionsAreUsageErrors() throws IOException, InterruptedException {
        Cli.run(dir, "generate", "--model", "run", "--top-p", "0").assertError(2,
                "rnn: --top-p: expected a number in (0, 1], got 0.0 (see 'rnn generate --help')");
        Cli.run(dir, "generate", "--model", "run", "--temperature", "-1").assertError(2,
                "rnn: --temperature: expected a finite number >= 0, got -1.0 (see 'rnn generate --help')");
    }

    private static int countTrailingNewlines(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\n'; i--) {
            n++;
        }
        return n;
    }

    @Test
    void badTextInputsAndOptionsAreOneLineWithTheirExitCode() throws IOException, InterruptedException {
        Files.write(dir.resolve("empty.txt"), new byte[0]);
        Cli.run(dir, "train", "empty.txt", "--out", "e").assertError(3,
                "error: empty.txt: expected a UTF-8 text, got an empty file; give a file with text in it");
        Cli.run(dir, "train", "tiny.txt", "--loss", "mse", "--out", "m").assertError(2,
                "rnn: --loss: expected xent with --layout text (the next token is a class), got mse; leave --loss out"
                        + " (see 'rnn train --help')");
        Cli.run(dir, "train", "tiny.txt", "--window", "6000", "--out", "w").assertError(3,
                "error: tiny.txt: expected at least 6001 tokens in the training part (the window of 6000 and the token"
                        + " after it), got " + (int) Math.floor(0.9 * corpus().length()) + " (the first "
                        + (int) Math.floor(0.9 * corpus().length()) + " of " + corpus().length() + " char tokens);"
                        + " use a smaller --window or a longer text");
    }

    @Test
    void aHostileTextCheckpointIsRefusedInOneLine() throws IOException {
        Path best = dir.resolve("run/best.safetensors");
        JsonNodeFactory n = JsonNodeFactory.instance;
        assertRefused(CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, "/contract/classes/0", n.textNode("x"))
                .write(dir.resolve("h1.safetensors")), "schema.contract.classes[0] is \"x\", expected \"<unk>\"");
        assertRefused(CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, "/contract/shape/tokens", n.textNode("byte"))
                .write(dir.resolve("h2.safetensors")), "its \"schema\" metadata is missing or malformed, so the data layout is unknown");
        assertRefused(CheckpointEdit.of(best).json("model", "/embedding", n.numberNode(2147483647))
                .write(dir.resolve("h3.safetensors")), "has no tensor \"embedding.weight\"");
    }

    private static void assertRefused(Path model, String part) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.open(model, null, false));
        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().contains(part), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    /** A text model has no ONNX export yet: exit 4 with one line naming what to use instead, and no file. */
    @Test
    void exportingATextModelIsRefused() throws Exception {
        Cli.Result r = Cli.run(dir, "export", "run", "text.onnx");
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("run/best.safetensors: cannot be exported: a text model (token ids in, "
                + "next-token scores out) has no ONNX export in this release; use rnn generate, or load its state "
                + "dict in PyTorch\n"), r.err());
        assertFalse(Files.exists(dir.resolve("text.onnx")));
    }

    /** A text over 2 GiB (a sparse file: nothing is written) is exit 3 with its size, before a byte is read. */
    @Test
    void aTextOverTwoGibibytesIsRefusedBeforeReading() throws Exception {
        Path big = dir.resolve("big.txt");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Cli.Result r = Cli.run(dir, "train", "big.txt", "--out", "big-run");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("big.txt: expected a text of at most 2147483639 bytes (2 GiB), got 3221225472 "
                + "bytes; split the text into smaller files and train on one of them\n"), r.err());
        Files.delete(big);
    }
}
