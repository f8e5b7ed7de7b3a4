package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.FLOAT_TOL;
import static rnn.data.TestData.assertDataError;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 6: a missing target follows {@code --missing-target}, features {@code --missing}. */
class MissingTargetTest {

    @TempDir
    Path dir;

    /** x,y with y missing on lines 5 and 9 (rows 3 and 7): 12 rows. */
    private Path gaps() {
        return csv(dir, "gaps.csv", "x,y\n1,10\n2,20\n3,30\n4,\n5,50\n6,60\n7,70\n8,NaN\n9,90\n10,100\n11,110\n"
                + "12,120\n");
    }

    private static DataOptions raw() {
        return options().withNormalize(Normalization.NONE).withWindow(2, 1, 1).withFeatures("x", "y")
                .withTarget(null, TargetForm.LEVEL);
    }

    @Test
    void aMissingTargetIsAnErrorByDefaultEvenUnderFfill() {
        Path f = gaps();
        String message = f + ":5:2 (column \"y\"): expected a number (a target), got \"\"; fix the value or use"
                + " {{missing_target}} drop|interpolate";
        assertDataError(DataException.DATA, message, () -> DataLoader.load(f, raw()));
        assertDataError(DataException.DATA, message, () -> DataLoader.load(f,
                raw().withMissing(MissingPolicy.FFILL)));
        assertDataError(DataException.DATA, message, () -> DataLoader.load(f, raw()
                .withMissingTarget(MissingTargetPolicy.ERROR).withMissing(MissingPolicy.DROP)));
    }

    @Test
    void dropRemovesTheRowsAndSaysHowManyWindows() {
        Path f = gaps();
        LoadedData d = DataLoader.load(f, raw().withMissingTarget(MissingTargetPolicy.DROP));
        // kept runs: rows 0-2 (3 rows: 1 window of W + H = 3), 4-6 (1), 8-11 (2): 4 windows; without drops 10
        assertEquals(2, d.schema().report().droppedRows());
        assertEquals(4, d.train().size());
        assertEquals(6, d.schema().report().droppedExamples());
        assertEquals("data: " + f + ", 12 rows (2 dropped for missing values, removing 6 windows)",
                d.schema().describe().get(0));
        assertEquals("normalisation: none; missing values: error (features), drop (targets)",
                d.schema().describe().get(5));
    }

    @Test
    void underMissingDropTheTargetDropsByDefault() {
        LoadedData d = DataLoader.load(gaps(), raw().withMissing(MissingPolicy.DROP));
        assertEquals(MissingTargetPolicy.DROP, d.contract().missingTarget());
        assertEquals(4, d.train().size());
    }

    @Test
    void interpolateFillsLinearlyBetweenKnownNeighbours() {
        LoadedData d = DataLoader.load(gaps(), raw().withMissingTarget(MissingTargetPolicy.INTERPOLATE));
        assertEquals(0, d.schema().report().droppedRows());
        assertEquals(10, d.train().size());
        // window 1 = rows 1, 2 → target row 3 (interpolated: (30 + 50) / 2); window 5 → row 7: (70 + 90) / 2
        assertEquals(40, d.train().target(1, 0, 0), FLOAT_TOL);
        assertEquals(40, d.train().input(2, 1, 1), FLOAT_TOL, "as an input too (y is a feature)");
        assertEquals(80, d.train().target(5, 0, 0), FLOAT_TOL);
        assertEquals(MissingTargetPolicy.INTERPOLATE, d.contract().missingTarget());
    }

    /** With a time column the line runs through time, not rows: y(3) = 10 + (50 − 10)·3/4 = 40 (by rows: 30). */
    @Test
    void interpolateFollowsTheTimeColumn() {
        Path f = csv(dir, "irregular.csv", "t,x,y\n0,1,10\n3,2,\n4,3,50\n5,4,60\n6,5,70\n");
        LoadedData d = DataLoader.load(f, raw().withTime("t").withWindow(1, 0, 1)
                .withMissingTarget(MissingTargetPolicy.INTERPOLATE));
        assertEquals(40, d.train().target(1, 0, 0), FLOAT_TOL);
    }

    @Test
    void interpolateRefusesAMissingTargetAtAnEdge() {
        Path first = csv(dir, "first.csv", "id,x,y\nA,1,1\nB,1,\nA,2,2\nB,2,2\nA,3,3\nB,3,3\n");
        assertDataError(DataException.DATA, first + ":3:3 (column \"y\"): expected known target values before and"
                + " after a missing one ({{missing_target}} interpolate), got a missing value at the first rows of"
                + " series \"B\"; fix the value or use {{missing_target}} drop", () -> DataLoader.load(first, raw()
                .withId("id").withLayout(TestData.layout("window"), null)
                .withMissingTarget(MissingTargetPolicy.INTERPOLATE)));
        Path last = csv(dir, "last.csv", "x,y\n1,1\n2,2\n3,3\n4,4\n5,\n");
        assertDataError(DataException.DATA, last + ":6:2 (column \"y\"): expected known target values before and"
                + " after a missing one ({{missing_target}} interpolate), got a missing value at the last rows of the"
                + " series; fix the value or use {{missing_target}} drop", () -> DataLoader.load(last, raw()
                .withMissingTarget(MissingTargetPolicy.INTERPOLATE)));
    }

