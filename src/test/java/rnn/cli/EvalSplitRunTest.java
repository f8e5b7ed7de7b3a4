package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;

/**
 * Issue 12 items 3 and 4 from the command line: the baselines in the train log and summary.json, the end-of-training
 * line both ways, {@code rnn eval --split} scoring exactly the recorded examples, and the bad inputs.
 */
class EvalSplitRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MONTHS = 60;
    private static final int WINDOW = 12;

    @TempDir
    static Path dir;
    static Cli.Result monthly;
    static double[] passengers;

    /** 60 months of trend × seasonality + a little noise (AirPassengers-like), trained 2 epochs: it loses. */
    @BeforeAll
    static void trainOnce() throws Exception {
        passengers = new double[MONTHS];
        StringBuilder b = new StringBuilder("month,passengers\n");
        for (int r = 0; r < MONTHS; r++) {
            passengers[r] = Math.round((100 + 2 * r) * (1 + 0.3 * Math.sin(2 * Math.PI * r / 12)) + (r * 7919 % 13));
            b.append(LocalDate.of(1949, 1, 1).plusMonths(r)).append(',').append((long) passengers[r]).append('\n');
        }
        Files.writeString(dir.resolve("air.csv"), b);
        monthly = Cli.run(dir, "train", "--epochs", "2", "--hidden", "3", "--window", "" + WINDOW, "--threads", "1",
                "--plot", "none", "--out", "run", "air.csv");
        assertEquals(0, monthly.code(), monthly.err());
    }

    private static JsonNode json(Path p) throws Exception {
        return JSON.readTree(p.toFile());
    }

    /** The validation windows of the 60 months: 48 windows, the last 48 − floor(0.8·48) = 10 (targets 50..59). */
    private static double rmse(int lag) {
        double sse = 0;
        for (int target = 50; target < MONTHS; target++) {
            double e = passengers[target - lag] - passengers[target];
            sse += e * e;
        }
        return Math.sqrt(sse / 10);
    }

    @Test
    void theTrainLogSummaryAndEndLineGiveTheBaselines() throws Exception {
        List<String> lines = monthly.err().lines().toList();
        int split = -1;
        for (int i = 0; i < lines.size() && split < 0; i++) {
            split = lines.get(i).contains("split: 38 training windows, 10 validation windows") ? i : -1;
        }
        assertTrue(split >= 0, monthly.err());
        assertTrue(lines.get(split + 2).endsWith("season: 12 rows (the step of \"month\": monthly; --season M to change"
                + " it): the seasonal-naive baseline is the value 12 rows before the target"), monthly.err());
        assertTrue(lines.get(split + 3).contains("baseline last_value (the target's last value in the window: no "
                + "change over the horizon): validation loss "), monthly.err());
        assertTrue(lines.get(split + 4).contains("baseline seasonal_naive (the value one season, 12 rows, before the "
                + "target): validation loss "), monthly.err());
        JsonNode base = json(dir.resolve("run/summary.json")).get("baselines");
        assertEquals(rmse(1), base.get("last_value").get("rmse").asDouble(), 1e-4 * rmse(1));
        assertEquals(rmse(12), base.get("seasonal_naive").get("rmse").asDouble(), 1e-4 * rmse(12));
        assertTrue(lines.get(split + 3).endsWith(String.format(java.util.Locale.ROOT, "RMSE %.5g", rmse(1))),
                lines.get(split + 3));
        assertFalse(base.get("beaten_by_model").asBoolean());
        // the detected season is made explicit, as the detected time column is: --config and --resume repeat it
        assertEquals(12, json(dir.resolve("run/config.json")).at("/data/season").asInt());
        assertEquals(12, json(dir.resolve("run/config.json")).at("/schema/contract/shape/season").asInt());
        double rmse = base.get("model_rmse").asDouble();
        String last = monthly.lastErrLine();
        assertEquals(String.format(java.util.Locale.ROOT, "warning: validation RMSE of the best model %.5g does NOT "
                + "beat the naive last value (%.5g) and the seasonal naive (%.5g)", rmse, rmse(1), rmse(12)), last);
        // the model's RMSE is eval's on the validation part of the training file
        UseFixture.Output e = UseFixture.run("eval", "--json", "--model", dir.resolve("run").toString(),
                dir.resolve("air.csv").toString());
        assertEquals(0, e.code(), e.err());
        assertEquals(rmse, new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.out()).at("/metrics/rmse")
                .asDouble(), 1e-6 * rmse); // float32 products: eval may pick other kernels
    }

    /** The best val_loss of loss.csv (best.safetensors is that epoch's). */
    private static double bestValLoss(Path run) throws Exception {
        return Files.readAllLines(run.resolve("loss.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[2])).min().orElseThrow();
    }

    /**
     * {@code rnn eval --json} in a child JVM like the training run's (the same kernels: the test JVM has the vector
     * module, the child not, and the plain-Java kernels round differently from the vector ones' equivalents).
     */
    private static JsonNode eval(String... args) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("eval", "--json", "--threads", "1"));
        a.addAll(List.of(args));
        Cli.Result o = Cli.run(dir, a.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return JSON.readTree(o.out());
    }

    @Test
    void evalOfTheTrainingFileScoresItsValidationWindowsByDefault() throws Exception {
        String model = dir.resolve("run").toString();
        String data = dir.resolve("air.csv").toString();
        JsonNode v = eval("--model", model, data);
        assertEquals("validation", v.get("split").asText());
        assertEquals("the examples the run validated on: " + data + " is the model's training file",
                v.get("split_reason").asText());
        assertEquals(10, v.get("examples").asInt());
        assertEquals(bestValLoss(dir.resolve("run")), v.get("loss").asDouble(), 1e-9);
        assertEquals(rmse(12), v.get("baselines").get("seasonal_naive").get("rmse").asDouble(), 1e-4 * rmse(12));
        assertEquals(v.toString(), eval("--model", model, "--split", "validation", data).toString()
                .replace("the examples the run validated on, as --split validation asks",
                        "the examples the run validated on: " + data + " is the model's training file"));
        JsonNode t = eval("--model", model, "--split", "training", data);
        assertEquals(38, t.get("examples").asInt());
        assertEquals("training", t.get("split").asText());
        JsonNode all = eval("--model", model, "--split", "all", data);
        assertEquals(48, all.get("examples").asInt());
        // the parts are the whole: the losses, weighted by examples, add up (mse is a mean over windows)
        assertEquals(all.get("loss").asDouble() * 48, t.get("loss").asDouble() * 38 + v.get("loss").asDouble() * 10,
                1e-9);
        UseFixture.Output table = UseFixture.run("eval", "--threads", "1", "--model", model, data);
        assertTrue(table.out().contains("\nsplit     validation (the examples the run validated on: " + data
                + " is the model's training file)\n"), table.out());
    }

    /** {@code rnn eval --json} in this JVM (for what does not compare losses with the training run's). */
    private static JsonNode evalHere(String... args) throws Exception {
        List<String> a = new java.util.ArrayList<>(List.of("eval", "--json", "--threads", "1"));
        a.addAll(List.of(args));
        UseFixture.Output o = UseFixture.run(a.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return JSON.readTree(o.out());
    }

    @Test
    void aModelValidatedOnAnotherFileHasNoValidationPartInItsTrainingFile() throws Exception {
        Path train = dir.resolve("first.csv");
        Path val = dir.resolve("second.csv");
        List<String> rows = Files.readAllLines(dir.resolve("air.csv"));
        Files.write(train, rows.subList(0, 41));
        Files.write(val, java.util.stream.Stream.concat(rows.subList(0, 1).stream(), rows.subList(41, 61).stream())
                .toList());
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--hidden", "2", "--window", "6", "--threads", "1",
                "--plot", "none", "--val", "second.csv", "--out", "withval", "first.csv");
        assertEquals(0, r.code(), r.err());
        String model = dir.resolve("withval").toString();
        JsonNode all = evalHere("--model", model, train.toString());
        assertEquals("all", all.get("split").asText());
        assertEquals("every example of the model's training file: it was validated on second.csv (--val)",
                all.get("split_reason").asText());
        assertEquals(40 - 6 - 1 + 1, all.get("examples").asInt());
        assertEquals(34, evalHere("--model", model, "--split", "training", train.toString()).get("examples").asInt());
        UseFixture.Output o = UseFixture.run("eval", "--model", model, "--split", "validation", train.toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("rnn: --split validation: expected a model validated on a part of " + train
                + ", got one validated on second.csv (--val): evaluate that file; use --split all"), o.err());
    }

    @Test
    void anotherFileIsScoredWholeAndRefusesAPart() throws Exception {
        String model = dir.resolve("run").toString();
        Path other = dir.resolve("other.csv");
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("air.csv")));
        rows.set(5, rows.get(5).replaceAll(",\\d+$", ",1"));
        Files.write(other, rows);
        JsonNode all = evalHere("--model", model, other.toString());
        assertEquals("all", all.get("split").asText());
        assertEquals("every example: " + other + " is not the model's training file", all.get("split_reason").asText());
        assertEquals(48, all.get("examples").asInt());
        for (String part : new String[] {"validation", "training"}) {
            UseFixture.Output o = UseFixture.run("eval", "--model", model, "--split", part, other.toString());
            assertEquals(2, o.code(), o.err());
            assertEquals("", o.out());
            String first = o.err().lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("rnn: --split " + part + ": expected the model's training file (SHA-256 "), first);
            assertTrue(first.contains("), got " + other + " (SHA-256 " + sha256(other).substring(0, 12) + "); use "
                    + "--split all (the default for another file)"), first);
        }
        UseFixture.Output bad = UseFixture.run("eval", "--model", model, "--split", "test", other.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("expected one of validation, training, all, got \"test\""), bad.err());
    }

    private static String sha256(Path p) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        return java.util.HexFormat.of().formatHex(d);
    }

    @Test
    void aRandomSplitOfSequencesIsScoredExactly() throws Exception {
        // long layout: 40 sequences of 6 rows, 20% validate, drawn at random (seeded): eval's loss = loss.csv's
        StringBuilder b = new StringBuilder("id,step,x,y\n");
        for (int s = 0; s < 40; s++) {
            for (int t = 0; t < 6; t++) {
                b.append("s").append(s).append(',').append(t).append(',').append((s * 31 + t * 17) % 23).append(',')
                        .append((s * 13 + t * 7) % 19).append('\n');
            }
        }
        Files.writeString(dir.resolve("long.csv"), b);
        Cli.Result r = Cli.run(dir, "train", "--epochs", "2", "--hidden", "3", "--id", "id", "--time", "step",
                "--target", "y", "--threads", "1", "--plot", "none", "--out", "long", "long.csv");
        assertEquals(0, r.code(), r.err());
        JsonNode v = eval("--model", dir.resolve("long").toString(), dir.resolve("long.csv").toString());
        assertEquals("validation", v.get("split").asText());
        assertEquals(8, v.get("examples").asInt());
        assertEquals(bestValLoss(dir.resolve("long")), v.get("loss").asDouble(), 1e-9);
        JsonNode runs = json(dir.resolve("long/config.json")).at("/schema/report/split/runs");
        int validating = 0;
        for (int i = 1; i < runs.size(); i += 2) {
            validating += runs.get(i).asInt();
        }
        assertEquals(8, validating);
        assertTrue(runs.size() > 2, "a random subset: several runs, " + runs);
    }

    @Test
    void aCorruptRecordedSplitOrSeasonIsExit4() throws Exception {
        Path best = dir.resolve("run/best.safetensors");
        JsonNodeFactory n = JsonNodeFactory.instance;
        Object[][] cases = {
            {"/report/split/runs/0", n.numberNode(1000), "report.split.runs is 1000 training and 10 validation "
                    + "examples, expected 38 and 10 of the 48 examples (report.split, report.counts)"},
            {"/report/split/validationExamples", n.numberNode(11), "report.split.runs is 38 training and 10 "
                    + "validation examples, expected 38 and 11 of the 48 examples (report.split, report.counts)"},
            {"/report/split/runs/1", n.numberNode(-1), "report.split.runs[1] is -1, expected a whole number >= 0"},
            {"/report/split/runs", n.arrayNode().add(38).add(9).add(0).add(1), null},
            {"/contract/shape/season", n.numberNode(1), "contract.shape.season is 1, expected a whole number from 2 "
                    + "to the 60 rows of the training file"},
            {"/contract/shape/season", n.numberNode(61), "contract.shape.season is 61, expected a whole number from 2"
                    + " to the 60 rows of the training file"},
            {"/report/split/trainClasses", n.arrayNode().add(3), "report.split.trainClasses is 1 counts, expected "
                    + "one per class: 0"},
        };
        int i = 0;
        for (Object[] c : cases) {
            Path edited = CheckpointEdit.of(best).json(Checkpoint.SCHEMA_KEY, (String) c[0], (JsonNode) c[1])
                    .write(dir.resolve("bad-" + i++ + ".safetensors"));
            UseFixture.Output o = UseFixture.run("eval", "--model", edited.toString(),
                    dir.resolve("air.csv").toString());
            if (c[2] == null) { // a different but consistent split (38 training, 10 validation) is honoured
                assertEquals(0, o.code(), o.err());
                continue;
            }
            assertEquals(4, o.code(), o.err());
            assertEquals("", o.out());
            rnn.io.CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(
                    rnn.io.CheckpointException.class, () -> ModelSource.open(edited, null, false));
            assertEquals(edited + ": invalid model description: schema." + c[2] + "; use another checkpoint (the run "
                    + "directory keeps the last few)", e.getMessage());
        }
    }
}
