package rnn.data;

import java.util.Locale;

/**
 * One step of a target transform ({@code --transform}, see {@link TargetTransforms}): a function of the series
 * value y_r and, for a differencing step, of the value {@link #lag()} rows earlier in the same series.
 * <ul>
 * <li>{@code log}: z_r = ln y_r (needs y_r &gt; 0); inverse y_r = e^{z_r}</li>
 * <li>{@code log1p}: z_r = ln(1 + y_r) (needs y_r &gt; −1); inverse y_r = e^{z_r} − 1 ({@link Math#expm1})</li>
 * <li>{@code diff}: z_r = y_r − y_{r−1}; inverse y_r = z_r + y_{r−1}</li>
 * <li>{@code seasonal-diff:M}: z_r = y_r − y_{r−M}; inverse y_r = z_r + y_{r−M}</li>
 * </ul>
 * None has a fitted parameter. Immutable.
 *
 * @param kind which function
 * @param lag  rows back the differencing steps read (1 for diff, M for seasonal-diff), 0 for the pointwise ones
 */
public record TargetTransform(Kind kind, int lag) {

    /** The largest season M of {@code seasonal-diff:M}. */
    public static final int MAX_SEASON = 10_000;

    /** The kinds of step. */
    public enum Kind {
        LOG("log"), LOG1P("log1p"), DIFF("diff"), SEASONAL_DIFF("seasonal-diff");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The name in files and on the command line. */
        public String cliName() {
            return cliName;
        }
    }

    public static final TargetTransform LOG = new TargetTransform(Kind.LOG, 0);
    public static final TargetTransform LOG1P = new TargetTransform(Kind.LOG1P, 0);
    public static final TargetTransform DIFF = new TargetTransform(Kind.DIFF, 1);

    public TargetTransform {
        int expected = switch (kind) {
            case LOG, LOG1P -> 0;
            case DIFF -> 1;
            case SEASONAL_DIFF -> lag;
        };
        if (lag != expected || (kind == Kind.SEASONAL_DIFF && (lag < 1 || lag > MAX_SEASON))) {
            throw new IllegalArgumentException(kind.cliName() + " with lag " + lag);
        }
    }

    /** {@code seasonal-diff:M}. */
    public static TargetTransform seasonalDiff(int season) {
        return new TargetTransform(Kind.SEASONAL_DIFF, season);
    }

    /** Whether the step reads an earlier value of the series (diff, seasonal-diff). */
    public boolean differences() {
        return lag > 0;
    }

    /**
     * z_r from y_r and y_{r−lag} ({@code earlier}, ignored by the pointwise steps).
     */
    public double forward(double y, double earlier) {
        return switch (kind) {
            case LOG -> Math.log(y);
            case LOG1P -> Math.log1p(y);
            case DIFF, SEASONAL_DIFF -> y - earlier;
        };
    }

    /** y_r from z_r and y_{r−lag} ({@code earlier}, ignored by the pointwise steps). */
    public double inverse(double z, double earlier) {
        return switch (kind) {
            case LOG -> Math.exp(z);
            case LOG1P -> Math.expm1(z);
            case DIFF, SEASONAL_DIFF -> z + earlier;
        };
    }

    /**
     * Whether y is in the step's domain (log: y &gt; 0; log1p: y &gt; −1; the differences: any finite value).
     */
    public boolean accepts(double y) {
        return accepts(y, 0);
    }

    /**
     * Whether y, read with a rounding of up to {@code rounding} (float32 storage), is in the domain by more than
     * that rounding: a 0 in the file read back as a tiny positive number is not accepted by log.
     */
    boolean accepts(double y, double rounding) {
        return switch (kind) {
            case LOG -> y > rounding;
            case LOG1P -> y > -1 + rounding;
            case DIFF, SEASONAL_DIFF -> true;
        };
    }

    /** The domain's bound (0 for log, −1 for log1p; 0 for the differences, which have none). */
    double bound() {
        return kind == Kind.LOG1P ? -1 : 0;
    }

    /** The domain, for messages ("a value > 0 (log)"), or {@code null} for the differences. */
    String domain() {
        return switch (kind) {
            case LOG -> "a value > 0";
            case LOG1P -> "a value > -1";
            case DIFF, SEASONAL_DIFF -> null;
        };
    }

    /** The name as {@code --transform} takes it: {@code log}, {@code seasonal-diff:12}. */
    @Override
    public String toString() {
        return kind == Kind.SEASONAL_DIFF ? String.format(Locale.ROOT, "%s:%d", kind.cliName(), lag) : kind.cliName();
    }
}
