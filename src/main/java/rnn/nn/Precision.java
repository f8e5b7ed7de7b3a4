package rnn.nn;

/** The arithmetic of the hot multiplies. */
public enum Precision {
    DOUBLE,
    FLOAT
}
