package rnn.optim;

import rnn.nn.Parameters;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum, in PyTorch's formulation
 * ({@code torch.optim.SGD}, dampening 0). For each scalar parameter θ with gradient ∇θ:
 * <pre>
 *   g ← ∇θ + λ·θ                 (L2 weight decay λ)
 *   b ← μ·b + g                  (state momentum_buffer, initially 0, only when μ &gt; 0)
 *   d ← g + μ·b   (Nesterov)     d ← b   (classical momentum)     d ← g   (μ = 0)
 *   θ ← θ − lr·d
 * </pre>
 * PyTorch sets b ← g on the first step; with b initially 0 that is the same value, so no special case is
 * needed. Note that the learning rate multiplies the buffer (PyTorch), not the gradient inside it (Sutskever
 * et al.): the two agree for a constant learning rate. {@code Param.grad} is not modified.
 */
public final class Sgd extends AbstractOptimizer {

    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final double momentum;
    private final boolean nesterov;
    /** The momentum buffers b, or {@code null} when μ = 0 (no state). */
    private final double[][] b;

    /** Reads λ, μ and the Nesterov flag from {@code settings} (already validated by the record). */
    Sgd(Parameters parameters, OptimizerSettings settings) {
        super(parameters, settings, settings.momentum() > 0 ? new String[] {MOMENTUM_BUFFER} : new String[0]);
        this.momentum = settings.momentum();
        this.nesterov = settings.nesterov();
        this.b = momentum > 0 ? stateArrays(MOMENTUM_BUFFER) : null;
    }

    @Override
    protected void update(double lr, long t) {
        for (int k = 0; k < params.length; k++) {
            double[] theta = params[k].value.data;
            double[] grad = params[k].grad.data;
            if (b == null) {
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= lr * (grad[i] + weightDecay * theta[i]);
                }
                continue;
            }
            double[] bk = b[k];
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i] + weightDecay * theta[i];
                bk[i] = momentum * bk[i] + g;
                double d = nesterov ? g + momentum * bk[i] : bk[i];
                theta[i] -= lr * d;
            }
        }
    }
}
