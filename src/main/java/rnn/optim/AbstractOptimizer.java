package rnn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * What every optimizer shares: the parameters as an array in canonical order, the weight decay λ, the step
 * count, and the state arrays allocated once (zero-filled, as PyTorch initialises them) and registered under
 * {@code optim.<state>.<param>}.
 */
abstract class AbstractOptimizer implements Optimizer {

    /** The parameters in canonical order (an array, so that the step loop allocates no iterator). */
    protected final Param[] params;
    /** The weight decay λ ≥ 0 (its meaning, L2 or decoupled, is the optimizer's). */
    protected final double weightDecay;
    private final Map<String, double[]> state;
    private long steps;

    /** Allocates, for each parameter in order, one zero-filled array per name in {@code stateNames}. */
    AbstractOptimizer(Parameters parameters, OptimizerSettings settings, String... stateNames) {
        this.params = parameters.list().toArray(new Param[0]);
        this.weightDecay = settings.weightDecay();
        Map<String, double[]> s = new LinkedHashMap<>();
        for (Param p : params) {
            for (String stateName : stateNames) {
                s.put(stateKey(stateName, p), new double[p.size()]);
            }
        }
        this.state = Collections.unmodifiableMap(s);
    }

    /** The live state arrays of {@code stateName}, indexed like {@link #params}. */
    protected final double[][] stateArrays(String stateName) {
        double[][] arrays = new double[params.length][];
        for (int k = 0; k < params.length; k++) {
            arrays[k] = state.get(stateKey(stateName, params[k]));
        }
        return arrays;
    }

    @Override
    public final void step(double lr) {
        Optimizer.requireStepLr(lr);
        steps++;
        update(lr, steps);
    }

    /** The update proper, for step number {@code t} (1 on the first step). Must not allocate. */
    protected abstract void update(double lr, long t);

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer steps: expected a non-negative count, got " + steps);
        }
        this.steps = steps;
    }

    @Override
    public final Map<String, double[]> state() {
        return state;
    }

    private static String stateKey(String stateName, Param p) {
        return "optim." + stateName + "." + p.name();
    }
}
