package rnn.nn;

/** Where the dense head reads the last layer's hidden state. */
public enum OutputMode {
    /** On each sequence's last real (unmasked) step: one prediction per sequence. */
    LAST,
    /** On every step: one prediction per step, padded steps masked out of the loss. */
    SEQUENCE
}
