package rnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import rnn.option.OptionRef;

/**
 * The target transform of a regression model ({@code --transform}): {@link TargetTransform} steps applied in the
 * written order to each target series (so {@code log,diff} is z_r = ln y_r − ln y_{r−1}), none for
 * {@link #NONE}. Pointwise steps (log, log1p) come first, the differences after them.
 *
 * <p>The differences leave the first {@link #warmup()} rows of each series without a value (Σ of the lags); the
 * window layout starts no window there. Inverting a value of row r needs, for each differencing step j, the value
 * of step j's input at r − lag_j: known history when r − lag_j is at or before the last known row, otherwise a
 * value of the same path already inverted. So a single step H rows ahead ({@link #invertAt}) is invertible only
 * when every lag is ≥ H ({@link #maxSingleStepHorizon()}), and a path of consecutive steps 1…H
 * ({@link #invertPath}) always is.
 *
 * <p>Read and written as its text ({@code "log,seasonal-diff:12"}, {@code "none"}).
 */
public final class TargetTransforms {

    /** No transform. */
    public static final TargetTransforms NONE = new TargetTransforms(List.of());
    static final String GRAMMAR = "none, or log, log1p, diff, seasonal-diff:M (M from 1 to "
            + TargetTransform.MAX_SEASON + ") separated by commas, log or log1p first";

    private final List<TargetTransform> steps;
    private final int warmup;
    private final int minLag;

    private TargetTransforms(List<TargetTransform> steps) {
        this.steps = List.copyOf(steps);
        this.warmup = steps.stream().mapToInt(TargetTransform::lag).sum();
        this.minLag = steps.stream().filter(TargetTransform::differences).mapToInt(TargetTransform::lag).min()
                .orElse(Integer.MAX_VALUE);
    }

    /** The chain of {@code steps}, in this order. */
    public static TargetTransforms of(TargetTransform... steps) {
        return new TargetTransforms(List.of(steps)).requireOrder();
    }

    /**
     * Parses {@code --transform}'s text: {@code none}, or steps separated by commas.
     *
     * @throws DataException (usage) naming {@code {{transform}}}: an unknown step, a season outside 1 to
     *                       {@value TargetTransform#MAX_SEASON}, {@code none} among steps, log after a difference,
     *                       two logs
     */
    public static TargetTransforms parse(String text) {
        try {
            return parseValue(text);
        } catch (IllegalArgumentException e) {
            throw DataException.usage(OptionRef.of("transform") + ": " + e.getMessage());
        }
    }

