package rnn.nn;

/** Where the GRU's reset gate is applied; DESIGN §1. */
public enum GruVariant {
    /** Cho et al. 2014: n = tanh(x W_xn + (r ⊙ h) W_hn + b_n); one bias. Keras {@code reset_after=False}. */
    CLASSIC,
    /** cuDNN / PyTorch / Keras {@code reset_after=True}: n = tanh(x W_xn + b_xn + r ⊙ (h W_hn + b_hn)). */
    RESET_AFTER;

    /**
     * The variant of a stored description (checkpoint, config.json, format-1 flag map) that records none: classic,
     * the default of the releases that wrote such descriptions (reset-after became the default later; the default
     * of {@code rnn train} is stated once, on its {@code --gru-variant} option).
     */
    public static final GruVariant UNRECORDED = CLASSIC;
}
