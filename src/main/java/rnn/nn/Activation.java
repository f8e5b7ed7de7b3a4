package rnn.nn;

/** The simple RNN's activation φ ({@code --activation}). */
public enum Activation {
    TANH,
    RELU
}
