package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.io.CheckpointException;

/**
 * A checkpoint is untrusted input (issue #10): every lie its metadata can tell about sizes, layout, classes,
 * statistics and trainer state is refused with exit code 4 and one line naming the file, the field, the value and
 * what was expected — before anything is sized by it. Each case runs {@code rnn predict} in-process (the exit
 * code) and opens the model as predict does (the exact message, options rendered as flags).
 */
class CheckpointTrustTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final String USE_ANOTHER = "; use another checkpoint (the run directory keeps the last few)";
    private static final Path FORMAT1 = Path.of("src/test/resources/format1").toAbsolutePath();

    @TempDir
    static Path dir;
    static Path window;
    static Path wide;
    static Path classes;

    @BeforeAll
    static void trainOnce() throws IOException {
        window = UseFixture.train(UseFixture.sunspots(), dir.resolve("window"), "hidden", "3", "epochs", "1").dir()
                .resolve("best.safetensors");
        wide = UseFixture.train(sample("sine-wide.csv"), dir.resolve("wide"), "hidden", "2", "epochs", "1",
                "layout", "wide", "steps", "16", "target", "next").dir().resolve("best.safetensors");
        classes = UseFixture.train(sample("shapes-long.csv"), dir.resolve("classes"), "hidden", "2", "epochs", "1",
                "id", "id", "time", "step", "target", "shape", "loss", "xent").dir().resolve("best.safetensors");
    }

    static Path sample(String name) {
        return Path.of("sample-data", name).toAbsolutePath();
    }

    /** {@code rnn predict} exits 4 with nothing on stdout, and the model's message is FILE: invalid …: what; use…. */
    static void assertInvalid(Path model, Path data, String what) {
        assertRefused(model, data, model + ": invalid model description: " + what + USE_ANOTHER);
    }

    static void assertRefused(Path model, Path data, String message) {
        UseFixture.Output o = UseFixture.run("predict", "--model", model.toString(), data.toString());
        assertEquals(4, o.code(), o.err());
        assertEquals("", o.out());
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelSource.open(model, null, false));
        assertEquals(message, TrainOptions.render(e.getMessage()));
        assertEquals(4, e.exitCode());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    private static Path edited(CheckpointEdit e, String name) throws IOException {
        return e.write(dir.resolve(name + ".safetensors"));
    }

    private static Path schemaEdit(Path source, String pointer, JsonNode value) throws IOException {
        return edited(CheckpointEdit.of(source).json(Checkpoint.SCHEMA_KEY, "/contract" + pointer, value),
                "edit-" + pointer.replace('/', '_') + "-" + value.toString().replaceAll("[^A-Za-z0-9-]", "_"));
    }

    @Test
    void hiddenSizesMustBeTheWeightShapes() throws IOException {
        Path f = edited(CheckpointEdit.of(window).json("model", "/hidden/0", N.numberNode(2147483647)), "hidden");
        assertInvalid(f, UseFixture.sunspots(), "model.hidden[0] is 2147483647, expected 3, the size of tensor "
                + "\"layers.0.weight_hh_l0\" [9, 3]");
        Path two = edited(CheckpointEdit.of(window).json("model", "/hidden", N.arrayNode().add(3).add(3)), "layers");
        assertRefused(two, UseFixture.sunspots(), two + ": has no tensor \"layers.1.weight_hh_l0\", so it holds a "
                + "different architecture; check --cell, --hidden and --gru-variant");
        // format 1: the flag map
        Path f1 = edited(CheckpointEdit.of(FORMAT1.resolve("run/best.safetensors")).json("options", "/hidden",
                N.textNode("2147483647")), "hidden-f1");
        assertInvalid(f1, FORMAT1.resolve("sunspots-60.csv"), "model.hidden[0] is 2147483647, expected 4, the size "
                + "of tensor \"layers.0.weight_hh_l0\" [12, 4]");
    }

    @Test
    void inputsAndOutputsMustBeTheWeightShapes() throws IOException {
        assertInvalid(schemaEdit(window, "/inputs", N.numberNode(2)), UseFixture.sunspots(),
                "schema.contract.inputs is 2, expected the 1 feature columns");
        Path in = edited(CheckpointEdit.of(window).json(Checkpoint.SCHEMA_KEY, "/contract/inputs", N.numberNode(2))
                .json(Checkpoint.SCHEMA_KEY, "/contract/columns/features", N.arrayNode().add("sunactivity")
                        .add("date")), "inputs");
        assertInvalid(in, UseFixture.sunspots(), "tensor \"schema.feature_stats\" has shape [1, 7], expected [2, 7] "
                + "(one row of normalisation statistics per column)");
        Path out = schemaEdit(window, "/outputs", N.numberNode(2147483647));
        assertInvalid(out, UseFixture.sunspots(), "schema.contract.columns.targets is 1 columns, expected "
                + "2147483647 (one per output; a classification model lists its classes)");
    }

    @Test
    void theWindowMustFitTheRowsTrainingHad() throws IOException {
        Path data = UseFixture.sunspots();
        assertInvalid(schemaEdit(window, "/shape/window", N.numberNode(2147483647)), data, "schema.contract.shape."
                + "window is 2147483647 with horizon 1, expected window + horizon at most the 309 rows of the "
                + "training file (training formed at least one window)");
        assertInvalid(schemaEdit(window, "/shape/horizon", N.numberNode(2147483647)), data, "schema.contract.shape."
                + "window is 20 with horizon 2147483647, expected window + horizon at most the 309 rows of the "
                + "training file (training formed at least one window)");
        assertInvalid(schemaEdit(window, "/shape/horizon", N.numberNode(-5)), data,
                "schema.contract.shape.horizon is -5, expected a whole number >= 0");
        assertInvalid(schemaEdit(window, "/shape/window", N.numberNode(0)), data,
                "schema.contract.shape.window is 0, expected a whole number >= 1");
        assertInvalid(schemaEdit(window, "/shape/window", N.nullNode()), data,
                "schema.contract.shape.window is null, expected a whole number (the layout needs it)");
        assertInvalid(schemaEdit(window, "/shape/stride", N.numberNode(0)), data,
                "schema.contract.shape.stride is 0, expected a whole number >= 1");
        assertInvalid(schemaEdit(window, "/shape/stride", N.numberNode(-1)), data,
                "schema.contract.shape.stride is -1, expected a whole number >= 1");
    }

    /** A stride longer than the file is legitimate (one window per series): trained, it predicts. */
    @Test
    void aStrideBeyondTheRowsIsAcceptedAsTrainingWroteIt() throws IOException {
        Path run = UseFixture.train(UseFixture.sunspots(), dir.resolve("stride"), "hidden", "2", "epochs", "1",
                "stride", "400", "val-split", "0").dir();
        UseFixture.Output o = UseFixture.run("predict", "--model", run.toString(), UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(2, o.out().lines().count(), "the header and the one window (the next starts past the end)");
        Path huge = schemaEdit(window, "/shape/stride", N.numberNode(Integer.MAX_VALUE));
        UseFixture.Output h = UseFixture.run("predict", "--model", huge.toString(), UseFixture.sunspots().toString());
        assertEquals(0, h.code(), h.err());
        assertEquals(o.out().lines().count(), h.out().lines().count());
    }

    @Test
    void theLayoutOfAFormatOneSchemaIsCheckedAlike() throws IOException {
        Path source = FORMAT1.resolve("run/best.safetensors");
        Path data = FORMAT1.resolve("sunspots-60.csv");
        Path w = edited(CheckpointEdit.of(source).json(Checkpoint.SCHEMA_KEY, "/window", N.numberNode(2147483647)),
                "f1-window");
        assertInvalid(w, data, "schema.contract.shape.window is 2147483647 with horizon 1, expected window + horizon "
                + "at most the 60 rows of the training file (training formed at least one window)");
        Path s = edited(CheckpointEdit.of(source).json(Checkpoint.SCHEMA_KEY, "/stride", N.numberNode(0)),
                "f1-stride");
        assertInvalid(s, data, "schema.contract.shape.stride is 0, expected a whole number >= 1");
        Path t = edited(CheckpointEdit.of(source).json(Checkpoint.SCHEMA_KEY, "/targetStats", N.arrayNode()),
                "f1-stats");
        assertInvalid(t, data, "schema.contract.scaling.targetStats is 0 entries, expected one per column: 1");
    }

    @Test
    void wideStepsMustBeTheFeatureColumnsOverTheInputs() throws IOException {
        assertInvalid(schemaEdit(wide, "/shape/steps", N.numberNode(0)), sample("sine-wide.csv"),
                "schema.contract.shape.steps is 0, expected a whole number >= 1");
        assertInvalid(schemaEdit(wide, "/shape/steps", N.numberNode(2147483647)), sample("sine-wide.csv"),
                "schema.contract.shape.steps is 2147483647, expected features / inputs = 16 / 1 (the wide layout's "
                        + "feature columns are steps × inputs)");
    }

    @Test
    void classLabelsMustBeOnePerOutput() throws IOException {
        Path data = sample("shapes-long.csv");
        assertInvalid(schemaEdit(classes, "/classes", N.arrayNode().add("circle")), data,
                "schema.contract.classes is 1 labels, expected one per output: 3");
        assertInvalid(schemaEdit(classes, "/classes", N.arrayNode()), data, "tensor \"schema.target_stats\" has "
                + "shape [0, 7], expected [1, 7] (one row of normalisation statistics per column)");
        Path none2 = edited(CheckpointEdit.of(classes).asFormat2().json(Checkpoint.SCHEMA_KEY, "/contract/classes",
                N.arrayNode()), "f2-no-classes");
        assertInvalid(none2, data, "schema.contract.columns.targets is 1 columns, expected 3 (one per output; a "
                + "classification model lists its classes)");
        assertInvalid(schemaEdit(classes, "/classes", N.arrayNode().add("circle").add("line").add("line")), data,
                "schema.contract.classes is [circle, line, line], expected distinct labels");
    }

    @Test
    void statisticsMustBeOneFiniteEntryPerColumn() throws IOException {
        Path data = UseFixture.sunspots();
        Path noTargets = edited(CheckpointEdit.of(window).replace(Checkpoint.TARGET_STATS, new long[] {0, 7},
                new double[0]), "target-stats");
        assertInvalid(noTargets, data, "tensor \"schema.target_stats\" has shape [0, 7], expected [1, 7] (one row "
                + "of normalisation statistics per column)");
        Path noFeatures = edited(CheckpointEdit.of(window).replace(Checkpoint.FEATURE_STATS, new long[] {0, 7},
                new double[0]), "feature-stats");
        assertInvalid(noFeatures, data, "tensor \"schema.feature_stats\" has shape [0, 7], expected [1, 7] (one row "
                + "of normalisation statistics per column)");
        String[] scales = {"0.0", "NaN", "-2.0", "Infinity"};
        double[] values = {0, Double.NaN, -2, Double.POSITIVE_INFINITY};
        for (int i = 0; i < scales.length; i++) {
            Path f = edited(CheckpointEdit.of(window).value(Checkpoint.TARGET_STATS, 1, values[i]), "scale" + i);
            assertInvalid(f, data, "schema.contract.scaling.targetStats[0].scale is " + scales[i] + ", expected a "
                    + "number from 1.4E-45 to 6.805646932770577E38 (predictions are z·scale + center)");
        }
        Path center = edited(CheckpointEdit.of(window).value(Checkpoint.FEATURE_STATS, 0, Double.NaN), "center");
        assertInvalid(center, data, "schema.contract.scaling.featureStats[0].center is NaN, expected a finite number "
                + "of at most 6.805646932770577E38 in magnitude (data is read as float32)");
        Path huge = edited(CheckpointEdit.of(window).value(Checkpoint.TARGET_STATS, 0, 1e300), "huge-center");
        assertInvalid(huge, data, "schema.contract.scaling.targetStats[0].center is 1.0E300, expected a finite number "
                + "of at most 6.805646932770577E38 in magnitude (data is read as float32)");
        // format 2: the statistics in the schema's JSON
        Path f2 = edited(CheckpointEdit.of(window).asFormat2().json(Checkpoint.SCHEMA_KEY,
                "/contract/scaling/featureStats", N.arrayNode()), "f2-stats");
        assertInvalid(f2, data, "schema.contract.scaling.featureStats is 0 entries, expected one per column: 1");
        Path f2Scale = edited(CheckpointEdit.of(window).asFormat2().json(Checkpoint.SCHEMA_KEY,
                "/contract/scaling/targetStats/0/scale", N.numberNode(0)), "f2-scale");
        assertInvalid(f2Scale, data, "schema.contract.scaling.targetStats[0].scale is 0.0, expected a number from "
                + "1.4E-45 to 6.805646932770577E38 (predictions are z·scale + center)");
    }

    @Test
    void aFormatTwoCheckpointPredictsAsItsFormatThreeOriginal() throws IOException {
        for (Path model : new Path[] {window, classes}) {
            Path f2 = edited(CheckpointEdit.of(model).asFormat2(), "as-format2-" + model.getParent().getFileName());
            Path data = model == window ? UseFixture.sunspots() : sample("shapes-long.csv");
            UseFixture.Output three = UseFixture.run("predict", "--model", model.toString(), data.toString());
            UseFixture.Output two = UseFixture.run("predict", "--model", f2.toString(), data.toString());
            assertEquals(0, two.code(), two.err());
            assertEquals(three.out(), two.out());
            assertTrue(three.out().lines().count() > 100);
        }
    }

    @Test
    void trainerStateFieldsAreTypedAndRanged() throws IOException {
        String[][] cases = {
            {"/epoch", "-5", "trainer_state.epoch is -5, expected a whole number from 0 to 2147483647"},
            {"/epoch", "\"abc\"", "trainer_state.epoch is \"abc\", expected a whole number from 0 to 2147483647"},
            {"/best_epoch", "7", "trainer_state.best_epoch is 7, expected a whole number from 0 to 1"},
            {"/loss_rows", "\"NaN\"", "trainer_state.loss_rows is \"NaN\", expected a finite number >= 0"},
        };
        for (String[] c : cases) {
            Path f = edited(CheckpointEdit.of(window).json("trainer_state", c[0], CheckpointEdit.JSON.readTree(c[1])),
                    "state" + c[0].substring(1) + c[1].length());
            assertInvalid(f, UseFixture.sunspots(), c[2]);
        }
        JsonNode fifty = N.arrayNode();
        for (int i = 0; i < 50; i++) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) fifty).add("0.5");
        }
        Path schedule = edited(CheckpointEdit.of(window).json("trainer_state", "/schedule", fifty), "schedule");
        assertInvalid(schedule, UseFixture.sunspots(), "trainer_state.schedule is " + fifty + ", expected an array "
                + "of at most 16 numbers");
        Path epoch = edited(CheckpointEdit.of(window).meta("epoch", "5"), "epoch-meta");
        assertInvalid(epoch, UseFixture.sunspots(), "epoch is \"5\", expected 1 as in trainer_state");
    }

    @Test
    void aResumeRefusesAStateThatDoesNotFitTheRun() throws IOException {
        Path batch = edited(CheckpointEdit.of(window).json("trainer_state", "/batch", N.numberNode(2147483647)),
                "batch");
        Path schedule = edited(CheckpointEdit.of(window).json("trainer_state", "/schedule",
                N.arrayNode().add("0.1").add("0.2").add("0.3")), "constant-schedule");
        for (Path f : new Path[] {batch, schedule}) {
            UseFixture.Output o = UseFixture.run("train", "--resume", f.toString(), "--out",
                    dir.resolve("resumed-" + f.getFileName()).toString(), "--epochs", "3", "--plot", "none");
            assertEquals(4, o.code(), o.err());
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws IOException {
        Path nan = edited(CheckpointEdit.of(window).value("layers.0.weight_hh_l0", 4, Double.NaN), "nan");
        assertRefused(nan, UseFixture.sunspots(), nan + ": tensor \"layers.0.weight_hh_l0\" holds NaN at index 4, "
                + "expected finite values; use another checkpoint (or --allow-nonfinite to read a model edited on "
                + "purpose)");
        Path inf = edited(CheckpointEdit.of(window).value("head.bias", 0, Double.NEGATIVE_INFINITY), "inf");
        assertRefused(inf, UseFixture.sunspots(), inf + ": tensor \"head.bias\" holds -Infinity at index 0, "
                + "expected finite values; use another checkpoint (or --allow-nonfinite to read a model edited on "
                + "purpose)");
        UseFixture.Output o = UseFixture.run("predict", "--allow-nonfinite", "--model", inf.toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("date,line,pred_sunactivity,actual_sunactivity", o.out().lines().findFirst().orElseThrow());
        assertTrue(o.out().lines().skip(1).allMatch(l -> l.split(",", -1)[2].equals("-Infinity")), o.out());
        assertEquals(0, UseFixture.run("inspect", "--allow-nonfinite", inf.toString()).code());
        assertEquals(4, UseFixture.run("eval", "--model", inf.toString(), UseFixture.sunspots().toString()).code());
    }

    @Test
    void theLossAndOutputModeMustBeTheSchemas() throws IOException {
        Path mse = edited(CheckpointEdit.of(classes).json("training", "/loss", N.textNode("mse")), "loss");
        assertInvalid(mse, sample("shapes-long.csv"), "training.loss is mse, expected xent, as the schema lists "
                + "class labels");
        Path seq = edited(CheckpointEdit.of(window).json("model", "/output", N.textNode("sequence")), "output");
        assertInvalid(seq, UseFixture.sunspots(), "model.output is sequence, expected the schema's last");
    }

    @Test
    void aFileThatIsNotACheckpointIsNamedAsSuch() throws IOException {
        Path json = dir.resolve("window/config.json");
        assertRefused(json, UseFixture.sunspots(), json + ": not a safetensors checkpoint: it begins with the text "
                + "\"{\\n  \"for\" (a JSON, CSV or other text file?), not with an 8-byte header length; name a "
                + ".safetensors file written by rnn train or PyTorch");
    }
}
