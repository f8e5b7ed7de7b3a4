package rnn.optim;

import java.util.Map;

/**
 * Updates every parameter of the {@link rnn.nn.Parameters} it was created for from the parameter's gradient.
 *
 * <p>An optimizer reads {@code Param.grad} (not modified: zeroing gradients is the caller's separate call)
 * and modifies {@code Param.value} and its own state in place. Its state is a set of named flat arrays, one
 * per parameter and state kind, plus the step count; together they are everything a resumed run needs to
 * continue bit-identically.
 */
public interface Optimizer {

    /**
     * One update of every parameter with learning rate {@code lr}. Increments {@link #steps()} first, so the
     * first call uses t = 1 in bias corrections.
     *
     * @param lr the rate of this step (from an {@link LrSchedule}), ≥ 0; 0 leaves the parameters unchanged. The
     *           base rate a schedule starts from must be positive ({@link LrSchedule#requireBaseLr(double)})
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    void step(double lr);

    /** Number of {@link #step(double)} calls so far (PyTorch's {@code state["step"]}). */
    long steps();

    /** Restores a step count returned by {@link #steps()} (on resume, together with {@link #state()}). */
    void setSteps(long steps);

    /**
     * The optimizer's state arrays, by name, in canonical parameter order and, for each parameter, in
     * PyTorch's order of its state keys: for example {@code optim.exp_avg.a, optim.exp_avg_sq.a,
     * optim.exp_avg.w, optim.exp_avg_sq.w}. Each array has the length of its parameter's {@code data} array
     * and the same row-major layout.
     *
     * <p>The map is unmodifiable but its arrays are the LIVE buffers: a checkpoint writer reads them and a
     * loader writes into them; both stay valid for the optimizer's lifetime. Plain SGD without momentum has
     * no state (an empty map).
     */
    Map<String, double[]> state();

    /**
     * Checks the rate of one step: a schedule's output, which may be 0 (cosine annealing reaches η_min = 0), so
     * it is not the {@code --lr} check ({@link LrSchedule#requireBaseLr(double)}: positive).
     *
     * @return {@code lr}
     * @throws IllegalArgumentException "step learning rate: expected a finite number >= 0, got -0.1"
     */
    static double requireStepLr(double lr) {
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("step learning rate: expected a finite number >= 0, got " + lr);
        }
        return lr;
    }
}
