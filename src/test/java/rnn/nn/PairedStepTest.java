package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnn.random.Rng;

/**
 * A token's step with the multiplies shared between two threads ({@link PairedStep}) gives the logits of the
 * one-thread forward bit for bit (the one-thread path is itself checked against full forwards over the growing
 * text in {@code TextGeneratorTest}), for every cell, both input stages, two and three layers and both kernel
 * families, with the partner thread running every shared part; the partner allocates nothing per step and ends
 * when the weights are unfrozen.
 */
class PairedStepTest {

    private static final int V = 29;
    /** Sizes (and an embedding of 64) at which every multiply of the layers packs its operands, so every layer pairs. */
    private static final int[] TWO_LAYERS = {64, 80};
    private static final int[] THREE_LAYERS = {64, 80, 64};

    private static ModelSpec spec(CellType cell, Activation activation, GruVariant variant, int[] hidden,
                                  int embedding) {
        return new ModelSpec(cell, activation, variant, 1, hidden, V, OutputMode.SEQUENCE, 0.0, 0.0, false)
                .withTokens(new TokenInput(V, embedding));
    }

    /**
     * The logits of {@code tokens} steps, each fed the arg-max of the previous step's logits (the first: token 3),
     * from the zero state with the state carried and the weights frozen, concatenated.
     */
    private static double[] steps(RecurrentModel model, int tokens) {
        double[] x = new double[1];
        SequenceInput step = SequenceInput.of(x, 1, 1, 1);
        double[] all = new double[tokens * V];
        x[0] = 3;
        model.freezeWeights(true);
        try {
            for (int n = 0; n < tokens; n++) {
                double[] logits = model.forward(step, false, n > 0);
                System.arraycopy(logits, 0, all, n * V, V);
                int best = 0;
                for (int j = 1; j < V; j++) {
                    if (logits[j] > logits[best]) {
                        best = j;
                    }
                }
                x[0] = best;
            }
        } finally {
            model.freezeWeights(false);
        }
        return all;
    }

    private static RecurrentModel model(ModelSpec spec, Compute compute, long seed) {
        RecurrentModel m = new RecurrentModel(spec, compute);
        m.initialize(new Rng(seed));
        return m;
    }

    @ParameterizedTest(name = "{0} {1} {2} embedding {3} layers {4} {5}")
    @CsvSource({
        "LSTM, TANH, RESET_AFTER, 0, 2, vector", "LSTM, TANH, RESET_AFTER, 0, 2, quick",
        "LSTM, TANH, RESET_AFTER, 64, 2, vector", "LSTM, TANH, RESET_AFTER, 0, 3, vector",
        "GRU, TANH, RESET_AFTER, 0, 2, vector", "GRU, TANH, RESET_AFTER, 0, 2, quick",
        "GRU, TANH, RESET_AFTER, 64, 3, vector", "GRU, TANH, CLASSIC, 0, 2, vector",
        "RNN, TANH, RESET_AFTER, 0, 2, vector", "RNN, RELU, RESET_AFTER, 64, 3, quick"})
    void twoThreadsGiveTheBitsOfOne(CellType cell, Activation activation, GruVariant variant, int embedding,
                                    int layers, String kernels) {
        ModelSpec spec = spec(cell, activation, variant, layers == 2 ? TWO_LAYERS : THREE_LAYERS, embedding);
        Function<Integer, Compute> compute = threads -> kernels.equals("quick")
                ? Compute.quickStart(threads, Precision.FLOAT) : new Compute(threads, Precision.FLOAT);
        for (long seed : new long[] {4, 11}) {
            double[] one;
            try (Compute c = compute.apply(1)) {
                one = steps(model(spec, c, seed), 60);
            }
            try (Compute c = compute.apply(2)) {
                RecurrentModel paired = model(spec, c, seed);
                paired.pairedStep().alwaysWaitForPartner();
                double[] two = steps(paired, 60);
                assertArrayEquals(one, two, "seed " + seed);
                // every step after the first (from the zero state, which packs the weights) was
                // paired, each with one shared part per layer, all run by the partner
                assertEquals(59, paired.pairedStep().steps(), "paired steps");
                assertEquals(59L * layers, paired.pairedStep().partnerParts(), "parts run by the partner");
            }
        }
    }

