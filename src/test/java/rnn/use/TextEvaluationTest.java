package rnn.use;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Dataset;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.nn.TokenInput;
import rnn.random.Rng;

/** nats/token, bits, perplexity and accuracy of a text model against the training loss and a direct count. */
class TextEvaluationTest {

    @TempDir
    Path dir;

    @Test
    void metricsAreTheMeanCrossEntropyAndItsTransforms() throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "abracadabra, abracadabra! cadabra abra");
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(6).stride(4).valSplit(0).output(TargetMode.SEQUENCE).classification(true).build());
        Dataset data = d.train();
        int v = data.outputs();
        ModelSpec spec = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {5}, v,
                OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(v, 0));
        RecurrentModel model = new RecurrentModel(spec, Compute.singleThreaded());
        model.initialize(new Rng(2));
        TextEvaluation e = TextEvaluation.of(model, data, 3, (b, p) -> { });

        // independent: each window alone through the model, Loss.XENT's mean over its 6 steps, and the argmax
        double nats = 0;
        long correct = 0;
        for (int k = 0; k < data.size(); k++) {
            double[] x = new double[6];
            double[] y = new double[6];
            for (int t = 0; t < 6; t++) {
                x[t] = data.input(k, t, 0);
                y[t] = data.target(k, t, 0);
            }
            double[] logits = model.forward(SequenceInput.of(x, 1, 6, 1), false, false);
            nats += 6 * Loss.XENT.evaluate(logits, y, null, 6, v, null);
            for (int t = 0; t < 6; t++) {
                int best = 0;
                for (int j = 1; j < v; j++) {
                    if (logits[t * v + j] > logits[t * v + best]) {
                        best = j;
                    }
                }
                correct += best == (int) y[t] ? 1 : 0;
            }
        }
        // 38 tokens, T = 6, S = 4: windows at 0, 4, ..., 28 (the last needs token 34 as a target) → 8
        assertEquals(8, e.windows());
        assertEquals(48, e.tokens());
        assertEquals(nats / 48, e.natsPerToken(), 1e-12);
        assertEquals(nats / 48 / Math.log(2), e.bitsPerToken(), 1e-12);
        assertEquals(Math.exp(nats / 48), e.perplexity(), 1e-9);
        assertEquals(correct / 48.0, e.accuracy(), 0);
    }

    @Test
    void predictWritesOneRowPerPredictedTokenWithItsLogProbability() throws IOException {
        Path f = dir.resolve("p.txt");
        Files.writeString(f, "ab,\nab,\nba,\nab");
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(3).stride(3).valSplit(0).output(TargetMode.SEQUENCE).classification(true).build());
        Dataset data = d.train();
        int v = data.outputs();
        ModelSpec spec = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, 1, new int[] {4}, v,
                OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(v, 2));
        RecurrentModel model = new RecurrentModel(spec, Compute.singleThreaded());
        model.initialize(new Rng(5));
        java.io.StringWriter out = new java.io.StringWriter();
        PredictionWriter w = new PredictionWriter(out, d.contract(), data);
        w.writeHeader();
        Predictor.forEachBatch(model, data, 2, w::write);
        String[] lines = out.toString().split("\n(?=\\d|position)");
        assertEquals("position,token,log_prob,top_token", lines[0]);
        // 14 tokens, T = S = 3: windows at 0, 3, 6, 9 (the last needs token 12 as its last target): 12 rows
        assertEquals(13, lines.length);
        // window 1, step 0 predicts token 4 ("a" after the line break): its log-softmax from a forward of that window
        double[] x = {data.input(1, 0, 0), data.input(1, 1, 0), data.input(1, 2, 0)};
        double[] logits = model.forward(SequenceInput.of(x, 1, 3, 1), false, false);
        double expected = -Loss.XENT.evaluate(logits, new double[] {data.target(1, 0, 0)}, null, 1, v, null);
        String[] row = lines[4].split(",");
        assertEquals("4", row[0]);
        assertEquals("a", row[1]);
        assertEquals(expected, Double.parseDouble(row[2]), 1e-12);
        // the comma and the line break are quoted as CSV requires
        assertTrue(lines[2].startsWith("2,\",\","), lines[2]);
        assertTrue(lines[3].startsWith("3,\"\n\","), lines[3]);
    }
}
