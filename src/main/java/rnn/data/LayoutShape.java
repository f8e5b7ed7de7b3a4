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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LayoutShape(Integer window, Integer horizon, Integer stride, Integer steps, TokenKind tokens) {

    /** No parameter (the long layout). */
    public static final LayoutShape NONE = new LayoutShape(null, null, null, null, null);

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
