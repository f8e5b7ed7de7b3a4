package rnn.sweep;

/**
 * How many trials run at once and with how many threads each, when the user does not say (README "sweep" states
 * this rule): a trial whose widest layer has at most {@value #UNITS_PER_THREAD} units gets one thread (its per-step
 * multiplies are too small to share well, so one trial per core finishes the sweep soonest); a wider one gets
 * ceil(units / {@value #UNITS_PER_THREAD}) threads, at most the cores. Then {@code parallel = max(1, min(trials,
 * cores / threads))}, and with {@code --parallel P} alone each trial gets {@code max(1, cores / P)} threads, so that
 * parallel × threads ≤ cores whenever P ≤ cores.
 */
public final class ParallelRule {

    /** Hidden units of the widest layer per thread a trial is given. */
    public static final int UNITS_PER_THREAD = 256;

    private ParallelRule() {
    }

    /** The threads a trial whose widest layer has {@code maxUnits} units is given on {@code cores} cores. */
    public static int threadsPerTrial(int maxUnits, int cores) {
        return Math.max(1, Math.min(cores, (maxUnits + UNITS_PER_THREAD - 1) / UNITS_PER_THREAD));
    }

    /** Trials at once for {@code trials} trials of {@code threads} threads each on {@code cores} cores. */
    public static int parallel(int trials, int threads, int cores) {
        return Math.max(1, Math.min(trials, cores / threads));
    }

    /** Each trial's threads when {@code parallel} run at once on {@code cores} cores. */
    public static int threadsFor(int parallel, int cores) {
        return Math.max(1, cores / parallel);
    }
}
