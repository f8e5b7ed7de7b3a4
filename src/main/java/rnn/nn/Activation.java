package rnn.nn;

/** The simple RNN's activation φ. */
public enum Activation {
    TANH,
    RELU
}
