package rnn.nn;

import java.util.Arrays;

import org.ejml.data.DMatrixRMaj;

/**
 * A named parameter tensor with its gradient. The name and shape are PyTorch's (DESIGN §4), for example
 * {@code layers.0.weight_ih_l0} with shape [gates·H, I] or {@code head.bias} with shape [O], so checkpoints
 * need no mapping. A 2-D tensor [r, c] is stored as an r×c row-major matrix; a 1-D tensor [n] as 1×n.
 *
 * <p>{@link #value} and {@link #grad} are owned by the model; layers read {@code value} and accumulate into
 * {@code grad}; {@link Parameters#zeroGrad()} clears the gradients.
 */
public final class Param {

    private final String name;
    private final int[] shape;
    /** The parameter's values (modified by optimizers). */
    public final DMatrixRMaj value;
    /** The gradient of the loss with respect to {@link #value} (accumulated into by backward passes). */
    public final DMatrixRMaj grad;

    public Param(String name, int... shape) {
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(name + ": expected a 1-D or 2-D shape, got " + Arrays.toString(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        int rows = shape.length == 2 ? shape[0] : 1;
        int cols = shape.length == 2 ? shape[1] : shape[0];
        this.value = new DMatrixRMaj(rows, cols);
        this.grad = new DMatrixRMaj(rows, cols);
    }

    public String name() {
        return name;
    }

    /** The PyTorch shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of scalar entries. */
    public int size() {
        return value.data.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
