package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * Adam against values worked by hand. With a constant gradient g, m = (1 − β₁ᵗ)·g and v = (1 − β₂ᵗ)·g², so
 * the bias-corrected step is lr·g/(|g| + ε) every time and θ_t = θ₀ − t·lr·g/(|g| + ε); the literals below
 * are that closed form evaluated with pencil arithmetic (e.g. 0.01·0.2/(0.2 + 1e-8) = 0.01/(1 + 5e-8)
 * = 0.0099999995).
 */
class AdamTest {

    private static final double TOL = 1e-12;

    @Test
    void firstThreeStepsWithConstantGradientsFollowTheClosedForm() {
        Param a = new Param("a", 1);
        Param w = new Param("w", 3);
        Parameters params = new Parameters(List.of(a, w));
        a.value.data[0] = 0.5;
        w.value.data[0] = 1;
        w.value.data[1] = -1;
        w.value.data[2] = 2;
        a.grad.data[0] = 0.2;
        w.grad.data[0] = 1;
        w.grad.data[1] = -2;
        w.grad.data[2] = 0.5;
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(params);

        adam.step(0.01);
        assertEquals(0.4900000005, a.value.data[0], TOL);      // 0.5 − 0.0099999995
        assertEquals(0.9900000001, w.value.data[0], TOL);      // 1 − 0.01/(1 + 1e-8)
        assertEquals(-0.99000000005, w.value.data[1], TOL);    // −1 + 0.01/(1 + 5e-9)
        assertEquals(1.9900000002, w.value.data[2], TOL);      // 2 − 0.01/(1 + 2e-8)

        adam.step(0.01);
        assertEquals(0.480000001, a.value.data[0], TOL);
        assertEquals(0.9800000002, w.value.data[0], TOL);
        assertEquals(-0.9800000001, w.value.data[1], TOL);
        assertEquals(1.9800000004, w.value.data[2], TOL);

        adam.step(0.01);
        assertEquals(0.4700000015, a.value.data[0], TOL);
        assertEquals(0.9700000003, w.value.data[0], TOL);
        assertEquals(-0.97000000015, w.value.data[1], TOL);
        assertEquals(1.9700000006, w.value.data[2], TOL);

        // m₃ = (1 − 0.9³)·g = 0.271·g,  v₃ = (1 − 0.999³)·g² = 0.002997001·g²
        assertEquals(0.0542, adam.state().get("optim.exp_avg.a")[0], TOL);
        assertEquals(0.00011988004, adam.state().get("optim.exp_avg_sq.a")[0], TOL);
        assertEquals(-0.542, adam.state().get("optim.exp_avg.w")[1], TOL);
        assertEquals(0.011988004, adam.state().get("optim.exp_avg_sq.w")[1], TOL);
        assertEquals(3, adam.steps());
    }

    @Test
    void threeStepsWithChangingGradientsFollowTheUpdateRule() {
        Param p = new Param("p", 1);
        Parameters params = new Parameters(List.of(p));
        p.value.data[0] = 1.0;
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(params);
        double[] m = adam.state().get("optim.exp_avg.p");
        double[] v = adam.state().get("optim.exp_avg_sq.p");

        // t = 1, g = 0.5: m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025, 1 − β₁ = 0.1, 1 − β₂ = 0.001
        p.grad.data[0] = 0.5;
        adam.step(0.1);
        double theta1 = 1.0 - 0.1 * (0.05 / 0.1) / (Math.sqrt(0.00025 / 0.001) + 1e-8);
        assertEquals(0.05, m[0], TOL);
        assertEquals(0.00025, v[0], TOL);
        assertEquals(theta1, p.value.data[0], TOL);
        assertEquals(0.900000002, p.value.data[0], TOL);       // 1 − 0.1·0.5/(0.5 + 1e-8)

        // t = 2, g = −0.2: m = 0.045 − 0.02 = 0.025, v = 0.00024975 + 0.00004 = 0.00028975,
        // 1 − 0.9² = 0.19, 1 − 0.999² = 0.001999
        p.grad.data[0] = -0.2;
        adam.step(0.1);
        double theta2 = theta1 - 0.1 * (0.025 / 0.19) / (Math.sqrt(0.00028975 / 0.001999) + 1e-8);
        assertEquals(0.025, m[0], TOL);
        assertEquals(0.00028975, v[0], TOL);
        assertEquals(theta2, p.value.data[0], TOL);

        // t = 3, g = 0.1: m = 0.0225 + 0.01 = 0.0325, v = 0.00028946025 + 0.00001 = 0.00029946025,
        // 1 − 0.9³ = 0.271, 1 − 0.999³ = 0.002997001
        p.grad.data[0] = 0.1;
        adam.step(0.1);
        double theta3 = theta2 - 0.1 * (0.0325 / 0.271) / (Math.sqrt(0.00029946025 / 0.002997001) + 1e-8);
        assertEquals(0.0325, m[0], TOL);
        assertEquals(0.00029946025, v[0], TOL);
        assertEquals(theta3, p.value.data[0], TOL);
    }

    @Test
    void l2WeightDecayIsAddedToTheGradient() {
        Param p = new Param("p", 1);
        Parameters params = new Parameters(List.of(p));
        p.value.data[0] = 1.0;
        p.grad.data[0] = 0.5;
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).withWeightDecay(0.1).create(params);

        adam.step(0.01);

        // g' = 0.5 + 0.1·1 = 0.6; m = 0.06, v = 0.00036; θ = 1 − 0.01·0.6/(0.6 + 1e-8)
        assertEquals(0.06, adam.state().get("optim.exp_avg.p")[0], TOL);
        assertEquals(0.00036, adam.state().get("optim.exp_avg_sq.p")[0], TOL);
        assertEquals(0.9900000001666667, p.value.data[0], TOL);
        assertEquals(0.5, p.grad.data[0], 0.0, "the gradient itself is not modified");
    }

    /** Without the step count, the restored moments are bias-corrected as if at t = 1: a different update. */
    @Test
    void restoringStateWithoutTheStepCountChangesTheUpdate() {
        Param pa = new Param("p", 1);
        Param pb = new Param("p", 1);
        Optimizer a = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(new Parameters(List.of(pa)));
        Optimizer b = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(new Parameters(List.of(pb)));
        double[] grads = {0.5, -0.2, 0.1};
        for (double g : grads) {
            pa.grad.data[0] = g;
            a.step(0.1);
        }
        pb.value.data[0] = pa.value.data[0];
        System.arraycopy(a.state().get("optim.exp_avg.p"), 0, b.state().get("optim.exp_avg.p"), 0, 1);
        System.arraycopy(a.state().get("optim.exp_avg_sq.p"), 0, b.state().get("optim.exp_avg_sq.p"), 0, 1);
        pa.grad.data[0] = 0.3;
        pb.grad.data[0] = 0.3;

        a.step(0.1);
        b.step(0.1);

        assertEquals(4, a.steps());
        assertEquals(1, b.steps());
        assertNotEquals(pa.value.data[0], pb.value.data[0]);
        assertTrue(Math.abs(pa.value.data[0] - pb.value.data[0]) > 1e-3);
    }
}
