package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.data.TestData.csv;
import static rnn.data.TestData.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.random.Rng;

/** Seeded shuffling, the kept last partial batch, reused buffers. */
class BatchTest {

    @TempDir
    Path dir;

    private Dataset ten;

    @BeforeEach
    void tenWindows() {
        StringBuilder b = new StringBuilder("x\n");
        for (int r = 0; r < 12; r++) {
            b.append(r).append('\n');
        }
        ten = DataLoader.load(csv(dir, "ten.csv", b.toString()), options().withWindow(2, 1, 1)).train();
    }

    private static List<int[]> epoch(BatchIterator it, Batch batch) {
        List<int[]> batches = new ArrayList<>();
        it.startEpoch();
        while (it.next(batch)) {
            int[] ex = new int[batch.size()];
            for (int b = 0; b < ex.length; b++) {
                ex[b] = batch.example(b);
            }
            batches.add(ex);
        }
        return batches;
    }

    @Test
    void everyExampleOnceAndTheLastPartialBatchKept() {
        assertEquals(10, ten.size());
        Batch batch = ten.newBatch(4);
        BatchIterator it = ten.batches(4, new Rng(1));
        assertEquals(3, it.batchesPerEpoch());
        List<int[]> batches = epoch(it, batch);
        assertEquals(List.of(4, 4, 2), batches.stream().map(a -> a.length).toList());
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(Examples.identity(10), all);
        assertFalse(it.next(batch));
    }

    @Test
    void theSameSeedGivesTheSameOrderAndAnotherSeedAnother() {
        Batch batch = ten.newBatch(3);
        BatchIterator a = ten.batches(3, new Rng(9));
        BatchIterator b = ten.batches(3, new Rng(9));
        BatchIterator c = ten.batches(3, new Rng(10));
        List<int[]> a1 = epoch(a, batch);
        List<int[]> a2 = epoch(a, batch);
        List<int[]> b1 = epoch(b, batch);
        List<int[]> c1 = epoch(c, batch);
        assertTrue(Arrays.deepEquals(a1.toArray(), b1.toArray()));
        assertFalse(Arrays.deepEquals(a1.toArray(), a2.toArray()), "a new order every epoch");
        assertFalse(Arrays.deepEquals(a1.toArray(), c1.toArray()));
    }

    @Test
    void aRestoredGeneratorStateRepeatsTheOrder() {
        Rng rng = new Rng(5);
        BatchIterator it = ten.batches(4, rng);
        long state = rng.state();
        int[] first = it.order();
        it.startEpoch();
        int[] second = it.order();
        rng.setState(state);
        it.startEpoch();
        assertArrayEquals(second, it.order());
        assertNotEquals(Arrays.toString(first), Arrays.toString(second));
    }

    @Test
    void withoutAGeneratorBatchesAreInFileOrder() {
        Batch batch = ten.newBatch(4);
        List<int[]> batches = epoch(ten.batches(4, null), batch);
        assertArrayEquals(new int[] {8, 9}, batches.get(2));
    }

    @Test
    void buffersAreAllocatedOnceAndReused() {
        Batch batch = ten.newBatch(4);
        double[] x = batch.x();
        double[] y = batch.targets();
        BatchIterator it = ten.batches(4, new Rng(2));
        while (it.next(batch)) {
            assertSame(x, batch.x());
            assertSame(y, batch.targets());
            assertNull(batch.mask(), "windows are never padded");
            assertEquals(2, batch.steps());
        }
        assertEquals(4 * 2, x.length);
    }

    @Test
    void aBatchTooSmallForTheExamplesIsRefused() {
        Batch small = ten.newBatch(2);
        assertThrows(IllegalArgumentException.class, () -> ten.fill(Examples.identity(10), 0, 3, small));
        assertThrows(IllegalArgumentException.class, () -> ten.newBatch(0));
    }
}
