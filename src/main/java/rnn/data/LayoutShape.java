package rnn.data;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A layout's own parameters, as the model's {@link InputContract} stores them: window W, horizon H and stride S
 * for the window layout, steps T for the wide layout, none for the long layout. A component a layout does not use
 * is {@code null} (and left out of the JSON).
 *
 * @param window  W ≥ 1, or {@code null}
 * @param horizon H ≥ 0, or {@code null}
 * @param stride  S ≥ 1, or {@code null}
 * @param steps   T ≥ 1, or {@code null}
 * @param tokens  the token kind of the text layout (T = window, S = stride, H = 1), or {@code null}
 * @param horizonFrom the window layout's path 1..H: 1 (the model has H outputs per target, step-major: output
 *                (h − 1)·O + o is target o at step h), or {@code null} for the one step H (absent from the JSON
 *                of every model before issue 12)
 * @param season  M ≥ 2, the rows in one seasonal cycle of the window layout (from {@code --season} or the time
 *                column's step): the seasonal-naive baseline's period, so that eval uses the M training used; or
 *                {@code null}: none (no seasonal-naive baseline)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps, TokenKind tokens,
        Integer horizonFrom, Integer season) {

    /** No parameter (the long layout). */
    public static final LayoutShape NONE = new LayoutShape(null, null, null, null, null, null, null);

    /** This shape with seasonal period {@code m} ({@code null} or 0: none). */
    public LayoutShape withSeason(Integer m) {
        return new LayoutShape(window, horizon, stride, steps, tokens, horizonFrom, m == null || m == 0 ? null : m);
    }

    /** A shape without a token kind (the layouts that read a table). */
    public LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps) {
        this(window, horizon, stride, steps, null, null, null);
    }

    /** A shape of one target step (every layout before the path 1..H) without a seasonal period. */
    public LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps, TokenKind tokens) {
        this(window, horizon, stride, steps, tokens, null, null);
    }

    /** The window layout's W, H, S. */
    public static LayoutShape windows(int window, int horizon, int stride) {
        return new LayoutShape(window, horizon, stride, null);
    }

    /** The window layout's W, S and horizon (one step H, or the path 1..H). */
    public static LayoutShape windows(int window, Horizon horizon, int stride) {
        return new LayoutShape(window, horizon.to(), stride, null, null, horizon.from(), null);
    }

    /** Whether each example has a path of target steps (1..H) rather than one. */
    public boolean path() {
        return horizonFrom != null;
    }

    /**
     * The target steps per example: H for the path 1..H, else 1 (one step H, or none). Outputs per target row are
     * multiplied by it.
     */
    public int targetSteps() {
        return horizonFrom == null || horizon == null ? 1 : horizon - horizonFrom + 1;
    }

    /** The first target step: 1 for a path, else H (0 without a horizon). */
    public int firstStep() {
        return horizonFrom != null ? horizonFrom : horizon == null ? 0 : horizon;
    }

    /** The wide layout's T. */
    public static LayoutShape steps(int steps) {
        return new LayoutShape(null, null, null, steps);
    }
}
