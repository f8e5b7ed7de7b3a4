package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --loss xent: labels as text or integers, the sorted label ↔ index map, class indexes as targets. */
class ClassificationTest {

    @TempDir
    Path dir;

    @Test
    void textLabelsAreSortedAndTargetsAreIndexes() {
        Path f = csv(dir, "text.csv", "id,x,label\nA,1,dog\nB,2,cat\nC,3,bird\nD,4,cat\n");
        LoadedData d = DataLoader.load(f, options().withId("id").withClassification(true));
        assertEquals(List.of("bird", "cat", "dog"), d.schema().contract().classes());
        assertEquals(3, d.schema().contract().outputs());
        Dataset ds = d.train();
        Batch batch = ds.newBatch(4);
        ds.fill(new int[] {0, 1, 2, 3}, 0, 4, batch);
        assertEquals(1, batch.shape().targetWidth());
        assertEquals(3, batch.shape().outputs());
        assertArrayEquals(new double[] {2, 1, 0, 1}, Arrays.copyOf(batch.targets(), 4));
        assertEquals("target: label (classification, 3 classes: bird, cat, dog, output last)",
                d.schema().describe().get(3));
    }

    @Test
    void integerLabelsAreSortedNumerically() {
        Path f = csv(dir, "ints.csv", "id,x,label\nA,1,10\nB,2,9\nC,3,2\nD,4,-1\n");
        LoadedData d = DataLoader.load(f, options().withId("id").withClassification(true));
        assertEquals(List.of("-1", "2", "9", "10"), d.schema().contract().classes());
        assertEquals(3, d.train().target(0, 0, 0));
    }

    @Test
    void windowsOfASeriesWithALabelOnTheTargetRow() {
        Path f = csv(dir, "regime.csv", "x,regime\n1,low\n2,low\n9,high\n8,high\n");
        LoadedData d = DataLoader.load(f, options().withWindow(2, 1, 1).withClassification(true));
        assertEquals(List.of("high", "low"), d.schema().contract().classes());
        assertEquals(0, d.train().target(0, 0, 0), "window rows 1-2, target on row 3: \"high\"");
        assertEquals(List.of("x"), d.schema().contract().features());
    }

    @Test
    void aNumericRegressionTargetIsNotAClassLabel() {
        Path f = csv(dir, "prices.csv", "id,x,price\nA,1,10\nB,2,9.75\nC,3,2\n");
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> DataLoader.load(f, options().withId("id").withClassification(true)));
        assertEquals(2, e.exitCode());
        assertEquals("{{loss}} xent: expected class labels (text or whole numbers) in the target column \"price\", got "
                + "the number \"9.75\" on " + f + ":3; use {{loss}} mse, mae or huber for a numeric target",
                e.getMessage());
    }
}