    /** {@code n} steps of the model of {@code seed} on one thread (the reference bits). */
    private static double[] oneThread(ModelSpec spec, int seed, int n) {
        try (Compute c = new Compute(1, Precision.FLOAT)) {
            return steps(model(spec, c, seed), n);
        }
    }

    /** Either thread may run the shared part (the caller takes it when the partner is late): the same bits. */
    @Test
    void theCallerTakingPartsGivesTheSameBits() {
        ModelSpec spec = spec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        double[] one = oneThread(spec, 5, 400);
        try (Compute c = new Compute(2, Precision.FLOAT)) {
            RecurrentModel paired = model(spec, c, 5);
            assertArrayEquals(one, steps(paired, 400));
            assertEquals(399, paired.pairedStep().steps());
        }
    }

    /**
     * A partner that takes no part (starved of processors): the caller runs every part itself, and after a watch
     * of {@link PairedStep#WATCH_PHASES} phases stops posting for {@link PairedStep#SOLO_PHASES}; the same bits.
     */
    @Test
    void aStarvedPartnerLeavesTheCallerAlone() {
        ModelSpec spec = spec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        double[] one = oneThread(spec, 6, 400);
        try (Compute c = new Compute(2, Precision.FLOAT)) {
            RecurrentModel paired = model(spec, c, 6);
            paired.pairedStep().pausePartner();
            assertArrayEquals(one, steps(paired, 400));
            assertEquals(399, paired.pairedStep().steps());
            assertEquals(0, paired.pairedStep().partnerParts());
            // 399 paired steps of two phases: the first watch posted, the rest (542 < SOLO_PHASES) not
            assertEquals(PairedStep.WATCH_PHASES, paired.pairedStep().phasesPosted());
        }
    }

    /** A partner that takes its parts but finishes each late (descheduled in it): the caller goes solo too. */
    @Test
    void aLatePartnerLeavesTheCallerAlone() {
        ModelSpec spec = spec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        double[] one = oneThread(spec, 6, 400);
        try (Compute c = new Compute(2, Precision.FLOAT)) {
            RecurrentModel paired = model(spec, c, 6);
            paired.pairedStep().alwaysWaitForPartner(); // the partner runs each posted part, 2 PairedStep.LATE_NANOS late
            paired.pairedStep().delayPartner(2 * PairedStep.LATE_NANOS);
            assertArrayEquals(one, steps(paired, 400));
            assertEquals(PairedStep.WATCH_PHASES, paired.pairedStep().phasesPosted());
            assertEquals(PairedStep.WATCH_PHASES, paired.pairedStep().partnerParts());
        }
    }

