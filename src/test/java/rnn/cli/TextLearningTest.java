package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A character GRU learns a small generated grammar: sentences "xaa." or "xbbb." chosen by a fair coin. The only
 * uncertainty is the coin after each 'x' (ln 2 nats), so the true entropy is ln 2 per sentence, ln 2 × sentences
 * / characters per character; a trained model's cross-entropy on a fresh text of the grammar comes close to it.
 */
class TextLearningTest {

    @TempDir
    Path dir;

    /** {@code sentences} sentences of the grammar from a seeded generator. */
    static String grammar(int sentences, long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            b.append(r.nextBoolean() ? "xaa." : "xbbb.");
        }
        return b.toString();
    }

    @Test
    void aGruReachesTheGrammarsTrueEntropy() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("grammar.txt"), grammar(6000, 7));
        String fresh = grammar(2000, 99);
        Files.writeString(dir.resolve("fresh.txt"), fresh);
        Cli.Result train = Cli.run(dir, "train", "grammar.txt", "--hidden", "24", "--window", "50", "--epochs", "12",
                "--lr", "0.01", "--out", "run", "--quiet");
        assertEquals(0, train.code(), train.err());
        Cli.Result eval = Cli.run(dir, "eval", "--model", "run", "fresh.txt", "--json", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        double nats = CheckpointEdit.JSON.readTree(eval.out()).get("metrics").get("nats_per_token").asDouble();
        double entropy = Math.log(2) * 2000 / fresh.length();
        // the windows start from the zero state, which costs a little at each window's first steps
        assertTrue(nats < entropy + 0.03, "model " + nats + " nats/char, true entropy " + entropy);
        assertTrue(nats > entropy - 0.02, "no model beats the true entropy by much: " + nats + " vs " + entropy);
    }

    /** {@code sentences} sentences "the cat sat ." or "a dog ran far ." (a fair coin), separated by spaces. */
    static String wordGrammar(int sentences, long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            b.append(r.nextBoolean() ? "the cat sat . " : "a dog ran far . ");
        }
        return b.toString();
    }

    /**
     * A word-level GRU trained with the state carried ({@code --tokens word --stateful}) learns the word grammar:
     * the only uncertainty is the coin after each ".", ln 2 nats per sentence, so ln 2 × sentences / tokens per
     * token (a sentence is 4 or 5 tokens).
     */
    @Test
    void aStatefulWordGruReachesTheWordGrammarsTrueEntropy() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("words.txt"), wordGrammar(3000, 5));
        String fresh = wordGrammar(1000, 98);
        Files.writeString(dir.resolve("fresh-words.txt"), fresh);
        long tokens = fresh.chars().filter(c -> c == ' ').count(); // one space after every token
        Cli.Result train = Cli.run(dir, "train", "words.txt", "--tokens", "word", "--stateful", "--batch-size", "16",
                "--hidden", "16", "--window", "20", "--epochs", "10", "--lr", "0.01", "--out", "words", "--quiet");
        assertEquals(0, train.code(), train.err());
        Cli.Result eval = Cli.run(dir, "eval", "--model", "words", "fresh-words.txt", "--json", "--quiet");
        assertEquals(0, eval.code(), eval.err());
        double nats = CheckpointEdit.JSON.readTree(eval.out()).get("metrics").get("nats_per_token").asDouble();
        double entropy = Math.log(2) * 1000 / tokens;
        assertTrue(nats < entropy + 0.03, "model " + nats + " nats/token, true entropy " + entropy);
        assertTrue(nats > entropy - 0.02, "no model beats the true entropy by much: " + nats + " vs " + entropy);
    }
}
