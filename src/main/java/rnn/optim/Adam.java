package rnn.optim;

import rnn.nn.Parameters;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, and AdamW (Loshchilov &amp; Hutter 2019), its variant with
 * decoupled weight decay, in PyTorch's formulation ({@code torch.optim.Adam}, {@code torch.optim.AdamW}).
 * For each scalar parameter θ with gradient ∇θ, at step t = 1, 2, ...:
 * <pre>
 *   Adam:   g ← ∇θ + λ·θ                            (L2 weight decay λ, added to the gradient as PyTorch's Adam does)
 *   AdamW:  g ← ∇θ,  θ ← θ − lr·λ·θ                 (decoupled weight decay λ)
 *   m ← β₁·m + (1 − β₁)·g                           (state exp_avg,    initially 0)
 *   v ← β₂·v + (1 − β₂)·g²                          (state exp_avg_sq, initially 0)
 *   θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The last line is the paper's θ ← θ − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ), written as
 * PyTorch evaluates it (ε is added after the bias correction of √v). Unlike Adam's L2 term, AdamW's decay
 * never enters m and v, so it is not rescaled by 1/√v̂. With λ = 0 the two are the same bit for bit. AdamW's
 * default λ is {@value OptimizerSettings#DEFAULT_ADAMW_WEIGHT_DECAY}, Adam's 0.
 * Defaults: {@link OptimizerSettings}. {@code Param.grad} is not modified.
 */
public final class Adam extends AbstractOptimizer {

    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";

    /** How the weight decay λ enters the update. */
    enum Decay {
        /** Adam: λ·θ is added to the gradient. */
        L2,
        /** AdamW: θ is multiplied by 1 − lr·λ before the moment step. */
        DECOUPLED
    }

    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] v;

    /** Reads β₁, β₂, ε and the weight decay λ from {@code settings} (already validated by the record). */
    Adam(Parameters parameters, OptimizerSettings settings, Decay decay) {
        super(parameters, settings, EXP_AVG, EXP_AVG_SQ);
        this.decoupled = decay == Decay.DECOUPLED;
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.eps = settings.eps();
        this.m = stateArrays(EXP_AVG);
        this.v = stateArrays(EXP_AVG_SQ);
    }

    @Override
    protected void update(double lr, long t) {
        double decay = 1 - lr * weightDecay;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double sqrtBiasCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (int k = 0; k < params.length; k++) {
            double[] theta = params[k].value.data;
            double[] grad = params[k].grad.data;
            double[] mk = m[k];
            double[] vk = v[k];
            for (int i = 0; i < theta.length; i++) {
                double g = grad[i];
                if (decoupled) {
                    theta[i] *= decay;
                } else {
                    g += weightDecay * theta[i];
                }
                mk[i] = beta1 * mk[i] + (1 - beta1) * g;
                vk[i] = beta2 * vk[i] + (1 - beta2) * g * g;
                theta[i] -= stepSize * mk[i] / (Math.sqrt(vk[i]) / sqrtBiasCorrection2 + eps);
            }
        }
    }
}