    /** Features keep --missing: a missing feature is carried forward while the target is interpolated. */
    @Test
    void featuresAndTargetsAreHandledSeparately() {
        Path f = csv(dir, "both.csv", "x,z,y\n1,5,10\n2,,20\n3,7,\n4,8,40\n5,9,50\n");
        LoadedData d = DataLoader.load(f, raw().withFeatures("x", "z").withWindow(1, 0, 1)
                .withMissing(MissingPolicy.FFILL).withMissingTarget(MissingTargetPolicy.INTERPOLATE));
        assertEquals(5, d.train().input(1, 0, 1), FLOAT_TOL, "z carried forward");
        assertEquals(30, d.train().target(2, 0, 0), FLOAT_TOL, "y interpolated");
        assertEquals(1, d.schema().report().filledValues());
        assertEquals("normalisation: none; missing values: ffill (features), interpolate (targets)",
                d.schema().describe().get(5));
    }

    @Test
    void interpolateIsRefusedForClassLabelsAndTheWideLayout() {
        DataException labels = org.junit.jupiter.api.Assertions.assertThrows(DataException.class, () -> options()
                .withClassification(true).withMissingTarget(MissingTargetPolicy.INTERPOLATE));
        assertEquals(DataException.USAGE, labels.exitCode());
        assertEquals("{{missing_target}}: expected error or drop for class labels (a label cannot be interpolated),"
                + " got interpolate", labels.getMessage());
        DataException wide = org.junit.jupiter.api.Assertions.assertThrows(DataException.class, () -> options()
                .withMissingTarget(MissingTargetPolicy.INTERPOLATE).withLayout(TestData.layout("wide"), 2));
        assertEquals(DataException.USAGE, wide.exitCode());
        assertEquals("{{missing_target}}: expected error or drop with the wide layout (interpolation needs rows in"
                + " time order: the window or long layout), got interpolate", wide.getMessage());
    }

    /** Eval never scores a value it filled in: with an interpolating model, a missing target drops its row. */
    @Test
    void evalDropsWhatTrainingInterpolated() {
        LoadedData d = DataLoader.load(gaps(), raw().withMissingTarget(MissingTargetPolicy.INTERPOLATE));
        Dataset eval = DataLoader.loadForModel(gaps(), d.contract(), ',', DataLoader.Purpose.EVALUATE);
        assertEquals(4, eval.size());
        Path f = gaps();
        assertDataError(DataException.DATA, f + ":5:2 (column \"y\"): expected a number, got \"\"; fix the value or"
                + " use {{missing}} drop|ffill", () -> DataLoader.loadForModel(f, d.contract(), ',',
                        DataLoader.Purpose.PREDICT)); // predict reads y as an input only: --missing (error) applies
    }

    /** In a file of several series, those too short for one window are skipped with one warning. */
    @Test
    void shortSeriesAreSkippedWithOneWarning() {
        StringBuilder b = new StringBuilder("id,x,y\n");
        for (int r = 0; r < 6; r++) {
            b.append("long,").append(r).append(',').append(r).append('\n');
        }
        for (String id : List.of("s1", "s2", "s3", "s4", "s5", "s6")) {
            b.append(id).append(",1,1\n").append(id).append(",2,2\n");
        }
        Path f = csv(dir, "short.csv", b.toString());
        LoadedData d = DataLoader.load(f, raw().withId("id").withLayout(TestData.layout("window"), null));
        assertEquals(4, d.train().size(), "6 − 3 + 1 windows of \"long\"");
        assertEquals("6 series of 7 skipped, shorter than one window of --window 2 + --horizon 1 = 3 rows: \"s1\","
                + " \"s2\", \"s3\", \"s4\", \"s5\", …; lower --window or --horizon, or add rows, to use them",
                d.schema().report().warnings().get(0));
        assertTrue(d.schema().describe().contains("warning: " + d.schema().report().warnings().get(0)));
        Dataset eval = DataLoader.loadForModel(f, d.contract(), ',', DataLoader.Purpose.EVALUATE);
        assertEquals(4, eval.size(), "eval skips them too");
    }

    /** Stored in the contract; a contract or report written before the field existed loads as before. */
    @Test
    void theContractStoresThePolicyAndOldSchemasLoadWithTheDefault() {
        DataSchema schema = DataLoader.load(gaps(), raw().withMissingTarget(MissingTargetPolicy.DROP)).schema();
        com.fasterxml.jackson.databind.node.ObjectNode json = schema.toJson();
        assertEquals("drop", json.get("contract").get("missingTarget").asText());
        assertEquals(6, json.get("report").get("droppedExamples").asLong());
        assertEquals(schema, DataSchema.fromJson(json));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("contract")).remove("missingTarget");
        ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("report")).remove(List.of("droppedExamples",
                "notes"));
        DataSchema old = DataSchema.fromJson(json);
        assertEquals(MissingTargetPolicy.ERROR, old.contract().missingTarget(), "error under missing error");
        assertEquals(0, old.report().droppedExamples());
        assertEquals(List.of(), old.report().notes());
        ContractCheck.check(old);
    }

    @Test
    void aCheckpointClaimingInterpolatedClassLabelsIsRefused() {
        Path f = csv(dir, "cls.csv", "x,label\n1,a\n2,b\n3,a\n4,b\n5,a\n");
        DataSchema s = DataLoader.load(f, options().withWindow(2, 1, 1).withClassification(true)).schema();
        DataSchema bad = new DataSchema(s.contract().withMissingTarget(MissingTargetPolicy.INTERPOLATE), s.report());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ContractCheck.check(bad));
        assertEquals("contract.missingTarget is interpolate, expected error or drop (interpolate is for numeric"
                + " targets of the window and long layouts)", e.getMessage());
    }
}
