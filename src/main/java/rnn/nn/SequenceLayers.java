package rnn.nn;

import java.util.EnumMap;
import java.util.Map;

/**
 * How each kind of {@link SequenceLayer} is built: one registration line per cell kind, the only place that maps
 * a {@link CellType} to a class. A new layer kind is its class plus one line here (a wrapper such as a
 * bidirectional layer wraps the factory that {@link #factory} returns).
 */
public final class SequenceLayers {

    /** Builds a layer named {@code names} reading {@code inputSize} features per step. */
    @FunctionalInterface
    public interface Factory {
        SequenceLayer create(LayerNames names, int inputSize, int hiddenSize, ModelSpec spec, Compute compute);
    }

    private static final Map<CellType, Factory> BY_CELL = new EnumMap<>(CellType.class);

    static {
        BY_CELL.put(CellType.RNN, (n, in, h, s, c) -> new SimpleRnnLayer(n, in, h, s.activation(), c));
        BY_CELL.put(CellType.GRU, (n, in, h, s, c) -> new GruLayer(n, in, h, s.gruVariant(), c));
        BY_CELL.put(CellType.LSTM, (n, in, h, s, c) -> new LstmLayer(n, in, h, c));
    }

    private SequenceLayers() {
    }

    /** The factory of the model's layers: bidirectional pairs ({@link BidirectionalLayer}) when the spec says. */
    public static Factory factory(ModelSpec spec) {
        Factory f = BY_CELL.get(spec.cell());
        if (f == null) {
            throw new IllegalArgumentException("model: no layer registered for cell " + spec.cell());
        }
        return spec.bidirectional() ? BidirectionalLayer.of(f) : f;
    }
}
