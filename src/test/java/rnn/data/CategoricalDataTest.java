package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's side of categorical columns: levels from the rows the training examples touch only (a value seen
 * only in validation rows, or only in a {@code --val} file, reads as 0 = {@code <unk>}), never normalised, a blank
 * read as {@code <unk>} whatever {@code --missing} says, and the level index in the model's last inputs.
 */
class CategoricalDataTest {

    @TempDir
    Path dir;

    /** 40 rows t, x, kind, y: kind alternates a, b, except rows {@code lateFrom}… which hold "late". */
    private Path rows(String name, int lateFrom, int blankRow) {
        StringBuilder b = new StringBuilder("t,x,kind,y\n");
        for (int r = 0; r < 40; r++) {
            String kind = r == blankRow ? "" : r >= lateFrom ? "late" : r % 2 == 0 ? "a" : "b";
            b.append(r).append(',').append(r % 7).append(',').append(kind).append(',').append(r % 5).append('\n');
        }
        return TestData.csv(dir, name, b.toString());
    }

    private static DataOptions window() {
        return DataOptions.defaults(42).withTime("t").withWindow(3, 1, 1);
    }

    /** The level index (the last input) of every real step of every example, in batch order. */
    private static int[] levelCounts(Dataset d, int levels) {
        int[] counts = new int[levels + 1];
        Batch batch = d.newBatch(8);
        BatchIterator it = d.batches(8, null);
        while (it.next(batch)) {
            int in = batch.inputs();
            for (int t = 0; t < batch.steps(); t++) {
                for (int b = 0; b < batch.size(); b++) {
                    int row = t * batch.size() + b;
                    if (batch.mask() == null || batch.mask()[row] != 0) {
                        double v = batch.x()[row * in + in - 1];
                        assertEquals(Math.rint(v), v, "a whole level index, never normalised");
                        counts[(int) v]++;
                    }
                }
            }
        }
        return counts;
    }

    @Test
    void levelsComeFromTheTrainingRowsOnly() {
        LoadedData d = DataLoader.load(rows("late.csv", 36, -1), window());
        assertEquals(List.of(new CategoricalColumn("kind", List.of("a", "b"))), d.contract().categorical());
        assertEquals(List.of("x"), d.contract().features());
        assertEquals(1, d.contract().inputs());
        assertEquals(2, d.train().inputs());
        // 37 windows of rows s..s+2 (target s+3); the last V are validation
        int v = d.schema().report().split().validationExamples();
        int expectedUnk = 0;
        for (int s = 37 - v; s < 37; s++) {
            for (int r = s; r < s + 3; r++) {
                expectedUnk += r >= 36 ? 1 : 0;
            }
        }
        assertTrue(expectedUnk > 0);
        int[] val = levelCounts(d.validation(), 2);
        assertEquals(expectedUnk, val[0], "steps on rows 36..39 (only in validation) read <unk>");
        assertEquals(3 * v - expectedUnk, val[1] + val[2]);
        int[] train = levelCounts(d.train(), 2);
        assertEquals(0, train[0], "no training step reads <unk>");
        assertEquals(3 * (37 - v), train[1] + train[2]);
    }

    @Test
    void aBlankIsUnkWhateverMissingSays() {
        LoadedData d = DataLoader.load(rows("blank.csv", 99, 4), window().withValSplit(0));
        assertEquals(MissingPolicy.ERROR, d.contract().missing());
        assertEquals(List.of("a", "b"), d.contract().categorical().get(0).levels());
        assertEquals(3, levelCounts(d.train(), 2)[0], "row 4 is a step of windows 2, 3 and 4");
        LoadedData dropping = DataLoader.load(rows("blank-drop.csv", 99, 4), window().withValSplit(0)
                .withMissing(MissingPolicy.DROP));
        assertEquals(0, dropping.schema().report().droppedRows(), "a blank category drops no row");
        assertEquals(3, levelCounts(dropping.train(), 2)[0]);
    }

    @Test
    void aValueOnlyInTheValidationFileIsUnk() {
        Path train = rows("train.csv", 99, -1);
        Path val = rows("val.csv", 30, -1);
        LoadedData d = DataLoader.load(train, window().withValFile(val));
        assertEquals(List.of("a", "b"), d.contract().categorical().get(0).levels());
        int[] counts = levelCounts(d.validation(), 2);
        int expectedUnk = 0;
        for (int s = 0; s < 37; s++) {
            for (int r = s; r < s + 3; r++) {
                expectedUnk += r >= 30 ? 1 : 0;
            }
        }
        assertEquals(expectedUnk, counts[0]);
    }

    @Test
    void aModelReadsAnotherFileWithTheStoredLevels() {
        LoadedData d = DataLoader.load(rows("late.csv", 36, -1), window());
        Dataset other = DataLoader.loadForModel(rows("other.csv", 0, 3), d.contract(), ',',
                DataLoader.Purpose.PREDICT);
        assertEquals(2, other.inputs());
        int[] counts = levelCounts(other, 2);
        assertEquals(0, counts[1] + counts[2], "every value is \"late\" or blank: <unk>");
    }

    /**
     * A text column of dates is not made categorical by the default rule: out of order, it is not taken as the
     * time column either (issue 12), and stays ignored, with the reason.
     */
    @Test
    void aDateColumnIsNoCategory() {
        StringBuilder b = new StringBuilder("date,x,y\n");
        for (int r = 0; r < 20; r++) {
            b.append("2024-01-0").append(r % 3 + 1).append(',').append(r).append(',')
                    .append(r % 4).append('\n');
        }
        LoadedData d = DataLoader.load(TestData.csv(dir, "dates.csv", b.toString()), DataOptions.defaults(42)
                .withWindow(3, 1, 1));
        assertEquals(List.of(), d.contract().categorical());
        assertEquals(List.of("\"date\" (dates not in increasing order: not taken as the time column; name it with"
                + " --time to sort by it)"),
                d.schema().report().ignoredColumns());
    }

    /**
     * A column named by --categorical with no value in the 32 training rows (29 training windows touch rows 0..31;
     * values only from row 36): exit 2.
     */
    @Test
    void aNamedColumnWithoutTrainingValuesIsRefused() {
        StringBuilder b = new StringBuilder("t,x,kind,y\n");
        for (int r = 0; r < 40; r++) {
            b.append(r).append(',').append(r % 7).append(',').append(r >= 36 ? "late" : "").append(',')
                    .append(r % 5).append('\n');
        }
        Path f = TestData.csv(dir, "blanks.csv", b.toString());
        TestData.assertDataError(DataException.USAGE, "{{categorical}}: expected a categorical column with values in "
                + "the training rows, got \"kind\" blank in all 32 of them; leave the column out with {{features}}",
                () -> DataLoader.load(f, DataOptions.builder(42).time("t").window(3).categorical(List.of("kind"))
                        .build()));
    }
}
