package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * RMSprop against values worked by hand: θ₀ = 1, gradients 2 then −1, lr = 0.01, α = 0.99, ε = 1e-8.
 * s₁ = 0.01·4 = 0.04, √s₁ = 0.2, θ₁ = 1 − 0.01·2/(0.2 + 1e-8) = 1 − 0.1/(1 + 5e-8) = 0.900000005;
 * s₂ = 0.99·0.04 + 0.01·1 = 0.0496, θ₂ = θ₁ + 0.01/(√0.0496 + 1e-8).
 */
class RmsPropTest {

    private static final double TOL = 1e-12;

    @Test
    void twoStepsWithoutMomentum() {
        Param p = new Param("p", 1);
        p.value.data[0] = 1.0;
        Optimizer opt = OptimizerSettings.defaults(OptimizerSettings.Kind.RMSPROP).create(new Parameters(List.of(p)));
        double[] s = opt.state().get("optim.square_avg.p");

        p.grad.data[0] = 2.0;
        opt.step(0.01);
        assertEquals(0.04, s[0], TOL);
        assertEquals(0.900000005, p.value.data[0], TOL);

        p.grad.data[0] = -1.0;
        opt.step(0.01);
        assertEquals(0.0496, s[0], TOL);
        assertEquals(0.900000005 + 0.01 / (Math.sqrt(0.0496) + 1e-8), p.value.data[0], TOL);
    }

    @Test
    void twoStepsWithMomentum() {
        Param p = new Param("p", 1);
        p.value.data[0] = 1.0;
        Optimizer opt = OptimizerSettings.defaults(OptimizerSettings.Kind.RMSPROP).withMomentum(0.5)
                .create(new Parameters(List.of(p)));
        double[] b = opt.state().get("optim.momentum_buffer.p");

        // b₁ = 2/(0.2 + 1e-8) = 10/(1 + 5e-8) = 9.9999995, θ₁ = 1 − 0.01·b₁ = 0.900000005
        p.grad.data[0] = 2.0;
        opt.step(0.01);
        assertEquals(9.9999995, b[0], TOL);
        assertEquals(0.900000005, p.value.data[0], TOL);

        // b₂ = 0.5·b₁ − 1/(√0.0496 + 1e-8), θ₂ = θ₁ − 0.01·b₂
        p.grad.data[0] = -1.0;
        opt.step(0.01);
        double b2 = 0.5 * (2.0 / (0.2 + 1e-8)) - 1.0 / (Math.sqrt(0.0496) + 1e-8);
        assertEquals(b2, b[0], TOL);
        assertEquals(0.900000005 - 0.01 * b2, p.value.data[0], TOL);
    }
}
