package rnn.optim;

import rnn.nn.Parameters;

/**
 * RMSprop (Tieleman &amp; Hinton 2012), in PyTorch's formulation ({@code torch.optim.RMSprop}, not centered).
 * For each scalar parameter θ with gradient ∇θ:
 * <pre>
 *   g ← ∇θ + λ·θ                    (L2 weight decay λ)
 *   s ← α·s + (1 − α)·g²            (state square_avg, initially 0; α = {@value OptimizerSettings#DEFAULT_RMS_ALPHA})
 *   b ← μ·b + g / (√s + ε)          (state momentum_buffer, initially 0, only when μ &gt; 0)
 *   θ ← θ − lr·b                    (μ &gt; 0)      θ ← θ − lr·g / (√s + ε)   (μ = 0)
 * </pre>
 * There is no bias correction: s starts at 0, so the first steps are large (|Δθ| ≈ lr/√(1 − α), 10·lr with
 * the default α), exactly as in PyTorch and Keras. Defaults: {@link OptimizerSettings}. {@code Param.grad} is
 * not modified.
 */
public final class RmsProp extends AbstractOptimizer {

    static final String SQUARE_AVG = "square_avg";

    private final double alpha;
    private final double eps;
    private final double momentum;
    private final double[][] s;
    /** The momentum buffers b, or {@code null} when μ = 0. */
    private final double[][] b;

    /** Reads α, ε, λ and μ from {@code settings} (already validated by the record). */
    RmsProp(Parameters parameters, OptimizerSettings settings) {
        super(parameters, settings, settings.momentum() > 0
                ? new String[] {SQUARE_AVG, Sgd.MOMENTUM_BUFFER}
                : new String[] {SQUARE_AVG});
        this.alpha = settings.rmsAlpha();
        this.eps = settings.eps();
        this.momentum = settings.momentum();
        this.s = stateArrays(SQUARE_AVG);
        this.b = momentum > 0 ? stateArrays(Sgd.MOMENTUM_BUFFER) : null;
    }

    @Override
    protected void update(double lr, long t) {
        for (int k = 0; k < params.length; k++) {
            double[] theta = params[k].value.data;
            double[] grad = params[k].grad.data;
            double[] sk = s[k];
            double[] bk = b == null ? null : b[k];
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i] + weightDecay * theta[i];
                sk[i] = alpha * sk[i] + (1 - alpha) * g * g;
                double scaled = g / (Math.sqrt(sk[i]) + eps);
                if (bk == null) {
                    theta[i] -= lr * scaled;
                } else {
                    bk[i] = momentum * bk[i] + scaled;
                    theta[i] -= lr * bk[i];
                }
            }
        }
    }
}
