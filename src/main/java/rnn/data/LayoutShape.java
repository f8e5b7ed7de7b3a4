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
 * @param season  M ≥ 2, the rows in one seasonal cycle of the window layout (from {@code --season} or the time
 *                column's step): the seasonal-naive baseline's period, so that eval uses the M training used; or
 *                {@code null}: none (no seasonal-naive baseline)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps, TokenKind tokens,
        Integer season) {

    /** No parameter (the long layout). */
    public static final LayoutShape NONE = new LayoutShape(null, null, null, null, null);

    /** A shape without a seasonal period. */
    public LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps, TokenKind tokens) {
        this(window, horizon, stride, steps, tokens, null);
    }

    /** This shape with seasonal period {@code m} ({@code null} or 0: none). */
    public LayoutShape withSeason(Integer m) {
        return new LayoutShape(window, horizon, stride, steps, tokens, m == null || m == 0 ? null : m);
    }

    /** A shape without a token kind (the layouts that read a table). */
    public LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps) {
        this(window, horizon, stride, steps, null);
    }

    /** The window layout's W, H, S. */
    public static LayoutShape windows(int window, int horizon, int stride) {
        return new LayoutShape(window, horizon, stride, null);
    }

    /** The wide layout's T. */
    public static LayoutShape steps(int steps) {
        return new LayoutShape(null, null, null, steps);
    }
}
