package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;

/**
 * {@code --transform} and {@code --target-mode} from the command line: what the first lines and config.json say,
 * predict and eval in the target's units (checked against sums computed here from the CSV files), and each bad
 * input with its exit code and message.
 */
class TargetTransformRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final int MONTHS = 96;

    @TempDir
    static Path dir;
    private static Path series;
    private static double[] values;
    private static Cli.Result trained;

    /** Monthly passengers: trend, multiplicative season of 12, noise (seeded). */
    static double[] monthly(int n, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((100 + 2.0 * i) * (1 + 0.25 * Math.sin(2 * Math.PI * i / 12))
                    * Math.exp(0.03 * rng.nextGaussian()) * 100) / 100.0;
        }
        return v;
    }

    static Path write(Path file, double[] v, int from) throws Exception {
        StringBuilder b = new StringBuilder("month,passengers\n");
        for (int i = from; i < v.length; i++) {
            b.append(String.format(java.util.Locale.ROOT, "%04d-%02d-01", 1990 + i / 12, i % 12 + 1)).append(',')
                    .append(v[i]).append('\n');
        }
        return Files.writeString(file, b);
    }

    @BeforeAll
    static void train() throws Exception {
        values = monthly(MONTHS, 3);
        series = write(dir.resolve("passengers.csv"), values, 0);
        trained = Cli.run(dir, "train", "--transform", "log,seasonal-diff:12", "--window", "12", "--hidden", "4",
                "--epochs", "2", "--threads", "1", "--plot", "none", "--out", "run", "passengers.csv");
    }

    @Test
    void theFirstLinesAndTheRunDescriptionSayWhichTransformAndMode() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        assertTrue(trained.err().contains("target transform: log,seasonal-diff:12 (no window starts on the first 12 "
                + "rows of a series or after a dropped row: they have no difference); target mode: delta (the model "
                + "predicts the change from the target on the window's last row; added back, and the transform "
                + "inverted, on predictions)"), trained.err());
        // 96 − 12 − 12 − 1 + 1 = 72 windows
        assertTrue(trained.err().contains("window 12, horizon 1, stride 1: 72 windows"), trained.err());
        JsonNode config = JSON.readTree(dir.resolve("run/config.json").toFile());
        assertEquals("log,seasonal-diff:12", config.at("/data/transform").asText());
        assertTrue(config.at("/data/target_mode").isNull(), "the default, resolved in the contract");
        assertEquals("log,seasonal-diff:12", config.at("/schema/contract/transform").asText());
        assertEquals("delta", config.at("/schema/contract/targetMode").asText());
        JsonNode meta = JSON.readTree(Checkpoint.read(dir.resolve("run/best.safetensors")).metadata()
                .get(Checkpoint.SCHEMA_KEY));
        assertEquals("log,seasonal-diff:12", meta.at("/contract/transform").asText());
        assertEquals("delta", meta.at("/contract/targetMode").asText());
    }

    /**
     * predict writes levels; eval's RMSE is the RMSE of those predictions against the file's values, and its
     * last-value baseline the RMSE of the value one row before each target: both summed here.
     */
    @Test
    void predictAndEvalAreInTheTargetsUnits() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        UseFixture.Output p = UseFixture.run("predict", "--model", dir.resolve("run").toString(), series.toString());
        assertEquals(0, p.code(), p.err());
        List<String> rows = p.out().lines().toList();
        assertEquals("month,line,pred_passengers,actual_passengers", rows.get(0));
        assertEquals(1 + 73, rows.size(), "72 windows and the forecast after the last row");
        double sse = 0;
        double naive = 0;
        int n = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double pred = Double.parseDouble(f[2]);
            assertTrue(pred > 50 && pred < 400, "a level, not a log or a difference: " + row);
            if (f[1].isEmpty()) {
                continue;
            }
            int r = Integer.parseInt(f[1]) - 2;
            sse += (pred - values[r]) * (pred - values[r]);
            naive += (values[r - 1] - values[r]) * (values[r - 1] - values[r]);
            n++;
        }
        assertEquals(72, n);
        UseFixture.Output e = UseFixture.run("eval", "--model", dir.resolve("run").toString(), series.toString(),
                "--json", "--split", "all"); // the training file: every window, not only the validation part
        assertEquals(0, e.code(), e.err());
        JsonNode report = JSON.readTree(e.out());
        assertEquals(72, report.get("scored").asInt());
        assertEquals(Math.sqrt(sse / n), report.at("/metrics/rmse").asDouble(), 1e-6 * Math.sqrt(sse / n));
        assertEquals(Math.sqrt(naive / n), report.at("/baselines/last_value/rmse").asDouble(),
                1e-6 * Math.sqrt(naive / n));
    }

    @Test
    void badFlagsAreUsageErrors() {
        String[][] cases = {
            {"--transform: expected seasonal-diff:M with a season M from 1 to 10000 (rows per season, 12 for monthly "
                    + "data), got \"seasonal-diff:0\"", "--transform", "seasonal-diff:0"},
            {"--transform: expected none, or log, log1p, diff, seasonal-diff:M (M from 1 to 10000) separated by commas,"
                    + " log or log1p first, got \"sqrt\"", "--transform", "sqrt"},
            {"--target-mode: expected one of level, delta, got \"change\"", "--target-mode", "change"},
            {"--transform: expected none with a classification loss (the target holds class labels), got \"log\"",
                    "--transform", "log", "--loss", "xent"},
            {"--transform: expected no difference of lag below --horizon 3 (a single step 3 rows ahead is inverted "
                    + "from the level 1 row before it, which is not known), got \"log,diff\"; use --horizon 1..3 (the "
                    + "whole path), or --target-mode delta without the difference", "--transform", "log,diff",
                    "--horizon", "3"},
            {"--target-mode: expected level with the long layout (delta needs the target's value on the row the "
                    + "prediction is made from: the window layout), got delta", "--target-mode", "delta", "--id",
                    "month"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length - 1 + 3];
            args[0] = "train";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            args[c.length] = "--out";
            args[c.length + 1] = dir.resolve("never").toString();
            args[args.length - 1] = series.toString();
            args = java.util.Arrays.copyOf(args, args.length);
            UseFixture.Output o = UseFixture.run(args);
            assertEquals(ExitCodes.USAGE, o.code(), c[0] + "\n" + o.err());
            assertTrue(o.err().contains(c[0]), c[0] + "\n" + o.err());
            assertTrue(o.err().strip().lines().count() <= 3, o.err());
        }
    }

    @Test
    void deltaWithoutTheTargetAmongTheInputsIsAUsageError() throws Exception {
        Path f = Files.writeString(dir.resolve("xy.csv"), "x,y\n1,2\n2,3\n3,5\n4,4\n5,6\n6,7\n7,9\n8,8\n9,10\n");
        UseFixture.Output o = UseFixture.run("train", "--target", "y", "--features", "x", "--window", "2",
                "--target-mode", "delta", "--out", dir.resolve("never").toString(), f.toString());
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--target-mode: expected level when the target \"y\" is not among the inputs "
                + "(delta adds back the target's value on the window's last row, which the model must read), got "
                + "delta; add the target to --features, or leave --target-mode out"), o.err());
    }

    @Test
    void aValueOutsideTheLogsDomainIsADataErrorInTrainAndPredict() throws Exception {
        double[] v = values.clone();
        v[40] = 0;
        Path zero = write(dir.resolve("zero.csv"), v, 0);
        Cli.run(dir, "train", "--transform", "log", "--out", "never", "zero.csv").assertError(ExitCodes.DATA,
                "error: zero.csv:42:2 (column \"passengers\"): expected a value > 0 for --transform log, got 0; fix "
                        + "the value, or choose another --transform (log1p takes values > -1; none takes any)");
        assertEquals(0, trained.code(), trained.err());
        Cli.run(dir, "predict", "--model", "run", "zero.csv").assertError(ExitCodes.DATA, "error: zero.csv:42:2 "
                + "(column \"passengers\"): expected a value > 0 for --transform log,seasonal-diff:12, got 0; fix the "
                + "value, or choose another --transform (log1p takes values > -1; none takes any)");
    }

    @Test
    void aCheckpointWithABadRecordedTransformOrModeIsRefused() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        Path best = dir.resolve("run/best.safetensors");
        Path sqrt = CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, "/contract/transform", N.textNode("sqrt"))
                .write(dir.resolve("sqrt.safetensors"));
        CheckpointTrustTest.assertRefused(sqrt, series, sqrt + ": its \"schema\" metadata is missing or malformed, so"
                + " the data layout is unknown (data schema: contract.transform is \"sqrt\", expected none, or log, "
                + "log1p, diff, seasonal-diff:M (M from 1 to 10000) separated by commas, log or log1p first)");
        Path lag = CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, "/contract/transform",
                N.textNode("seasonal-diff:90")).write(dir.resolve("lag.safetensors"));
        CheckpointTrustTest.assertInvalid(lag, series, "schema.contract.transform is \"seasonal-diff:90\" with window"
                + " 12 and horizon 1, expected at most 96 rows with window and horizon (the rows of the training "
                + "file, which held a window)");
        Path mode = CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, "/contract/targetMode", N.textNode("up"))
                .write(dir.resolve("mode.safetensors"));
        Cli.Result r = Cli.run(dir, "predict", "--model", mode.toString(), "passengers.csv");
        r.assertError(ExitCodes.MODEL_OR_IO, "error: " + mode + ": its \"schema\" metadata is missing or malformed, so "
                + "the data layout is unknown (data schema: contract.targetMode is \"up\", expected level or delta)");
    }

    @Test
    void anOnnxExportRefusesATransformedModel() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        Cli.run(dir, "export", "--format", "onnx", "run", "m.onnx").assertError(ExitCodes.MODEL_OR_IO, "error: "
                + Path.of("run", "best.safetensors") + ": cannot be exported: a model trained with --transform "
                + "log,seasonal-diff:12 has no ONNX export in this release (the graph would have to invert the "
                + "transform); use rnn predict, or train with --transform none");
    }
}
