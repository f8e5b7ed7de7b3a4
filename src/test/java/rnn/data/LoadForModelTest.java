package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.assertDataError;
import static rnn.data.TestData.csv;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataLoader#loadForModel}: another file read with a trained model's schema (predict, eval). */
class LoadForModelTest {

    @TempDir
    Path dir;

    /** The training file read with its own schema gives bit for bit the inputs and targets training saw. */
    @Test
    void theTrainingFileGivesExactlyTheTrainingInputs() {
        Path file = TestData.resource("sunspots_yearly.csv");
        LoadedData training = DataLoader.load(file, DataOptions.defaults(42).withWindow(12, 2, 1));
        Dataset again = DataLoader.loadForModel(file, training.contract(), ',', DataLoader.Purpose.EVALUATE);
        int nTrain = training.train().size();
        assertEquals(nTrain + training.validation().size(), again.size());
        for (int k = 0; k < again.size(); k++) {
            Dataset part = k < nTrain ? training.train() : training.validation();
            int kk = k < nTrain ? k : k - nTrain;
            for (int t = 0; t < 12; t++) {
                assertEquals(Double.doubleToLongBits(part.input(kk, t, 0)), Double.doubleToLongBits(
                        again.input(k, t, 0)), "window " + k + " step " + t);
            }
            assertEquals(Double.doubleToLongBits(part.target(kk, 0, 0)), Double.doubleToLongBits(
                    again.target(k, 0, 0)));
            assertEquals(part.line(kk, 11), again.line(k, 11));
        }
    }

    /** Prediction: every window whose inputs are in the file; the last H forecast beyond its end. */
    @Test
    void predictionAddsForecastWindowsWhoseTargetRowIsBeyondTheFile() {
        Path train = csv(dir, "train.csv", series("y", 30));
        InputContract schema = DataLoader.load(train, DataOptions.defaults(42).withWindow(5, 2, 1)).contract();
        Dataset eval = DataLoader.loadForModel(train, schema, ',', DataLoader.Purpose.EVALUATE);
        Dataset predict = DataLoader.loadForModel(train, schema, ',', DataLoader.Purpose.PREDICT);
        assertEquals(30 - 5 - 2 + 1, eval.size());
        assertEquals(30 - 5 + 1, predict.size());
        // window 0: rows 0..4 (lines 2..6), target row 6 (line 8)
        assertEquals(8, predict.line(0, 4));
        assertEquals(31, predict.line(23, 4), "the last window with a target: target on the last line");
        assertEquals(-1, predict.line(24, 4));
        assertEquals(-1, predict.line(25, 4));
    }

    /** Prediction reads no target values unless the target is an input: the column may be missing or empty. */
    @Test
    void predictionNeedsNoTargetColumn() {
        StringBuilder b = new StringBuilder("id,x,y\n");
        for (int s = 0; s < 4; s++) {
            for (int t = 0; t < 3; t++) {
                b.append("s").append(s).append(',').append(s + t).append(',').append(s * t).append('\n');
            }
        }
        Path train = csv(dir, "long.csv", b.toString());
        InputContract schema = DataLoader.load(train, DataOptions.defaults(42).withValSplit(0).withId("id")
                .withFeatures("x")).contract();
        Path noTarget = csv(dir, "new.csv", "x,id\n1,a\n2,a\n5,b\n");
        Dataset d = DataLoader.loadForModel(noTarget, schema, ',', DataLoader.Purpose.PREDICT);
        assertEquals(2, d.size());
        assertEquals("b", d.sequenceId(1));
        assertEquals(4, d.line(1, 0));
        assertEquals(schema.scaling().featureStats().get(0).normalize(2), d.input(0, 1, 0), TestData.FLOAT_TOL);
        assertDataError(3, dir.resolve("new.csv") + ": expected the columns the model uses (x, y, id), got a header "
                + "without \"y\"; add the column (names are case-sensitive) or check {{delimiter}}",
                () -> DataLoader.loadForModel(noTarget, schema, ',', DataLoader.Purpose.EVALUATE));
    }

    @Test
    void aMissingInputColumnIsNamed() {
        Path train = csv(dir, "train.csv", series("level", 30));
        InputContract schema = DataLoader.load(train, DataOptions.defaults(42)).contract();
        Path other = csv(dir, "other.csv", series("Level", 30));
        assertDataError(3, other + ": expected the columns the model uses (level), got a header without \"level\"; "
                + "add the column (names are case-sensitive) or check {{delimiter}}",
                () -> DataLoader.loadForModel(other, schema, ',', DataLoader.Purpose.PREDICT));
        Path shortFile = csv(dir, "short.csv", series("level", 10));
        assertDataError(3, shortFile + ": expected at least 20 rows (the model's window of 20), got 10; add rows",
                () -> DataLoader.loadForModel(shortFile, schema, ',', DataLoader.Purpose.PREDICT));
        Path tooShortForEval = csv(dir, "short2.csv", series("level", 20));
        assertDataError(3, tooShortForEval + ": expected at least 21 rows (the model's window of 20 + horizon 1), "
                + "got 20; add rows",
                () -> DataLoader.loadForModel(tooShortForEval, schema, ',', DataLoader.Purpose.EVALUATE));
    }

    /** Evaluation: a label training never saw gets the next index after the model's classes, not an error. */
    @Test
    void unseenClassesGetIndexesAfterTheModelsClasses() {
        Path train = csv(dir, "wide.csv", "a0,a1,label\n1,2,x\n2,3,y\n3,4,x\n4,5,y\n");
        InputContract schema = DataLoader.load(train, DataOptions.defaults(42).withValSplit(0)
                .withLayout(TestData.layout("wide"), 2).withClassification(true)).contract();
        assertEquals(List.of("x", "y"), schema.classes());
        Path test = csv(dir, "test.csv", "label,a1,a0\nz,1,1\ny,1,1\nw,1,1\nz,1,1\n");
        Dataset d = DataLoader.loadForModel(test, schema, ',', DataLoader.Purpose.EVALUATE);
        assertEquals(2.0, d.target(0, 0, 0));
        assertEquals(1.0, d.target(1, 0, 0));
        assertEquals(3.0, d.target(2, 0, 0));
        assertEquals(2.0, d.target(3, 0, 0));
        assertEquals("z", d.className(2));
        assertEquals("w", d.className(3));
        assertEquals(4, d.classCount());
        assertEquals(2, d.outputs());
        assertNull(d.time(0, 0));
    }

    private static String series(String name, int rows) {
        StringBuilder b = new StringBuilder(name).append('\n');
        for (int i = 0; i < rows; i++) {
            b.append(Math.sin(i * 0.3) * 10 + i).append('\n');
        }
        return b.toString();
    }
}
