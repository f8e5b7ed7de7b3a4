package rnn.optim;

import java.util.List;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * Gradient clipping (DESIGN §1, {@code --clip-norm}, {@code --clip-value}), applied between the backward pass
 * and {@link Optimizer#step(double)}. Both methods modify {@code Param.grad} in place and allocate nothing.
 */
public final class GradientClipping {

    /** Added to the norm in the scale factor, as PyTorch's {@code clip_grad_norm_} does. */
    static final double NORM_EPS = 1e-6;

    private GradientClipping() {
    }

    /**
     * Clips by global L2 norm, as PyTorch's {@code torch.nn.utils.clip_grad_norm_}:
     * <pre>
     *   n = √(Σ over all parameters and entries of g²)
     *   if n &gt; maxNorm:  g ← g · maxNorm / (n + 1e-6)
     * </pre>
     * Gradients with n ≤ maxNorm are left untouched bit for bit. {@code maxNorm} = 0 turns clipping off
     * (the norm is still computed and returned, for the loss log). A non-finite n (a NaN or infinite
     * gradient, or squares overflowing) leaves the gradients alone and is returned as is, so that the caller
     * can stop training on it.
     *
     * @param maxNorm the largest global norm allowed, ≥ 0; 0 = off
     * @return the global norm before clipping
     * @throws IllegalArgumentException "{{clip_norm}}: expected a non-negative number, got -1.0"
     */
    public static double clipByGlobalNorm(Parameters parameters, double maxNorm) {
        if (!(maxNorm >= 0 && maxNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("{{clip_norm}}: expected a non-negative number, got " + maxNorm);
        }
        double norm = parameters.gradNorm();
        if (maxNorm > 0 && norm > maxNorm && norm < Double.POSITIVE_INFINITY) {
            double scale = maxNorm / (norm + NORM_EPS);
            List<Param> params = parameters.list();
            for (int k = 0; k < params.size(); k++) {
                double[] g = params.get(k).grad.data;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
        return norm;
    }

    /**
     * Clips every gradient entry to [−limit, limit], as PyTorch's {@code clip_grad_value_}:
     * g ← min(max(g, −limit), limit). NaN entries stay NaN. {@code limit} = 0 turns clipping off.
     *
     * @param limit the largest absolute value allowed, ≥ 0; 0 = off
     * @throws IllegalArgumentException "{{clip_value}}: expected a non-negative number, got -1.0"
     */
    public static void clipByValue(Parameters parameters, double limit) {
        if (!(limit >= 0 && limit < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("{{clip_value}}: expected a non-negative number, got " + limit);
        }
        if (limit == 0) {
            return;
        }
        List<Param> params = parameters.list();
        for (int k = 0; k < params.size(); k++) {
            double[] g = params.get(k).grad.data;
            for (int i = 0; i < g.length; i++) {
                if (g[i] > limit) {
                    g[i] = limit;
                } else if (g[i] < -limit) {
                    g[i] = -limit;
                }
            }
        }
    }
}
