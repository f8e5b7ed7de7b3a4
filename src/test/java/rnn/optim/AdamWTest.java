package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * AdamW against values worked by hand. With θ₀ = 1, a constant gradient 0.5, λ = 0.1 and lr = 0.01, each
 * step first multiplies θ by 1 − lr·λ = 0.999 and then subtracts the Adam step lr·0.5/(0.5 + 1e-8)
 * = 0.01/(1 + 2e-8) = 0.0099999998:
 * θ₁ = 0.999 − 0.0099999998 = 0.9890000002, θ₂ = 0.9890000002·0.999 − 0.0099999998 = 0.9780110003998.
 * Adam with the same λ as an L2 term instead: g' = 0.5 + 0.1·1 = 0.6, θ₁ = 1 − 0.01/(1 + 1e-8/0.6)
 * = 0.99000000016667.
 */
class AdamWTest {

    private static final double TOL = 1e-12;

    @Test
    void decoupledDecayMatchesTheHandWorkedTwoSteps() {
        Param p = Scalars.param(1.0);
        p.grad.data[0] = 0.5;
        Optimizer adamw = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAMW).withWeightDecay(0.1)
                .create(new Parameters(List.of(p)));

        adamw.step(0.01);
        assertEquals(0.9890000002, p.value.data[0], TOL);
        // the decay never enters the moments: m = 0.1·0.5, v = 0.001·0.25
        assertEquals(0.05, adamw.state().get("optim.exp_avg.p")[0], TOL);
        assertEquals(0.00025, adamw.state().get("optim.exp_avg_sq.p")[0], TOL);

        adamw.step(0.01);
        assertEquals(0.9780110003998, p.value.data[0], TOL);
    }

    @Test
    void decoupledDecayDiffersFromAdamWithL2() {
        Param pw = Scalars.param(1.0);
        Param pl2 = Scalars.param(1.0);
        pw.grad.data[0] = 0.5;
        pl2.grad.data[0] = 0.5;
        Optimizer adamw = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAMW).withWeightDecay(0.1)
                .create(new Parameters(List.of(pw)));
        Optimizer adamL2 = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).withWeightDecay(0.1)
                .create(new Parameters(List.of(pl2)));

        adamw.step(0.01);
        adamL2.step(0.01);

        assertEquals(0.9890000002, pw.value.data[0], TOL);
        assertEquals(0.9900000001666667, pl2.value.data[0], TOL);
        assertTrue(Math.abs(pw.value.data[0] - pl2.value.data[0]) > 9e-4);
    }

    @Test
    void withoutWeightDecayItIsAdamBitForBit() {
        Param pw = new Param("p", 3);
        Param pa = new Param("p", 3);
        double[] start = {0.3, -1.2, 2.0};
        System.arraycopy(start, 0, pw.value.data, 0, 3);
        System.arraycopy(start, 0, pa.value.data, 0, 3);
        Optimizer adamw = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAMW).withWeightDecay(0)
                .create(new Parameters(List.of(pw)));
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(new Parameters(List.of(pa)));
        double[][] grads = {{0.1, -0.4, 2.0}, {-0.3, 0.2, 0.7}, {1.5, 0.0, -0.1}};
        for (double[] g : grads) {
            System.arraycopy(g, 0, pw.grad.data, 0, 3);
            System.arraycopy(g, 0, pa.grad.data, 0, 3);
            adamw.step(0.05);
            adam.step(0.05);
        }
        assertArrayEquals(pa.value.data, pw.value.data, 0.0);
    }

    @Test
    void defaultWeightDecayIsApplied() {
        Param p = Scalars.param(2.0);
        Optimizer adamw = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAMW).create(new Parameters(List.of(p)));

        adamw.step(0.1);

        // zero gradient: m = v = 0, the Adam step is 0; only θ ← θ·(1 − 0.1·0.01) = 2·0.999
        assertEquals(1.998, p.value.data[0], TOL);
    }
}
