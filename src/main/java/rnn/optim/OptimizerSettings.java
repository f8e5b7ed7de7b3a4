package rnn.optim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import rnn.nn.Parameters;

/**
 * The optimizer configuration (DESIGN §1, {@code --optimizer}, {@code --weight-decay}, {@code --momentum}).
 * The learning rate is not part of it: it is passed to every {@link Optimizer#step(double)} (from an
 * {@link LrSchedule}).
 *
 * <p>Every default is defined once, in the {@code DEFAULT_*} constants, and applied by
 * {@link #defaults(Kind)}: β₁ = {@value #DEFAULT_BETA1}, β₂ = {@value #DEFAULT_BETA2}, ε = {@value #DEFAULT_EPS},
 * weight decay {@value #DEFAULT_WEIGHT_DECAY} (AdamW: {@value #DEFAULT_ADAMW_WEIGHT_DECAY}), momentum
 * {@value #DEFAULT_MOMENTUM}, Nesterov {@value #DEFAULT_NESTEROV}, RMSprop α = {@value #DEFAULT_RMS_ALPHA}
 * (PyTorch's defaults for all of them).
 * A field that a kind does not use (β for SGD, α for Adam, ...) keeps its default and is ignored. Momentum
 * is only accepted for sgd and rmsprop, Nesterov only for sgd with momentum &gt; 0, so that a flag is never
 * silently ignored.
 *
 * @param kind        which optimizer
 * @param beta1       Adam's β₁, decay of the first moment, in [0, 1)
 * @param beta2       Adam's β₂, decay of the second moment, in [0, 1)
 * @param eps         ε added to the denominator (Adam, AdamW, RMSprop), ≥ 0
 * @param weightDecay λ ≥ 0: decoupled for AdamW, an L2 term added to the gradient for the others
 * @param momentum    μ in [0, 1) (SGD, RMSprop)
 * @param nesterov    Nesterov momentum (SGD with μ &gt; 0)
 * @param rmsAlpha    RMSprop's smoothing constant α in [0, 1)
 */
public record OptimizerSettings(Kind kind, double beta1, double beta2, double eps, double weightDecay,
        double momentum, boolean nesterov, double rmsAlpha) {

    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    /** The weight decay of every kind but AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 0;
    /** AdamW's weight decay (PyTorch's default). */
    public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;
    public static final double DEFAULT_MOMENTUM = 0;
    public static final boolean DEFAULT_NESTEROV = false;
    public static final double DEFAULT_RMS_ALPHA = 0.99;

    /** The optimizers of {@code --optimizer}. */
    public enum Kind {
        ADAM, ADAMW, SGD, RMSPROP;

        /** The command-line name: {@code adam}, {@code adamw}, {@code sgd}, {@code rmsprop}. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind with this command-line name.
         *
         * @throws IllegalArgumentException "{{optimizer}}: expected one of adam, adamw, sgd, rmsprop, got "x""
         */
        public static Kind fromName(String name) {
            for (Kind k : values()) {
                if (k.cliName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "{{optimizer}}: expected one of " + validNames() + ", got \"" + name + "\"");
        }

        /** The command-line names, comma-separated, for messages and help texts. */
        public static String validNames() {
            return Arrays.stream(values()).map(Kind::cliName).collect(Collectors.joining(", "));
        }
    }

    /** Validates every field; messages name the command-line option and say what was expected and received. */
    public OptimizerSettings {
        if (kind == null) {
            throw new IllegalArgumentException("{{optimizer}}: expected one of " + Kind.validNames() + ", got null");
        }
        requireUnitInterval("{{beta1}}", beta1);
        requireUnitInterval("{{beta2}}", beta2);
        requireNonNegative("{{eps}}", eps);
        requireNonNegative("{{weight_decay}}", weightDecay);
        requireUnitInterval("{{momentum}}", momentum);
        requireUnitInterval("{{rms_alpha}}", rmsAlpha);
        if (momentum > 0 && kind != Kind.SGD && kind != Kind.RMSPROP) {
            throw new IllegalArgumentException("{{momentum}}: expected 0 with {{optimizer}} " + kind.cliName()
                    + " (momentum applies to sgd and rmsprop), got " + momentum);
        }
        if (nesterov && kind != Kind.SGD) {
            throw new IllegalArgumentException("{{nesterov}}: expected {{optimizer}} sgd, got " + kind.cliName());
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("{{nesterov}}: expected {{momentum}} > 0, got " + momentum);
        }
    }

    /** The defaults of {@code kind} (see the table above). */
    public static OptimizerSettings defaults(Kind kind) {
        double weightDecay = kind == Kind.ADAMW ? DEFAULT_ADAMW_WEIGHT_DECAY : DEFAULT_WEIGHT_DECAY;
        return new OptimizerSettings(kind, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, weightDecay,
                DEFAULT_MOMENTUM, DEFAULT_NESTEROV, DEFAULT_RMS_ALPHA);
    }

    /** A copy with weight decay λ. */
    public OptimizerSettings withWeightDecay(double weightDecay) {
        return new OptimizerSettings(kind, beta1, beta2, eps, weightDecay, momentum, nesterov, rmsAlpha);
    }

    /** A copy with momentum μ. */
    public OptimizerSettings withMomentum(double momentum) {
        return new OptimizerSettings(kind, beta1, beta2, eps, weightDecay, momentum, nesterov, rmsAlpha);
    }

    /** A copy with Nesterov momentum on or off. */
    public OptimizerSettings withNesterov(boolean nesterov) {
        return new OptimizerSettings(kind, beta1, beta2, eps, weightDecay, momentum, nesterov, rmsAlpha);
    }

    /**
     * The state arrays the optimizer {@link #create}s keeps per parameter array, each as large as it: Adam's m and
     * v, RMSprop's square average (and momentum buffer), SGD's momentum buffer. For the memory estimate.
     */
    public int stateArrays() {
        int momentumBuffer = momentum() > 0 ? 1 : 0;
        return switch (kind()) {
            case ADAM, ADAMW -> 2;
            case SGD -> momentumBuffer;
            case RMSPROP -> 1 + momentumBuffer;
        };
    }

    /** A new optimizer of this kind over {@code parameters}, with zero state and step count 0. */
    public Optimizer create(Parameters parameters) {
        return switch (kind) {
            case ADAM -> new Adam(parameters, this, Adam.Decay.L2);
            case ADAMW -> new Adam(parameters, this, Adam.Decay.DECOUPLED);
            case SGD -> new Sgd(parameters, this);
            case RMSPROP -> new RmsProp(parameters, this);
        };
    }

    private static void requireUnitInterval(String option, double x) {
        if (!(x >= 0 && x < 1)) {
            throw new IllegalArgumentException(option + ": expected a value in [0, 1), got " + x);
        }
    }

    private static void requireNonNegative(String option, double x) {
        if (!(x >= 0 && x < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(option + ": expected a non-negative number, got " + x);
        }
    }
}
