package rnn.nn;

/** The arithmetic of the hot multiplies. */
public enum Precision {
    DOUBLE,
    FLOAT;

    /**
     * The precision of the command line's hot path (train, predict, eval): float32 products and sums, as
     * {@code scripts/bench} measures; deterministic, so resume and thread counts stay bit-identical. The gradient
     * checks and reference tests run the same layers in {@link #DOUBLE}.
     */
    public static final Precision HOT_PATH = FLOAT;
}
