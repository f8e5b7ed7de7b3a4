package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * RMSprop against values worked by hand: θ₀ = 1, gradients 2 then −1, lr = 0.01, α = 0.99, ε = 1e-8.
 * s₁ = 0.01·4 = 0.04, √s₁ = 0.2, θ₁ = 1 − 0.01·2/(0.2 + 1e-8) = 1 − 0.1/(1 + 5e-8) = 0.900000005;
 * s₂ = 0.99·0.04 + 0.01·1 = 0.0496, θ₂ = θ₁ + 0.01/(√0.0496 + 1e-8).
 */
class RmsPropTest {

    private static final double TOL = 1e-12;

    /**
     * Two steps, without momentum (b is then g/(√s + ε) itself, not stored) and with μ = 0.5:
     * b₁ = 2/(0.2 + 1e-8) = 10/(1 + 5e-8) = 9.9999995 either way, θ₁ = 1 − 0.01·b₁ = 0.900000005;
     * b₂ = μ·b₁ − 1/(√0.0496 + 1e-8), θ₂ = θ₁ − 0.01·b₂.
     */
    @ParameterizedTest(name = "momentum={0}")
    @ValueSource(doubles = {0.0, 0.5})
    void twoSteps(double momentum) {
        Param p = Scalars.param(1.0);
        Optimizer opt = OptimizerSettings.defaults(OptimizerSettings.Kind.RMSPROP).withMomentum(momentum)
                .create(new Parameters(List.of(p)));
        double[] s = opt.state().get("optim.square_avg.p");
        double[] b = opt.state().get("optim.momentum_buffer.p");
        assertEquals(momentum > 0, b != null, "a momentum buffer exactly when μ > 0");

        p.grad.data[0] = 2.0;
        opt.step(0.01);
        assertEquals(0.04, s[0], TOL);
        assertEquals(0.900000005, p.value.data[0], TOL);

        p.grad.data[0] = -1.0;
        opt.step(0.01);
        assertEquals(0.0496, s[0], TOL);
        double b2 = momentum * (2.0 / (0.2 + 1e-8)) - 1.0 / (Math.sqrt(0.0496) + 1e-8);
        assertEquals(0.900000005 - 0.01 * b2, p.value.data[0], TOL);
        if (b != null) {
            assertEquals(b2, b[0], TOL);
        }
    }
}
