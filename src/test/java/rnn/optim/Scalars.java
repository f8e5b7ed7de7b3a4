package rnn.optim;

import rnn.nn.Param;

/** One-value parameters for the optimizer tests worked by hand. */
final class Scalars {

    private Scalars() {
    }

    /** A parameter "p" of one value θ₀ = {@code value} (gradient 0). */
    static Param param(double value) {
        Param p = new Param("p", 1);
        p.value.data[0] = value;
        return p;
    }
}
