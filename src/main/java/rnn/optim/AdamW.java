package rnn.optim;

import rnn.nn.Parameters;

/**
 * AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay, in PyTorch's formulation
 * ({@code torch.optim.AdamW}). For each scalar parameter θ with gradient g = ∇θ, at step t = 1, 2, ...:
 * <pre>
 *   θ ← θ − lr·λ·θ                                  (decoupled weight decay λ; default {@value OptimizerSettings#DEFAULT_ADAMW_WEIGHT_DECAY})
 *   m ← β₁·m + (1 − β₁)·g                           (state exp_avg,    initially 0)
 *   v ← β₂·v + (1 − β₂)·g²                          (state exp_avg_sq, initially 0)
 *   θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Unlike {@link Adam}'s L2 term, the decay never enters m and v, so it is not rescaled by 1/√v̂.
 * Defaults: {@link OptimizerSettings}. {@code Param.grad} is not modified.
 */
public final class AdamW extends AbstractOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double[][] m;
    private final double[][] v;

    /** Reads β₁, β₂, ε and the weight decay λ from {@code settings} (already validated by the record). */
    AdamW(Parameters parameters, OptimizerSettings settings) {
        super(parameters, Adam.EXP_AVG, Adam.EXP_AVG_SQ);
        this.beta1 = settings.beta1();
        this.beta2 = settings.beta2();
        this.eps = settings.eps();
        this.weightDecay = settings.weightDecay();
        this.m = stateArrays(Adam.EXP_AVG);
        this.v = stateArrays(Adam.EXP_AVG_SQ);
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
                theta[i] *= decay;
                mk[i] = beta1 * mk[i] + (1 - beta1) * g;
                vk[i] = beta2 * vk[i] + (1 - beta2) * g * g;
                theta[i] -= stepSize * mk[i] / (Math.sqrt(vk[i]) / sqrtBiasCorrection2 + eps);
            }
        }
    }
}
