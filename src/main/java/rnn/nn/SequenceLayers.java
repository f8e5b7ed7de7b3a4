package rnn.nn;

import java.util.EnumMap;
import java.util.Map;

/**
 * How each kind of {@link SequenceLayer} is built: one registration line per cell kind, the only place that maps
 * a {@link CellType} to a class. A new layer kind is its class plus one line here (a wrapper such as a
 * bidirectional layer wraps the factory that {@link #factory} returns).
 */
public final class SequenceLayers {

    /** Builds layer {@code prefix} ("layers.k.") of a model reading {@code inputSize} features per step. */
    @FunctionalInterface
    public interface Factory {
        SequenceLayer create(String prefix, int inputSize, int hiddenSize, ModelSpec spec, Compute compute);
    }

    private static final Map<CellType, Factory> BY_CELL = new EnumMap<>(CellType.class);

    static {
        BY_CELL.put(CellType.RNN, (p, in, h, s, c) -> new SimpleRnnLayer(p, in, h, s.activation(), c));
        BY_CELL.put(CellType.GRU, (p, in, h, s, c) -> new GruLayer(p, in, h, s.gruVariant(), c));
        BY_CELL.put(CellType.LSTM, (p, in, h, s, c) -> new LstmLayer(p, in, h, c));
    }

    private SequenceLayers() {
    }

    /** The factory of the model's layers. */
    public static Factory factory(ModelSpec spec) {
        Factory f = BY_CELL.get(spec.cell());
        if (f == null) {
            throw new IllegalArgumentException("model: no layer registered for cell " + spec.cell());
        }
        return f;
    }
}
