package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static rnn.data.TestData.csv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation of the long and wide layouts: round(F·N) sequences, seeded, stratified by class for xent. */
class ValidationSplitTest {

    @TempDir
    Path dir;

    /** n sequences of one row each; sequence i has class labels[i % labels.length]. */
    private Path sequences(int n, String... labels) {
        StringBuilder b = new StringBuilder("id,x,label\n");
        for (int i = 0; i < n; i++) {
            b.append("s").append(i).append(',').append(i).append(',').append(labels[i % labels.length]).append('\n');
        }
        return csv(dir, "seq.csv", b.toString());
    }

    private static List<String> ids(Dataset d) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < d.size(); k++) {
            ids.add(d.sequenceId(k));
        }
        return ids;
    }

    @Test
    void aSeededRandomSubsetInFileOrder() {
        Path f = sequences(20, "0");
        DataOptions o = DataOptions.defaults(42).withId("id").withTargets("x").withFeatures("x").withValSplit(0.25);
        LoadedData a = DataLoader.load(f, o);
        LoadedData b = DataLoader.load(f, o);
        LoadedData c = DataLoader.load(f, o.withSeed(43));
        assertEquals(15, a.train().size());
        assertEquals(5, a.validation().size());
        assertEquals(ids(a.validation()), ids(b.validation()));
        assertNotEquals(ids(a.validation()), ids(c.validation()));
        List<String> v = ids(a.validation());
        List<String> sorted = new ArrayList<>(v);
        sorted.sort((p, q) -> Integer.compare(Integer.parseInt(p.substring(1)), Integer.parseInt(q.substring(1))));
        assertEquals(sorted, v, "both parts keep file order");
    }

    @Test
    void stratifiedByClassWithLargestRemainders() {
        // 5 × "a", 3 × "b", 2 × "c"; F = 0.5 → 5 validate: shares 2.5, 1.5, 1.0 → 2, 1, 1 + the tie to "a"
        Path f = sequences(10, "a", "b", "a", "c", "a", "b", "a", "c", "a", "b");
        LoadedData d = DataLoader.load(f, DataOptions.defaults(7).withId("id").withFeatures("x")
                .withTargets("label").withClassification(true).withValSplit(0.5));
        Map<Double, Integer> counts = new HashMap<>();
        for (int k = 0; k < d.validation().size(); k++) {
            counts.merge(d.validation().target(k, 0, 0), 1, Integer::sum);
        }
        assertEquals(Map.of(0.0, 3, 1.0, 1, 2.0, 1), counts);
        assertEquals("split: 5 training sequences, 5 validation sequences (validation = a seeded random 50%,"
                + " stratified by class)", d.schema().describe().get(4));
    }

    @Test
    void noValidation() {
        LoadedData d = DataLoader.load(sequences(4, "0"), DataOptions.defaults(1).withId("id").withFeatures("x")
                .withTargets("x").withValSplit(0));
        assertNull(d.validation());
        assertEquals(4, d.schema().report().split().trainExamples());
        assertEquals(0, d.schema().report().split().validationExamples());
    }

    @Test
    void wideRowsAreSplitLikeSequences() {
        StringBuilder b = new StringBuilder("a0,a1,y\n");
        for (int i = 0; i < 10; i++) {
            b.append(i).append(',').append(i).append(",0\n");
        }
        LoadedData d = DataLoader.load(csv(dir, "wide.csv", b.toString()), DataOptions.defaults(5)
                .withLayout(TestData.layout("wide"), 2));
        assertEquals(8, d.train().size());
        assertEquals(2, d.validation().size());
    }
}
