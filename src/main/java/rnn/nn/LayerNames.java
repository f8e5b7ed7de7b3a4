package rnn.nn;

/**
 * How a layer names its parameters: {@code prefix + base + suffix}, PyTorch's names with no mapping. Layer k of a
 * model is {@code layers.k.weight_ih_l0}; the reverse direction of a bidirectional layer would be
 * {@code layers.k.weight_ih_l0_reverse} ({@link #reverse()}), as PyTorch's {@code nn.GRU(bidirectional=True)}.
 *
 * @param prefix the module path, {@code "layers.k."}
 * @param suffix appended to every tensor name ({@code ""}, or {@code "_reverse"})
 */
public record LayerNames(String prefix, String suffix) {

    /** Layer k of a model's stack: {@code layers.k.…}. */
    public static LayerNames layer(int k) {
        return new LayerNames("layers." + k + ".", "");
    }

    /** The names of the reverse direction of the same layer. */
    public LayerNames reverse() {
        return new LayerNames(prefix, suffix + "_reverse");
    }

    /** The full name of tensor {@code base} ({@code weight_ih_l0}, …). */
    public String of(String base) {
        return prefix + base + suffix;
    }
}
