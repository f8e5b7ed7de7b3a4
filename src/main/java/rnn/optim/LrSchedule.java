package rnn.optim;

import java.util.List;

/**
 * The learning rate of each epoch ({@code --lr-schedule constant|step|cosine|plateau}, DESIGN §2).
 *
 * <p>Protocol, once per epoch: the trainer asks {@link #lrForEpoch(int)} for the rate of the epoch about to
 * run (0-based), passes it to every {@link Optimizer#step(double)} of that epoch, and afterwards reports the
 * epoch's monitored loss (the validation loss) with {@link #endEpoch(double)}. A schedule's whole mutable
 * state is {@link #state()}; a resumed run that restores it with {@link #setState(double[])} and asks for the
 * next epoch gets the same rates as an uninterrupted run.
 */
public sealed interface LrSchedule permits ConstantLr, StepDecayLr, CosineAnnealingLr, ReduceLrOnPlateau {

    /** The kinds of schedule, each with its name (the JSON form and the command-line value) and its class. */
    enum Kind {
        CONSTANT("constant", ConstantLr.class),
        STEP("step", StepDecayLr.class),
        COSINE("cosine", CosineAnnealingLr.class),
        PLATEAU("plateau", ReduceLrOnPlateau.class);

        private final String cliName;
        private final Class<? extends LrSchedule> type;

        Kind(String cliName, Class<? extends LrSchedule> type) {
            this.cliName = cliName;
            this.type = type;
        }

        public String cliName() {
            return cliName;
        }

        static Kind of(LrSchedule schedule) {
            for (Kind k : values()) {
                if (k.type.isInstance(schedule)) {
                    return k;
                }
            }
            throw new IllegalStateException("no kind for " + schedule.getClass());
        }
    }

    /** The names accepted by {@link #of(String, double, int)}, in the order help texts list them. */
    List<String> NAMES = java.util.Arrays.stream(Kind.values()).map(Kind::cliName).toList();

    /** The schedule's command-line name (one of {@link #NAMES}). */
    default String name() {
        return Kind.of(this).cliName();
    }

    /**
     * The learning rate for epoch {@code epoch} (0-based, the epoch about to run): {@link #rate(int)} after
     * checking the index.
     *
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    default double lrForEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: expected a non-negative index, got " + epoch);
        }
        return rate(epoch);
    }

    /** The schedule's formula: the rate of epoch {@code epoch} ≥ 0 (callers use {@link #lrForEpoch(int)}). */
    double rate(int epoch);

    /** Reports the monitored loss of the epoch that just ended. Only {@link ReduceLrOnPlateau} uses it. */
    default void endEpoch(double monitoredLoss) {
    }

    /** A copy of the schedule's mutable state (empty for schedules that are a pure function of the epoch). */
    default double[] state() {
        return new double[0];
    }

    /**
     * Restores a state returned by {@link #state()} of a schedule of the same name and settings.
     *
     * @throws IllegalArgumentException if {@code state} has the wrong length or an impossible value
     */
    default void setState(double[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException(
                    "lr schedule " + name() + " state: expected 0 values, got " + state.length);
        }
    }

    /**
     * The schedule called {@code name} with its default settings.
     *
     * @param baseLr      the initial learning rate ({@code --lr})
     * @param totalEpochs the run's total number of epochs ({@code --epochs}; used by {@code cosine})
     * @throws IllegalArgumentException for an unknown name, listing the valid ones:
     *     "{{lr_schedule}}: expected one of constant, step, cosine, plateau, got "exp""; or for an invalid
     *     {@code baseLr} or {@code totalEpochs}
     */
    static LrSchedule of(String name, double baseLr, int totalEpochs) {
        requireBaseLr(baseLr);
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException("{{lr_schedule}}: expected one of " + String.join(", ", NAMES)
                    + ", got " + (name == null ? "null" : "\"" + name + "\""));
        }
        return switch (Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT))) {
            case CONSTANT -> new ConstantLr(baseLr);
            case STEP -> StepDecayLr.withDefaults(baseLr);
            case COSINE -> CosineAnnealingLr.withDefaults(baseLr, totalEpochs);
            case PLATEAU -> ReduceLrOnPlateau.withDefaults(baseLr);
        };
    }

    /**
     * Checks a base learning rate ({@code --lr}) where it enters a schedule: a positive finite number, as the
     * command line requires. (A schedule may later reach 0, e.g. cosine annealing to η_min = 0; a step with
     * rate 0 is valid, see {@link Optimizer#step(double)}.)
     *
     * @return {@code lr}
     * @throws IllegalArgumentException "{{lr}}: expected a positive number, got 0.0"
     */
    static double requireBaseLr(double lr) {
        if (!(lr > 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("{{lr}}: expected a positive number, got " + lr);
        }
        return lr;
    }
}
