package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code rnn eval} of a text model scores the validation part of its training file without DATA or with that
 * file (recognised by its contents), as training scored it: the run's best validation loss in loss.csv; any other
 * file whole.
 */
class TextEvalPartTest {

    @TempDir
    static Path dir;
    static int n;
    static int train;

    @BeforeAll
    static void trainTwoModels() throws IOException, InterruptedException {
        String corpus = TextRunTest.corpus();
        n = corpus.length();
        train = (int) Math.floor(0.9 * n);
        Files.writeString(dir.resolve("tiny.txt"), corpus, StandardCharsets.UTF_8);
        Cli.Result a = Cli.run(dir, "train", "tiny.txt", "--hidden", "10", "--epochs", "2", "--window", "20",
                "--out", "plain", "--seed", "2");
        assertEquals(0, a.code(), a.err());
        Cli.Result b = Cli.run(dir, "train", "tiny.txt", "--stateful", "--batch-size", "4", "--hidden", "10",
                "--epochs", "2", "--window", "20", "--out", "stateful", "--seed", "2");
        assertEquals(0, b.code(), b.err());
    }

    /** The lowest validation loss of a run's loss.csv (the epoch best.safetensors holds). */
    private static double bestValidationLoss(String run) throws IOException {
        List<String> rows = Files.readAllLines(dir.resolve(run).resolve("loss.csv"));
        return rows.stream().skip(1).mapToDouble(r -> Double.parseDouble(r.split(",")[2])).min().orElseThrow();
    }

    /** val_accuracy of the row with the lowest validation loss in a run's loss.csv. */
    private static double bestValidationAccuracy(String run) throws IOException {
        List<String> rows = Files.readAllLines(dir.resolve(run).resolve("loss.csv"));
        assertEquals("epoch,train_loss,val_loss,lr,grad_norm,seconds,val_accuracy", rows.get(0));
        String[] best = rows.stream().skip(1).map(r -> r.split(","))
                .min(java.util.Comparator.comparingDouble(f -> Double.parseDouble(f[2]))).orElseThrow();
        return Double.parseDouble(best[6]);
    }

    private static JsonNode evalJson(String... args) throws IOException, InterruptedException {
        Cli.Result r = Cli.run(dir, args);
        assertEquals(0, r.code(), r.err());
        return CheckpointEdit.JSON.readTree(r.out());
    }

