package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.RecurrentModel;

/** The working-set estimate against counts made by hand, and its two refusals. */
class WorkingSetTest {

    private static final ModelSpec GRU = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 2,
            new int[] {3}, 1, OutputMode.LAST, 0);
    private static final ModelSpec LSTM2 = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 1,
            new int[] {2, 3}, 2, OutputMode.SEQUENCE, 0);

    @Test
    void aSmallGruCountedByHand() {
        // I = 2, H = 3, O = 1, G = 3, one bias; B = 4, T = 5; adam: 2 state arrays; 100 bytes of data
        WorkingSet w = WorkingSet.of(GRU, 4, 5, 2, 100);
        // P = G·H·(I + H + 1) + O·(H + 1) = 9·6 + 4
        assertEquals(58, w.parameters());
        // (2 + 2)·58 values + packed weights 9·(2 + 3) = 277 values
        assertEquals(277 * 8, w.modelBytes());
        // layer: T·B·(3·9 + 3·3 + 2) = 20·38 = 760, B·(G + 8)·H = 4·11·3 = 132; head (last): B·(O + H) = 16;
        // two batches: 2·(T·B·(I + 1) + B·O) = 2·(60 + 4) = 128 → 1036 values
        assertEquals(1036 * 8, w.activations());
        assertEquals(277 * 8 + 1036 * 8 + 100, w.totalBytes());
        // the largest array: the 20 × 9 gate activations
        assertEquals(180, w.largest());
    }

    /** Recurrent dropout adds, per layer, h̃ for (T + 1)·B rows and the B×H mask. */
    @Test
    void recurrentDropoutCountsItsMaskedStates() {
        WorkingSet w = WorkingSet.of(GRU.withRecurrentDropout(0.3), 4, 5, 2, 100);
        // 1036 as above + (20 + 4)·3 + 4·3 = 1036 + 72 + 12
        assertEquals((1036 + 84) * 8, w.activations());
        assertEquals(58, w.parameters());
    }

    /**
     * A categorical column: the model reads I = 2 (one numeric feature and one level index), the layer 1 + D = 1 + 2
     * values; the table of (4 + 1) × 2 is counted with the parameters, the stage's output and input gradient with the
     * activations.
     */
    @Test
    void embeddingTablesAreCountedByHand() {
        ModelSpec spec = GRU.withEmbeddings(java.util.List.of(new rnn.nn.EmbeddingSpec("c", 4, 2)));
        WorkingSet w = WorkingSet.of(spec, 4, 5, 2, 100);
        // P = 5·2 + G·H·(I_0 + H + 1) + O·(H + 1) = 10 + 9·(3 + 3 + 1) + 4 = 77
        assertEquals(77, w.parameters());
        assertEquals(77, new RecurrentModel(spec, Compute.singleThreaded()).parameters().count());
        // (2 + 2)·77 + packed 9·(3 + 3) = 362 values
        assertEquals(362 * 8, w.modelBytes());
        // layer: 20·(27 + 9 + 3) + 132 = 912; stage: 20·(3 + 2) = 100; head 16; batches 2·(20·3 + 4) = 128 → 1156
        assertEquals(1156 * 8, w.activations());
    }

    @Test
    void aTwoLayerLstmCountedByHand() {
        // I = 1, H = [2, 3], O = 2, --output sequence; G = 4, two biases; B = 2, T = 3; sgd without momentum
        WorkingSet w = WorkingSet.of(LSTM2, 2, 3, 0, 0);
        // layer 0: 8·(1 + 2 + 2) = 40; layer 1: 12·(2 + 3 + 2) = 84; head 2·(3 + 1) = 8
        assertEquals(132, w.parameters());
        // 2·132 + packed 8·3 + 12·5 = 264 + 84 = 348
        assertEquals(348 * 8, w.modelBytes());
        // layer 0: 6·(24 + 6 + 1) + 2·12·2 = 186 + 48; layer 1: 6·(36 + 9 + 2) + 2·12·3 = 282 + 72;
        // head (sequence): 6·(2 + 3) = 30; batches 2·(6·2 + 6·2) = 48 → 666
        assertEquals(666 * 8, w.activations());
    }

    @Test
    void aBidirectionalGruCountedByHand() {
        // GRU's spec bidirectional: two directions of 9·6 each; head O·(2H + 1) = 7
        WorkingSet w = WorkingSet.of(new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 2,
                new int[] {3}, 1, OutputMode.LAST, 0, true), 4, 5, 2, 100);
        assertEquals(2 * 54 + 7, w.parameters());
        // (2 + 2)·115 + packed 2·9·5 = 550 values
        assertEquals(550 * 8, w.modelBytes());
        // two directions 2·(760 + 132); reversed input, its gradient, output and its split: T·B·(2·I + 4·H) = 20·16;
        // head (last): B·(O + 2H) = 28; batches 128 → 1784 + 320 + 28 + 128 = 2260
        assertEquals(2260 * 8, w.activations());
    }

    @Test
    void theParameterCountIsTheModels() {
        for (ModelSpec spec : new ModelSpec[] {GRU, LSTM2,
                new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, 3, new int[] {4, 5}, 2,
                        OutputMode.LAST, 0),
                new ModelSpec(CellType.RNN, Activation.RELU, GruVariant.CLASSIC, 2, new int[] {6}, 3,
                        OutputMode.SEQUENCE, 0),
                new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 3, new int[] {4, 5}, 2,
                        OutputMode.LAST, 0, true),
                new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 2, new int[] {3}, 1,
                        OutputMode.SEQUENCE, 0, true)}) {
            try (Compute c = Compute.singleThreaded()) {
                assertEquals(new RecurrentModel(spec, c).parameters().count(), WorkingSet.of(spec, 1, 1, 2, 0)
                        .parameters(), spec.toString());
            }
        }
    }

    @Test
    void anArrayBeyondAJavaArrayIsRefusedWithItsShape() {
        ModelSpec big = new ModelSpec(CellType.GRU, Activation.TANH, GruVariant.CLASSIC, 1, new int[] {46341}, 1,
                OutputMode.LAST, 0);
        SizeLimitException e = assertThrows(SizeLimitException.class,
                () -> WorkingSet.of(big, 1, 1, 2, 0).requireFits(Long.MAX_VALUE, "lower {{hidden}}"));
        assertEquals("the 139023 × 46341 recurrent weights of a gru layer of 46341 units would be 6442464843 numbers, "
                + "more than the 2147483639 one Java array can hold; lower {{hidden}}", e.getMessage());
        assertEquals(26754, WorkingSet.maxUnits(CellType.GRU));
        assertEquals(46340, WorkingSet.maxUnits(CellType.RNN));
    }

    @Test
    void sizesBeyondALongSaturateInsteadOfWrapping() {
        ModelSpec huge = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 1,
                new int[] {Integer.MAX_VALUE}, 1, OutputMode.LAST, 0);
        WorkingSet w = WorkingSet.of(huge, Integer.MAX_VALUE, Integer.MAX_VALUE, 2, 0);
        assertEquals(Long.MAX_VALUE, w.totalBytes());
        assertEquals("more than 9 EB", WorkingSet.bytes(w.totalBytes()));
    }

    @Test
    void moreThanTheHeapIsRefusedWithTheFigures() {
        WorkingSet w = WorkingSet.of(GRU, 4, 5, 2, 100); // 10604 bytes
        assertEquals(w, w.requireFits(10604, "lower {{hidden}}"));
        SizeLimitException e = assertThrows(SizeLimitException.class, () -> w.requireFits(10603, "lower {{hidden}}"));
        assertEquals("training needs about 10.6 KB (58 parameters: weights, gradients and optimizer state 2.2 KB; "
                + "activations kept for a batch 8.3 KB; data 100 bytes), more than the 10.6 KB this JVM may use; "
                + "lower {{hidden}}, or give Java more memory: RNN_JAVA_OPTS=-Xmx1m", e.getMessage());
    }

    @Test
    void theSuggestedHeapHasAQuarterMoreRoundedUp() {
        assertEquals("-Xmx1m", WorkingSet.xmx(0));
        assertEquals("-Xmx641m", WorkingSet.xmx(512L << 20)); // 640 MiB + 1
        assertEquals("-Xmx3g", WorkingSet.xmx(2L << 30)); // 2.5 GiB → 3g
        assertEquals("1.5 GB", WorkingSet.bytes(1_500_000_000L));
    }
}
