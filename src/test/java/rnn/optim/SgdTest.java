package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * SGD against values worked by hand: θ₀ = 1, gradients 1 then 0.5, lr = 0.1, μ = 0.9.
 * Momentum: b₁ = 1, θ₁ = 1 − 0.1 = 0.9; b₂ = 0.9·1 + 0.5 = 1.4, θ₂ = 0.9 − 0.14 = 0.76.
 * Nesterov: b₁ = 1, d₁ = 1 + 0.9·1 = 1.9, θ₁ = 0.81; b₂ = 1.4, d₂ = 0.5 + 0.9·1.4 = 1.76, θ₂ = 0.81 − 0.176 = 0.634.
 */
class SgdTest {

    private static final double TOL = 1e-12;

    private static OptimizerSettings sgd() {
        return OptimizerSettings.defaults(OptimizerSettings.Kind.SGD);
    }

    @Test
    void plainSgdTakesGradientSteps() {
        Param p = Scalars.param(1.0);
        Optimizer opt = sgd().create(new Parameters(List.of(p)));
        assertTrue(opt.state().isEmpty(), "plain SGD has no state");

        p.grad.data[0] = 1.0;
        opt.step(0.1);
        assertEquals(0.9, p.value.data[0], TOL);
        p.grad.data[0] = 0.5;
        opt.step(0.1);
        assertEquals(0.85, p.value.data[0], TOL);
    }

    /** Two steps with μ = 0.9: b₁, θ₁, b₂, θ₂ from the hand computation in the class comment. */
    @ParameterizedTest(name = "nesterov={0}")
    @CsvSource({"false, 0.9, 0.76", "true, 0.81, 0.634"})
    void momentumTwoSteps(boolean nesterov, double theta1, double theta2) {
        Param p = Scalars.param(1.0);
        Optimizer opt = sgd().withMomentum(0.9).withNesterov(nesterov).create(new Parameters(List.of(p)));
        double[] buf = opt.state().get("optim.momentum_buffer.p");

        p.grad.data[0] = 1.0;
        opt.step(0.1);
        assertEquals(1.0, buf[0], TOL);
        assertEquals(theta1, p.value.data[0], TOL);

        p.grad.data[0] = 0.5;
        opt.step(0.1);
        assertEquals(1.4, buf[0], TOL);
        assertEquals(theta2, p.value.data[0], TOL);
    }

    @Test
    void l2WeightDecayIsAddedToTheGradient() {
        Param p = Scalars.param(2.0);
        p.grad.data[0] = 1.0;
        Optimizer opt = sgd().withWeightDecay(0.1).create(new Parameters(List.of(p)));

        opt.step(0.1);

        // g' = 1 + 0.1·2 = 1.2; θ = 2 − 0.12
        assertEquals(1.88, p.value.data[0], TOL);
    }

    @Test
    void aWrittenMomentumBufferDrivesTheNextStep() {
        Param p = Scalars.param(1.0);
        Optimizer opt = sgd().withMomentum(0.9).create(new Parameters(List.of(p)));
        opt.state().get("optim.momentum_buffer.p")[0] = 1.0;

        opt.step(0.1);   // zero gradient: b = 0.9·1 + 0 = 0.9, θ = 1 − 0.09

        assertEquals(0.9, opt.state().get("optim.momentum_buffer.p")[0], TOL);
        assertEquals(0.91, p.value.data[0], TOL);
    }
}