    @Test
    void withoutDataOrWithTheTrainingFileTheValidationPartIsScoredAsTrainingScoredIt() throws Exception {
        int windows = (n - train - 21) / 20 + 1;
        JsonNode j = evalJson("eval", "--model", "plain", "--json", "--quiet");
        assertEquals("validation", j.get("part").asText());
        assertEquals("tiny.txt", j.get("data").asText());
        assertEquals(windows * 20, j.get("scored").asLong());
        assertEquals(bestValidationLoss("plain"), j.get("metrics").get("nats_per_token").asDouble(), 1e-9);
        // the top-1 accuracy too: eval counts its own argmax (rnn.use), training its (Trainer.validate)
        assertEquals(bestValidationAccuracy("plain"), j.get("metrics").get("accuracy").asDouble(), 1e-12);
        Cli.Result text = Cli.run(dir, "eval", "--model", "plain");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains(String.format("data        tiny.txt: the validation part (tokens %d to %d of"
                + " %d, the last 10%%), %d windows, %d tokens predicted", train, n - 1, n, windows, windows * 20)),
                text.out());
    }

    @Test
    void aCopyOfTheTrainingFileIsRecognisedByItsContentsAndAnotherFileIsScoredWhole() throws Exception {
        // the training file's contents under another name: its validation part, as without DATA
        Files.copy(dir.resolve("tiny.txt"), dir.resolve("copy.txt"));
        JsonNode copy = evalJson("eval", "--model", "plain", "copy.txt", "--json", "--quiet");
        assertEquals("validation", copy.get("part").asText());
        assertEquals(bestValidationLoss("plain"), copy.get("metrics").get("nats_per_token").asDouble(), 1e-9);
        Files.writeString(dir.resolve("held.txt"), TextRunTest.corpus().substring(0, 1500));
        JsonNode whole = evalJson("eval", "--model", "plain", "held.txt", "--json", "--quiet");
        assertEquals("whole", whole.get("part").asText());
        assertEquals(74 * 20, whole.get("scored").asLong());
        Cli.Result text = Cli.run(dir, "eval", "--model", "plain", "held.txt");
        assertTrue(text.out().contains("data        held.txt: the whole file, 74 windows, 1480 tokens predicted"),
                text.out());
    }

    @Test
    void aStatefulModelsValidationPartIsReadInStreamsWithTheStateCarried() throws Exception {
        JsonNode j = evalJson("eval", "--model", "stateful", "--json", "--quiet");
        assertEquals("validation", j.get("part").asText());
        int streams = Math.min(4, (n - train - 1) / 20);
        int perStream = (n - train - 1) / streams / 20;
        assertEquals(streams * perStream * 20, j.get("scored").asLong());
        assertEquals(bestValidationLoss("stateful"), j.get("metrics").get("nats_per_token").asDouble(), 1e-9);
        Cli.Result text = Cli.run(dir, "eval", "--model", "stateful");
        assertTrue(text.out().contains(", the last 10%), in " + streams + " streams with the state carried, as "
                + "--stateful training read it, " + streams * perStream + " windows"), text.out());
    }

    @Test
    void withoutDataWhatCannotBeScoredIsOneLineWithItsExitCode() throws Exception {
        Files.copy(dir.resolve("tiny.txt"), dir.resolve("edited.txt"));
        assertEquals(0, Cli.run(dir, "train", "edited.txt", "--hidden", "4", "--epochs", "1", "--window", "20",
                "--out", "edited").code());
        // the same number of tokens, one changed: the contents (SHA-256) tell
        Files.writeString(dir.resolve("edited.txt"), "x" + TextRunTest.corpus().substring(1));
        Cli.Result edited = Cli.run(dir, "eval", "--model", "edited");
        assertEquals(3, edited.code(), edited.err());
        assertTrue(edited.lastErrLine().matches("error: edited\\.txt: expected the model's training file \\(SHA-256 "
                + "[0-9a-f]{12}\\), whose validation part eval scores without DATA, got other contents \\(SHA-256 "
                + "[0-9a-f]{12}\\); give the text to score as DATA \\(it is scored whole\\)"), edited.err());
        Files.delete(dir.resolve("edited.txt"));
        Cli.run(dir, "eval", "--model", "edited").assertError(3, "error: edited.txt: expected the model's training "
                + "file, whose validation part eval scores without DATA, got no such file; give the text to score as "
                + "DATA");
        assertEquals(0, Cli.run(dir, "train", "tiny.txt", "--hidden", "4", "--epochs", "1", "--window", "20",
                "--val-split", "0", "--out", "noval").code());
        Cli.run(dir, "eval", "--model", "noval").assertError(2, "rnn: Missing required parameter: 'DATA.csv' (the "
                + "model was trained without a validation part, --val-split 0, so there is none to score) (see 'rnn "
                + "eval --help')");
        Cli.run(dir, "predict", "--model", "plain").assertError(2, "rnn: Missing required parameter: 'DATA.csv' (see"
                + " 'rnn predict --help')");
    }

    /** Issue 12 item 4: {@code --split} on a text model: its training part, the whole file, refusals. */
    @Test
    void splitNamesThePartOfTheTrainingText() throws Exception {
        JsonNode t = evalJson("eval", "--model", "plain", "--split", "training", "--json", "--quiet");
        assertEquals("training", t.get("part").asText());
        int trainWindows = (train - 21) / 20 + 1; // windows of 20 tokens + the next, every 20, in tokens 0..train−1
        assertEquals(trainWindows * 20, t.get("scored").asLong());
        JsonNode v = evalJson("eval", "--model", "plain", "tiny.txt", "--split", "validation", "--json", "--quiet");
        assertEquals("validation", v.get("part").asText());
        assertEquals(bestValidationLoss("plain"), v.get("metrics").get("nats_per_token").asDouble(), 1e-9);
        JsonNode all = evalJson("eval", "--model", "plain", "tiny.txt", "--split", "all", "--json", "--quiet");
        assertEquals("whole", all.get("part").asText());
        assertEquals(((n - 21) / 20 + 1) * 20, all.get("scored").asLong());
        Files.writeString(dir.resolve("other.txt"), TextRunTest.corpus().substring(0, 1500));
        Cli.Result other = Cli.run(dir, "eval", "--model", "plain", "other.txt", "--split", "training");
        assertEquals(2, other.code(), other.err());
        assertTrue(other.lastErrLine().matches("rnn: --split training: expected the model's training file \\(SHA-256 "
                + "[0-9a-f]{12} and " + n + " tokens\\), got other\\.txt \\(SHA-256 [0-9a-f]{12}\\); use --split all"
                + " \\(the default for another file\\) \\(see 'rnn eval --help'\\)"), other.err());
    }

    @Test
    void aTableModelStillNeedsData() throws Exception {
        Files.writeString(dir.resolve("series.csv"), "x,y\n1,2\n2,3\n3,4\n4,5\n5,6\n6,7\n7,8\n8,9\n9,8\n10,7\n");
        assertEquals(0, Cli.run(dir, "train", "series.csv", "--target", "y", "--window", "2", "--hidden", "3",
                "--epochs", "1", "--out", "table").code());
        Cli.run(dir, "eval", "--model", "table").assertError(2, "rnn: Missing required parameter: 'DATA.csv' (only a "
                + "text model's eval scores the validation part of its training file without one) (see 'rnn eval "
                + "--help')");
    }
}