    /**
     * A contract's stored transform ({@code null}: none, a contract written before transforms existed).
     *
     * @throws IllegalArgumentException "contract.transform is "sqrt", expected ..." (the checkpoint check's form)
     */
    @JsonCreator
    public static TargetTransforms fromJson(String text) {
        if (text == null) {
            return NONE;
        }
        try {
            return parseValue(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("contract.transform is " + DataException.quote(text) + ", "
                    + e.getMessage().replaceFirst(", got .*", ""), e);
        }
    }

    /** {@link #parse} without the field: "expected ..., got ..." as an {@link IllegalArgumentException}. */
    public static TargetTransforms parseValue(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected " + GRAMMAR + ", got an empty value");
        }
        String t = text.strip();
        if (t.equals("none")) {
            return NONE;
        }
        List<TargetTransform> steps = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            steps.add(step(part.strip(), t));
        }
        TargetTransforms chain = new TargetTransforms(steps);
        chain.requireOrder();
        return chain;
    }

    private static TargetTransform step(String part, String whole) {
        switch (part) {
            case "log":
                return TargetTransform.LOG;
            case "log1p":
                return TargetTransform.LOG1P;
            case "diff":
                return TargetTransform.DIFF;
            default:
                break;
        }
        String prefix = TargetTransform.Kind.SEASONAL_DIFF.cliName() + ":";
        if (part.startsWith(prefix)) {
            String m = part.substring(prefix.length());
            long season;
            try {
                season = Long.parseLong(m);
            } catch (NumberFormatException e) {
                season = Long.MIN_VALUE;
            }
            if (season < 1 || season > TargetTransform.MAX_SEASON) {
                throw new IllegalArgumentException("expected seasonal-diff:M with a season M from 1 to "
                        + TargetTransform.MAX_SEASON + " (rows per season, 12 for monthly data), got \"" + part + "\"");
            }
            return TargetTransform.seasonalDiff((int) season);
        }
        throw new IllegalArgumentException("expected " + GRAMMAR + ", got \"" + (part.isEmpty() ? whole : part)
                + "\"" + (part.equals("none") ? " (none stands alone)" : ""));
    }

    /** Pointwise steps (at most one) before the differences: a log of a difference has no domain. */
    private TargetTransforms requireOrder() {
        boolean differenced = false;
        int logs = 0;
        for (TargetTransform s : steps) {
            if (s.differences()) {
                differenced = true;
            } else {
                logs++;
                if (differenced || logs > 1) {
                    throw new IllegalArgumentException("expected " + GRAMMAR + ", got \"" + this
                            + "\" (one log or log1p, before the differences)");
                }
            }
        }
        return this;
    }

    /** The steps in the order they are applied. */
    public List<TargetTransform> steps() {
        return steps;
    }

    public boolean isNone() {
        return steps.isEmpty();
    }

    /** Whether a step reads an earlier row (diff, seasonal-diff): inverting needs the series' past levels. */
    public boolean differences() {
        return warmup > 0;
    }

    /** Rows at the start of a series without a transformed value: the sum of the differences' lags. */
    public int warmup() {
        return warmup;
    }

    /**
     * The largest H for which {@link #invertAt} inverts a value H rows after the last known one: the smallest lag
     * of the differences ({@link Integer#MAX_VALUE} without differences).
     */
    public int maxSingleStepHorizon() {
        return minLag;
    }

    /** The first pointwise step (log or log1p), or {@code null}. */
    TargetTransform pointwise() {
        return steps.isEmpty() || steps.get(0).differences() ? null : steps.get(0);
    }

    /**
     * The transformed series of {@code y} (values of one series, consecutive rows, oldest first): NaN at the first
     * {@link #warmup()} positions.
     *
     * @param y not modified; values outside a pointwise step's domain give NaN (the loader checks them first)
     */
    public double[] apply(double[] y) {
        double[][] s = stages(y, 0);
        return s[steps.size()];
    }

    /**
     * The level H = {@code horizon} rows after the last of {@code history}, from its transformed value z.
     *
     * @param history the series' levels up to the last known row (oldest first; at least {@link #warmup()} of
     *                them); not modified
     * @throws IllegalArgumentException when H is above {@link #maxSingleStepHorizon()} or the history is too
     *                                  short
     */
    public double invertAt(double[] history, int horizon, double z) {
        if (horizon > minLag) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s cannot invert a single value %d rows ahead (the lag %d would need unknown rows)", this,
                    horizon, minLag));
        }
        int r = history.length - 1 + horizon;
        double[][] s = stages(history, Math.max(0, horizon));
        s[steps.size()][r] = z;
        invertRow(s, r);
        return s[0][r];
    }

    /**
     * The level of transformed value z under a chain without differences (log, log1p, none): no history needed.
     *
     * @throws IllegalStateException for a chain with differences
     */
    public double invertPointwise(double z) {
        if (differences()) {
            throw new IllegalStateException(this + " needs the series' history to invert");
        }
        double y = z;
        for (int j = steps.size() - 1; j >= 0; j--) {
            y = steps.get(j).inverse(y, 0);
        }
        return y;
    }

    /**
     * The levels of the H = {@code z.length} consecutive rows after the last of {@code history}, from their
     * transformed values: row by row, each difference adds the value lag rows back, from the history or from the
     * path already inverted (a cumulative sum for diff; a seasonal look-back for seasonal-diff).
     *
     * @param history the series' levels up to the last known row (oldest first; at least {@link #warmup()} of
     *                them); not modified
     * @param z       the transformed values of rows last+1 … last+H; not modified
     * @throws IllegalArgumentException when the history is too short
     */
    public double[] invertPath(double[] history, double[] z) {
        int n = history.length;
        double[][] s = stages(history, z.length);
        for (int h = 0; h < z.length; h++) {
            s[steps.size()][n + h] = z[h];
            invertRow(s, n + h);
        }
        return Arrays.copyOfRange(s[0], n, n + z.length);
    }

    /** Stage j of row r from stage j + 1 down to the levels (stage 0). */
    private void invertRow(double[][] s, int r) {
        for (int j = steps.size(); j >= 1; j--) {
            TargetTransform step = steps.get(j - 1);
            double earlier = 0;
            if (step.differences()) {
                int back = r - step.lag();
                earlier = back < 0 ? Double.NaN : s[j - 1][back];
                if (Double.isNaN(earlier)) {
                    throw new IllegalArgumentException(this + ": the value of row " + back + " (stage " + (j - 1)
                            + ") is unknown; pass at least " + warmup + " levels of history");
                }
            }
            s[j - 1][r] = step.inverse(s[j][r], earlier);
        }
    }

    /**
     * Every stage of {@code y} (stage 0 = y, stage j = step j of stage j − 1; NaN where a lag reaches before the
     * start), each with {@code extra} NaN positions after y's.
     */
    private double[][] stages(double[] y, int extra) {
        int n = y.length;
        double[][] s = new double[steps.size() + 1][n + extra];
        System.arraycopy(y, 0, s[0], 0, n);
        Arrays.fill(s[0], n, n + extra, Double.NaN);
        for (int j = 1; j <= steps.size(); j++) {
            TargetTransform step = steps.get(j - 1);
            double[] in = s[j - 1];
            double[] out = s[j];
            for (int i = 0; i < n; i++) {
                int back = i - step.lag();
                out[i] = back < 0 && step.differences() ? Double.NaN
                        : step.forward(in[i], step.differences() ? in[back] : 0);
            }
            Arrays.fill(out, n, n + extra, Double.NaN);
        }
        return s;
    }

    /** The text {@link #parse} reads: {@code none} or the steps separated by commas. */
    @JsonValue
    @Override
    public String toString() {
        return steps.isEmpty() ? "none" : steps.stream().map(TargetTransform::toString)
                .collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetTransforms other && other.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
