package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.ColumnStats;
import rnn.random.Rng;

/**
 * {@code rnn eval} in-process: its metrics against values computed here from the raw file and the predictions of
 * {@code rnn predict}; every gate passing and failing with its exit code and line.
 */
class EvalCommandTest {

    /** Sequences in {@link #classificationData}. */
    static final int SEQUENCES = 60;
    private static final double REL = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void regressionMetricsAndBaselinesMatchAnIndependentComputation() throws IOException {
        UseFixture.Run run = UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "features", "sunactivity",
                "hidden", "6", "epochs", "2",
                "loss", "huber");
        UseFixture.Output eval = UseFixture.run("eval", "--quiet", "--json", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, eval.code(), eval.err());
        JsonNode r = JSON.readTree(eval.out());
        UseFixture.Output predict = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());

        double[] raw = Files.readAllLines(UseFixture.sunspots()).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        // DESIGN §3: 289 windows, 231 train; statistics from the first 231 + 20 + 1 − 1 = 251 rows
        double sum = 0;
        for (int i = 0; i < 251; i++) {
            sum += raw[i];
        }
        double trainMean = sum / 251;
        ColumnStats st = run.data().schema().contract().targetStats(0);
        assertEquals(trainMean, st.mean(), 1e-6, "statistics come from float32-stored values");

        List<double[]> pairs = new ArrayList<>(); // {prediction, target, last value}
        for (String line : predict.out().lines().skip(1).toList()) {
            String[] f = line.split(",");
            if (f[0].isEmpty()) {
                continue; // the forecast beyond the end has no target
            }
            int row = Integer.parseInt(f[0]) - 2;
            pairs.add(new double[] {Double.parseDouble(f[1]), raw[row], raw[row - 1]});
        }
        assertEquals(289, pairs.size());
        assertEquals(289, r.get("examples").asInt());
        double yMean = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sst = pairs.stream().mapToDouble(p -> (p[1] - yMean) * (p[1] - yMean)).sum();
        double[] model = errors(pairs, 0, sst);
        double[] last = errors(pairs, 2, sst);
        double[] mean = errors(pairs.stream().map(p -> new double[] {trainMean, p[1]}).toList(), 0, sst);
        assertErrors(model, r.get("metrics"));
        assertErrors(model, r.at("/per_target/sunactivity"));
        assertErrors(last, r.at("/baselines/last_value"));
        assertErrors(mean, r.at("/baselines/mean"));
        // the loss in normalised units: Huber (δ = 1) of the normalised errors
        double huber = 0;
        for (double[] p : pairs) {
            double e = Math.abs(p[0] - p[1]) / st.scale();
            huber += e <= 1 ? 0.5 * e * e : e - 0.5;
        }
        assertEquals("huber", r.get("loss_function").asText());
        assertClose(huber / pairs.size(), r.get("loss").asDouble());
    }

    private static double[] errors(List<double[]> pairs, int column, double sst) {
        double sse = 0;
        double sae = 0;
        for (double[] p : pairs) {
            double e = p[column] - p[1];
            sse += e * e;
            sae += Math.abs(e);
        }
        int n = pairs.size();
        return new double[] {sse / n, Math.sqrt(sse / n), sae / n, 1 - sse / sst};
    }

    private static void assertErrors(double[] expected, JsonNode actual) {
        assertClose(expected[0], actual.get("mse").asDouble());
        assertClose(expected[1], actual.get("rmse").asDouble());
        assertClose(expected[2], actual.get("mae").asDouble());
        assertClose(expected[3], actual.get("r2").asDouble());
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, REL * Math.max(1, Math.abs(expected)));
    }

    @Test
    void regressionGatesPassAndFailWithExitCodeFive() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs", "1");
        String model = dir.resolve("run").toString();
        String data = UseFixture.sunspots().toString();
        JsonNode r = JSON.readTree(UseFixture.run("eval", "--quiet", "--json", "--model", model, data).out());
        double loss = r.get("loss").asDouble();
        double rmse = r.at("/metrics/rmse").asDouble();

        UseFixture.Output pass = UseFixture.run("eval", "--model", model, "--max-loss", fmt(loss * 1.5),
                "--max-rmse", fmt(rmse * 1.5), data);
        assertEquals(0, pass.code(), pass.err());
        assertEquals(List.of("gate passed: --max-loss " + fmt(loss * 1.5) + ": loss (mse, normalised) is "
                + EvalCommand.number(loss), "gate passed: --max-rmse " + fmt(rmse * 1.5) + ": rmse is "
                + EvalCommand.number(rmse)), pass.err().lines().toList());
        assertTrue(pass.out().contains("rmse"), "the table is on stdout");

        UseFixture.Output failRmse = UseFixture.run("eval", "--quiet", "--model", model, "--max-rmse", "10", data);
        assertEquals(5, failRmse.code());
        assertEquals("gate failed: --max-rmse 10: rmse is " + EvalCommand.number(rmse) + ", "
                + EvalCommand.number(rmse - 10) + " too high\n", failRmse.err());
        assertTrue(failRmse.out().startsWith("model "), "the report is printed before the gate fails");

        UseFixture.Output failLoss = UseFixture.run("eval", "--quiet", "--model", model, "--max-loss", "0.01", data);
        assertEquals(5, failLoss.code());
        assertEquals("gate failed: --max-loss 0.01: loss (mse, normalised) is " + EvalCommand.number(loss) + ", "
                + EvalCommand.number(loss - 0.01) + " too high\n", failLoss.err());

        UseFixture.Output both = UseFixture.run("eval", "--quiet", "--json", "--model", model, "--max-loss", "0.01",
                "--max-rmse", fmt(rmse * 2), data);
        assertEquals(5, both.code());
        JsonNode gates = JSON.readTree(both.out()).get("gates");
        assertEquals(false, gates.get(0).get("passed").asBoolean());
        assertEquals(true, gates.get(1).get("passed").asBoolean());
        assertEquals(1, both.err().lines().count());

        assertUsage("rnn: --min-accuracy: expected a classification model, got a regression model ("
                + dir.resolve("run/best.safetensors") + "); use --max-rmse or --max-loss (see 'rnn eval --help')",
                "eval", "--model", model, "--min-accuracy", "0.5", data);
        assertUsage("rnn: --max-loss: expected a number >= 0, got -1 (see 'rnn eval --help')",
                "eval", "--model", model, "--max-loss", "-1", data);
    }

    @Test
    void classificationMetricsMatchAnIndependentComputationWithUnseenClasses() throws IOException {
        Path train = classificationData(dir, "train.csv", 0);
        UseFixture.train(train, dir.resolve("run"), "id", "seq", "time", "t", "target", "label", "loss", "xent",
                "cell", "lstm", "hidden", "8", "epochs", "15", "lr", "0.01");
        Path test = classificationData(dir, "test.csv", 7);
        String model = dir.resolve("run").toString();
        UseFixture.Output eval = UseFixture.run("eval", "--quiet", "--json", "--model", model, test.toString());
        assertEquals(0, eval.code(), eval.err());
        JsonNode r = JSON.readTree(eval.out());
        UseFixture.Output predict = UseFixture.run("predict", "--quiet", "--model", model, test.toString());

        Map<Integer, String> truth = new HashMap<>();
        List<String> lines = Files.readAllLines(test);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            truth.put(i + 1, f[4]);
        }
        List<String> classes = List.of("down", "flat", "up");
        Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        int correct = 0;
        int total = 0;
        int unseen = 0;
        double logLoss = 0;
        for (String row : predict.out().lines().skip(1).toList()) {
            String[] f = row.split(",");
            String actual = truth.get(Integer.parseInt(f[2]));
            String predicted = f[3];
            confusion.computeIfAbsent(actual, k -> new LinkedHashMap<>()).merge(predicted, 1, Integer::sum);
            total++;
            if (!classes.contains(actual)) {
                unseen++;
                continue;
            }
            correct += actual.equals(predicted) ? 1 : 0;
            logLoss -= Math.log(Double.parseDouble(f[4 + classes.indexOf(actual)]));
        }
        assertEquals(SEQUENCES, total);
        assertTrue(unseen > 0);
        // macro-F1 over every label that is a true or a predicted label (scikit-learn's rule)
        java.util.Set<String> labels = new java.util.LinkedHashSet<>(confusion.keySet());
        confusion.values().forEach(m -> labels.addAll(m.keySet()));
        double f1 = 0;
        for (String c : labels) {
            int tp = confusion.getOrDefault(c, Map.of()).getOrDefault(c, 0);
            int actual = confusion.getOrDefault(c, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
            int predicted = confusion.values().stream().mapToInt(m -> m.getOrDefault(c, 0)).sum();
            f1 += tp == 0 ? 0 : 2.0 * tp / (actual + predicted);
        }
        f1 /= labels.size();
        assertEquals((double) correct / total, r.at("/metrics/accuracy").asDouble(), 1e-15);
        assertEquals(f1, r.at("/metrics/macro_f1").asDouble(), 1e-15);
        assertEquals(logLoss / (total - unseen), r.at("/metrics/log_loss").asDouble(), 1e-9);
        assertEquals(r.get("loss").asDouble(), r.at("/metrics/log_loss").asDouble());
        assertEquals(unseen, r.get("unseen_class_examples").asInt());
        assertEquals("[\"sideways\"]", r.get("unseen_classes").toString());
        for (int i = 0; i < 4; i++) {
            String actual = i < 3 ? classes.get(i) : "sideways";
            for (int j = 0; j < 3; j++) {
                assertEquals(confusion.getOrDefault(actual, Map.of()).getOrDefault(classes.get(j), 0),
                        r.get("confusion_matrix").get(i).get(j).asInt(), actual + " as " + classes.get(j));
            }
        }
        assertTrue(r.at("/metrics/accuracy").asDouble() > 0.5, "the model learnt something: " + r.get("metrics"));

        double accuracy = r.at("/metrics/accuracy").asDouble();
        UseFixture.Output pass = UseFixture.run("eval", "--quiet", "--model", model, "--min-accuracy", "0.5",
                test.toString());
        assertEquals(0, pass.code(), pass.err());
        UseFixture.Output fail = UseFixture.run("eval", "--quiet", "--model", model, "--min-accuracy", "0.99",
                test.toString());
        assertEquals(5, fail.code());
        assertEquals("gate failed: --min-accuracy 0.99: accuracy is " + EvalCommand.number(accuracy) + ", "
                + EvalCommand.number(0.99 - accuracy) + " too low\n", fail.err());
        assertUsage("rnn: --max-rmse: expected a regression model, got a classification model ("
                + dir.resolve("run/best.safetensors") + "); use --min-accuracy or --max-loss (see 'rnn eval --help')",
                "eval", "--model", model, "--max-rmse", "1", test.toString());
        assertUsage("rnn: --min-accuracy: expected a fraction in [0, 1], got 1.5 (see 'rnn eval --help')",
                "eval", "--model", model, "--min-accuracy", "1.5", test.toString());
    }

    @Test
    void numbersHaveSixSignificantDigits() {
        assertEquals("12.3457", EvalCommand.number(12.345678));
        assertEquals("0.0875", EvalCommand.number(0.0875));
        assertEquals("1500", EvalCommand.number(1500));
        assertEquals("0", EvalCommand.number(0));
        assertEquals("1.00000e-09", EvalCommand.number(1e-9));
        assertEquals("NaN", EvalCommand.number(Double.NaN));
    }

    /**
     * Sequences (long layout: seq, t, a, b, label) whose label is the trend of their "a" values: up, down or flat;
     * with {@code unseenEvery} > 0, every such sequence is relabelled "sideways", a class training never saw.
     */
    static Path classificationData(Path dir, String name, int unseenEvery) throws IOException {
        Rng rng = new Rng(unseenEvery + 7);
        StringBuilder b = new StringBuilder("seq,t,a,b,label\n");
        String[] labels = {"up", "down", "flat"};
        for (int s = 0; s < SEQUENCES; s++) {
            int n = 4 + (int) (rng.nextDouble() * 6);
            String label = labels[s % 3];
            double slope = label.equals("up") ? 1 : label.equals("down") ? -1 : 0;
            String written = unseenEvery > 0 && s % unseenEvery == 0 ? "sideways" : label;
            double v = 0;
            for (int t = 0; t < n; t++) {
                v += slope * (0.5 + rng.nextDouble()) + 0.2 * (rng.nextDouble() - 0.5);
                b.append('s').append(s).append(',').append(t).append(',').append(String.format(java.util.Locale.ROOT,
                        "%.4f", v)).append(',').append(String.format(java.util.Locale.ROOT, "%.4f",
                        rng.nextDouble())).append(',').append(written).append('\n');
            }
        }
        return Files.writeString(dir.resolve(name), b.toString());
    }

    private static void assertUsage(String expected, String... args) {
        UseFixture.Output o = UseFixture.run(args);
        assertEquals(2, o.code(), o.err());
        assertEquals(expected + "\n", o.err());
        assertEquals("", o.out());
    }

    private static String fmt(double v) {
        return EvalCommand.number(v);
    }
}
