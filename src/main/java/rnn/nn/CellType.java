package rnn.nn;

/** The recurrent cell of every layer. */
public enum CellType {
    /** Simple (Elman) RNN: one gate. */
    RNN(1),
    /** Gated recurrent unit: gates r|z|n. */
    GRU(3),
    /** Long short-term memory: gates i|f|g|o. */
    LSTM(4);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks packed in the fused weights. */
    public int gates() {
        return gates;
    }
}