    /**
     * {@code rnn generate --threads 0}: two threads from {@link Compute#PAIRED_STEP_MIN_WORK} multiply-adds per
     * token in the layers (Σ G·H·(in + H): the one-hot char LSTM [128,128] of V = 63, 512·191 + 512·256 = 228,864;
     * [64,64], 256·127 + 256·128 = 65,280), and only on two processors or more.
     */
    @Test
    void generationTakesTwoThreadsForLargeEnoughModels() {
        ModelSpec bench = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, 1,
                new int[] {128, 128}, 63, OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(63, 0));
        ModelSpec small = new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, 1,
                new int[] {64, 64}, 63, OutputMode.SEQUENCE, 0.0, 0.0, false).withTokens(new TokenInput(63, 0));
        assertEquals(228_864, Compute.weightsPerRowStep(bench));
        assertEquals(65_280, Compute.weightsPerRowStep(small));
        assertEquals(2, Compute.generationThreadsFor(bench, 2));
        assertEquals(2, Compute.generationThreadsFor(bench, 8));
        assertEquals(1, Compute.generationThreadsFor(bench, 1));
        assertEquals(1, Compute.generationThreadsFor(small, 2));
    }

    @Test
    void oneThreadNeverPairs() {
        ModelSpec spec = spec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        try (Compute c = new Compute(1, Precision.FLOAT)) {
            RecurrentModel m = model(spec, c, 5);
            steps(m, 20);
            assertEquals(0, m.pairedStep().steps());
            assertFalse(partnerAlive());
        }
    }

    /**
     * Steps allocate nothing on either thread once the buffers are sized and the partner has started: 3,000
     * steps allocate on the calling thread and on the partner no more than a fixed allowance each.
     */
    @Test
    void aPairedStepAllocatesNothingOnEitherThread() {
        ModelSpec spec = spec(CellType.LSTM, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        // the plain-Java kernels: the vector code allocates each vector until the optimising compiler has run
        try (Compute c = Compute.quickStart(2, Precision.FLOAT)) {
            RecurrentModel model = model(spec, c, 5);
            model.pairedStep().alwaysWaitForPartner();
            double[] x = {3};
            SequenceInput step = SequenceInput.of(x, 1, 1, 1);
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            Thread[] threads = new Thread[256];
            model.freezeWeights(true);
            try {
                for (int n = 0; n < 50; n++) {
                    model.forward(step, false, n > 0);
                }
                Thread partner = partner(threads);
                long partnerBefore = mx.getThreadAllocatedBytes(partner.getId());
                long before = mx.getCurrentThreadAllocatedBytes();
                for (int n = 0; n < 3000; n++) {
                    x[0] = n % V;
                    model.forward(step, false, true);
                }
                long mine = mx.getCurrentThreadAllocatedBytes() - before;
                long theirs = mx.getThreadAllocatedBytes(partner.getId()) - partnerBefore;
                assertEquals(3049, model.pairedStep().steps());
                assertTrue(mine < 1024, mine + " bytes allocated by the calling thread in 3,000 steps");
                assertTrue(theirs < 1024, theirs + " bytes allocated by the partner in 3,000 steps");
            } finally {
                model.freezeWeights(false);
            }
        }
    }

    /** The partner thread ends (joined) when the weights are unfrozen, also after a step that failed. */
    @Test
    void thePartnerEndsWhenTheWeightsAreUnfrozen() {
        ModelSpec spec = spec(CellType.GRU, Activation.TANH, GruVariant.RESET_AFTER, TWO_LAYERS, 0);
        try (Compute c = new Compute(2, Precision.FLOAT)) {
            RecurrentModel model = model(spec, c, 5);
            double[] x = {3};
            SequenceInput step = SequenceInput.of(x, 1, 1, 1);
            model.freezeWeights(true);
            for (int n = 0; n < 5; n++) {
                model.forward(step, false, n > 0);
            }
            assertTrue(partnerAlive(), "a partner runs while the weights are frozen");
            model.freezeWeights(false);
            assertFalse(partnerAlive(), "no partner after unfreezing");

            model.freezeWeights(true);
            for (int n = 0; n < 5; n++) {
                model.forward(step, false, n > 0);
            }
            assertTrue(partnerAlive());
            x[0] = V + 5; // not a token id: the step fails
            try {
                model.forward(step, false, true);
            } catch (IllegalArgumentException expected) {
                // the model refuses the id
            } finally {
                model.freezeWeights(false);
            }
            assertFalse(partnerAlive(), "no partner after a failed step and unfreezing");
        }
    }

    private static boolean partnerAlive() {
        return partner(new Thread[256]) != null;
    }

    /** The live partner thread, or null (allocation-free but for the array passed in). */
    private static Thread partner(Thread[] into) {
        Arrays.fill(into, null);
        int n = Thread.enumerate(into);
        for (int i = 0; i < n; i++) {
            if (into[i].getName().equals(PairedStep.PARTNER_NAME) && into[i].isAlive()) {
                return into[i];
            }
        }
        return null;
    }
}
