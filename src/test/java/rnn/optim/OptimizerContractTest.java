package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * The contract every optimizer keeps, run for each kind and variant: it minimises a convex quadratic, names
 * its state {@code optim.<state>.<param>} in canonical order, exposes live arrays, leaves the gradients
 * alone, and continues bit-identically from a copied state and step count.
 *
 * <p>The quadratic is f(θ) = ½ Σᵢ aᵢ (θᵢ − cᵢ)² over the 7 entries of {@code a[3]} and {@code w[2,2]}
 * (flattened in canonical order), with curvatures aᵢ = 1, 2.5, 4, ..., 10 and minimum cᵢ; its gradient is
 * aᵢ (θᵢ − cᵢ).
 */
class OptimizerContractTest {

    private static final double[] CURVATURE = {1.0, 2.5, 4.0, 5.5, 7.0, 8.5, 10.0};
    private static final double[] MINIMUM = {1.0, -2.0, 0.5, 3.0, -1.5, 2.0, -0.5};
    private static final int MAX_STEPS = 3000;

    /** One optimizer configuration, the learning rate it is run with, and its expected state names. */
    record Case(String label, OptimizerSettings settings, double lr, List<String> stateNames) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        OptimizerSettings sgd = OptimizerSettings.defaults(OptimizerSettings.Kind.SGD);
        OptimizerSettings rmsprop = OptimizerSettings.defaults(OptimizerSettings.Kind.RMSPROP);
        List<String> adamState = List.of("optim.exp_avg.a", "optim.exp_avg_sq.a", "optim.exp_avg.w", "optim.exp_avg_sq.w");
        List<String> momentumState = List.of("optim.momentum_buffer.a", "optim.momentum_buffer.w");
        return Stream.of(
                new Case("adam", OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM), 0.05, adamState),
                new Case("adamw", OptimizerSettings.defaults(OptimizerSettings.Kind.ADAMW), 0.05, adamState),
                new Case("sgd", sgd, 0.1, List.of()),
                new Case("sgd momentum", sgd.withMomentum(0.9), 0.02, momentumState),
                new Case("sgd nesterov", sgd.withMomentum(0.9).withNesterov(true), 0.02, momentumState),
                new Case("rmsprop", rmsprop, 0.01, List.of("optim.square_avg.a", "optim.square_avg.w")),
                new Case("rmsprop momentum", rmsprop.withMomentum(0.9), 0.002,
                        List.of("optim.square_avg.a", "optim.momentum_buffer.a",
                                "optim.square_avg.w", "optim.momentum_buffer.w")));
    }

    private static Parameters newParameters() {
        return new Parameters(List.of(new Param("a", 3), new Param("w", 2, 2)));
    }

    /** f at the current values. */
    private static double loss(Parameters params) {
        double f = 0;
        int i = 0;
        for (Param p : params) {
            for (double theta : p.value.data) {
                double d = theta - MINIMUM[i];
                f += 0.5 * CURVATURE[i] * d * d;
                i++;
            }
        }
        return f;
    }

    /** Writes ∇f into the gradients. */
    private static void gradient(Parameters params) {
        int i = 0;
        for (Param p : params) {
            double[] theta = p.value.data;
            for (int j = 0; j < theta.length; j++) {
                p.grad.data[j] = CURVATURE[i] * (theta[j] - MINIMUM[i]);
                i++;
            }
        }
    }

    private static void copyValues(Parameters from, Parameters to) {
        for (int k = 0; k < from.list().size(); k++) {
            double[] src = from.list().get(k).value.data;
            System.arraycopy(src, 0, to.list().get(k).value.data, 0, src.length);
        }
    }

    private static List<double[]> values(Parameters params) {
        List<double[]> out = new ArrayList<>();
        for (Param p : params) {
            out.add(p.value.data.clone());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reducesAConvexQuadratic(Case c) {
        Parameters params = newParameters();
        Optimizer opt = c.settings().create(params);
        double f0 = loss(params);
        assertEquals(0.5 * (1 + 2.5 * 4 + 4 * 0.25 + 5.5 * 9 + 7 * 2.25 + 8.5 * 4 + 10 * 0.25), f0, 1e-12);

        int steps = 0;
        while (steps < MAX_STEPS && loss(params) >= 1e-3 * f0) {
            gradient(params);
            opt.step(c.lr());
            steps++;
        }

        double f = loss(params);
        assertTrue(f < 1e-3 * f0, c + ": f = " + f + " after " + steps + " steps, f0 = " + f0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateIsNamedLikePyTorchInCanonicalOrderAndSizedLikeTheParameters(Case c) {
        Parameters params = newParameters();
        Map<String, double[]> state = c.settings().create(params).state();

        assertEquals(c.stateNames(), new ArrayList<>(state.keySet()));
        for (Map.Entry<String, double[]> e : state.entrySet()) {
            String paramName = e.getKey().substring(e.getKey().lastIndexOf('.') + 1);
            assertEquals(params.get(paramName).size(), e.getValue().length, e.getKey());
            assertTrue(Arrays.stream(e.getValue()).allMatch(x -> x == 0.0), e.getKey() + " starts at zero");
        }
        assertThrows(UnsupportedOperationException.class, () -> state.put("optim.x.a", new double[3]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stateArraysAreLive(Case c) {
        Parameters untouched = newParameters();
        Parameters written = newParameters();
        Optimizer optUntouched = c.settings().create(untouched);
        Optimizer optWritten = c.settings().create(written);
        // the arrays handed out before any step (all zero) ...
        Map<String, double[]> handedOut = Map.copyOf(optWritten.state());
        gradient(untouched);
        gradient(written);
        optUntouched.step(c.lr());
        optWritten.step(c.lr());
        for (String name : c.stateNames()) {
            // ... are the ones the step updated in place (a non-zero gradient makes every state entry non-zero)
            assertSame(handedOut.get(name), optWritten.state().get(name), name + ": the same live array");
            for (double v : handedOut.get(name)) {
                assertTrue(v != 0, name + ": the array handed out before the step was updated by it");
            }
        }
        for (double[] s : handedOut.values()) {
            Arrays.fill(s, 0.5);
        }

        gradient(untouched);
        gradient(written);
        optUntouched.step(c.lr());
        optWritten.step(c.lr());

        boolean differs = false;
        for (int k = 0; k < untouched.list().size(); k++) {
            differs |= !Arrays.equals(untouched.list().get(k).value.data, written.list().get(k).value.data);
        }
        assertEquals(!c.stateNames().isEmpty(), differs, "writing into the state changes the next step");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoredStateAndStepCountContinueBitIdentically(Case c) {
        Parameters original = newParameters();
        Optimizer opt = c.settings().create(original);
        for (int t = 0; t < 5; t++) {
            gradient(original);
            opt.step(c.lr());
        }
        Parameters restored = newParameters();
        Optimizer resumed = c.settings().create(restored);
        copyValues(original, restored);
        for (Map.Entry<String, double[]> e : opt.state().entrySet()) {
            double[] target = resumed.state().get(e.getKey());
            System.arraycopy(e.getValue(), 0, target, 0, target.length);
        }
        resumed.setSteps(opt.steps());

        for (int t = 0; t < 2; t++) {
            gradient(original);
            gradient(restored);
            opt.step(c.lr());
            resumed.step(c.lr());
        }

        assertEquals(7, opt.steps());
        assertEquals(7, resumed.steps());
        for (int k = 0; k < original.list().size(); k++) {
            assertArrayEquals(original.list().get(k).value.data, restored.list().get(k).value.data, 0.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stepReadsButDoesNotModifyTheGradients(Case c) {
        Parameters params = newParameters();
        Optimizer opt = c.settings().create(params);
        gradient(params);
        List<double[]> grads = new ArrayList<>();
        for (Param p : params) {
            grads.add(p.grad.data.clone());
        }
        List<double[]> before = values(params);

        opt.step(c.lr());

        for (int k = 0; k < grads.size(); k++) {
            assertArrayEquals(grads.get(k), params.list().get(k).grad.data, 0.0);
            assertFalse(Arrays.equals(before.get(k), params.list().get(k).value.data), "values moved");
        }
        assertEquals(1, opt.steps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aZeroLearningRateLeavesTheParametersUnchanged(Case c) {
        Parameters params = newParameters();
        Optimizer opt = c.settings().create(params);
        List<double[]> before = values(params);
        gradient(params);

        opt.step(0.0);

        for (int k = 0; k < before.size(); k++) {
            assertArrayEquals(before.get(k), params.list().get(k).value.data, 0.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsAnInvalidLearningRateOrStepCount(Case c) {
        Optimizer opt = c.settings().create(newParameters());

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> opt.step(-0.1));
        assertEquals("step learning rate: expected a finite number >= 0, got -0.1", negative.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> opt.step(Double.NaN));
        assertEquals("step learning rate: expected a finite number >= 0, got NaN", nan.getMessage());
        assertEquals(0, opt.steps(), "a rejected step is not counted");
        assertThrows(IllegalArgumentException.class, () -> opt.setSteps(-1));
    }
}
