package rnn.nn;

/** Where the GRU's reset gate is applied; DESIGN §1. */
public enum GruVariant {
    /** Cho et al. 2014: n = tanh(x W_xn + (r ⊙ h) W_hn + b_n); one bias. Keras {@code reset_after=False}. */
    CLASSIC,
    /** cuDNN / PyTorch / Keras {@code reset_after=True}: n = tanh(x W_xn + b_xn + r ⊙ (h W_hn + b_hn)). */
    RESET_AFTER
}
