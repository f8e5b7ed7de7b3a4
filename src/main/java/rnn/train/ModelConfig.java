package rnn.train;

import java.util.Arrays;
import java.util.Objects;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.OutputMode;

/**
 * The architecture a run trains (DESIGN §1), apart from the input and output widths, which come from the data.
 * Messages name the field, not a command-line flag: the command line checks its options before it builds this.
 *
 * @param cell       the recurrent cell of every layer
 * @param hidden     hidden size per layer, bottom first (at least one layer, each ≥ 1)
 * @param activation the simple RNN's activation (tanh for the gated cells)
 * @param gruVariant where the GRU applies its reset gate
 * @param dropout    dropout probability between layers, in [0, 1)
 * @param output     head on the last step or on every step
 * @param recurrentDropout variational dropout of the recurrent state (one mask per sequence), in [0, 1); 0 = off
 * @param bidirectional every layer runs forward and reversed over each sequence (false in files without the field)
 * @param catDim     D of every categorical column's embedding, 1 to {@link #MAX_CAT_DIM}, or {@link #AUTO_CAT_DIM}:
 *                   min({@value #AUTO_CAT_DIM_CAP}, ⌈levels/2⌉) per column ({@link #embeddingDim})
 * @param embedding  a text model's token embedding width D, or 0: one-hot tokens (the input weights are the table)
 */
public record ModelConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                          OutputMode output, double recurrentDropout, boolean bidirectional, int catDim,
                          int embedding) {

    /** {@link #catDim} of a run that sets none (and of every description written before it existed). */
    public static final int AUTO_CAT_DIM = 0;
    /** The automatic embedding width is ⌈levels/2⌉ up to this. */
    public static final int AUTO_CAT_DIM_CAP = 16;
    /** The widest embedding {@code cat_dim} may ask for. */
    public static final int MAX_CAT_DIM = 1024;
    /** The input of a text model when {@code --embedding} is not given: one-hot (the input weights are the table). */
    public static final int DEFAULT_EMBEDDING = 0;

    /** A configuration with the automatic categorical embedding width and no token embedding. */
    public ModelConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                       OutputMode output, double recurrentDropout, boolean bidirectional) {
        this(cell, hidden, activation, gruVariant, dropout, output, recurrentDropout, bidirectional, AUTO_CAT_DIM,
                DEFAULT_EMBEDDING);
    }

    /** The recurrent dropout of a run that sets none (and of every description written before it existed). */
    public static final double DEFAULT_RECURRENT_DROPOUT = 0.0;

    /** A one-directional configuration without recurrent dropout. */
    public ModelConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                       OutputMode output) {
        this(cell, hidden, activation, gruVariant, dropout, output, DEFAULT_RECURRENT_DROPOUT, false);
    }

    /** A one-directional configuration with recurrent dropout. */
    public ModelConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                       OutputMode output, double recurrentDropout) {
        this(cell, hidden, activation, gruVariant, dropout, output, recurrentDropout, false);
    }

    /** A configuration without recurrent dropout, bidirectional or not. */
    public ModelConfig(CellType cell, int[] hidden, Activation activation, GruVariant gruVariant, double dropout,
                       OutputMode output, boolean bidirectional) {
        this(cell, hidden, activation, gruVariant, dropout, output, DEFAULT_RECURRENT_DROPOUT, bidirectional);
    }

    public ModelConfig {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(gruVariant, "gruVariant");
        Objects.requireNonNull(output, "output");
        hidden = hidden.clone();
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden: expected positive layer sizes, got "
                    + Arrays.toString(hidden));
        }
        if (cell != CellType.RNN && activation != Activation.TANH) {
            throw new IllegalArgumentException("activation: only the simple RNN takes one other than tanh, got "
                    + activation + " with " + cell);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a probability in [0, 1), got " + dropout);
        }
        if (embedding < 0) {
            throw new IllegalArgumentException("embedding: expected 0 (one-hot) or a positive size, got " + embedding);
        }
        if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException("recurrent_dropout: expected a probability in [0, 1), got "
                    + recurrentDropout);
        }
        checkCatDim("cat_dim", catDim);
    }

    /**
     * {@code cat_dim}: {@link #AUTO_CAT_DIM} or 1 to {@link #MAX_CAT_DIM}.
     *
     * @param field how the message names it ({@code "cat_dim"}, or {@code "{{cat_dim}}"} for the flag)
     */
    public static void checkCatDim(String field, int catDim) {
        if (catDim != AUTO_CAT_DIM && (catDim < 1 || catDim > MAX_CAT_DIM)) {
            throw new IllegalArgumentException(field + ": expected a whole number from 1 to " + MAX_CAT_DIM
                    + " (or none: min(" + AUTO_CAT_DIM_CAP + ", levels/2 rounded up) per column), got " + catDim);
        }
    }

    /** D of a column of {@code levels} levels: {@link #catDim}, or min(16, ⌈levels/2⌉) when automatic. */
    public int embeddingDim(int levels) {
        return catDim != AUTO_CAT_DIM ? catDim : Math.max(1, Math.min(AUTO_CAT_DIM_CAP, (levels + 1) / 2));
    }

    /** The embeddings of the contract's categorical columns, in its order. */
    public java.util.List<rnn.nn.EmbeddingSpec> embeddings(java.util.List<rnn.data.CategoricalColumn> columns) {
        return columns.stream().map(c -> new rnn.nn.EmbeddingSpec(c.column(), c.levels().size(),
                embeddingDim(c.levels().size()))).toList();
    }

    /** Layer sizes (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig m && cell == m.cell && Arrays.equals(hidden, m.hidden)
                && activation == m.activation && gruVariant == m.gruVariant
                && Double.compare(dropout, m.dropout) == 0 && output == m.output
                && Double.compare(recurrentDropout, m.recurrentDropout) == 0 && bidirectional == m.bidirectional
                && catDim == m.catDim && embedding == m.embedding;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cell, Arrays.hashCode(hidden), activation, gruVariant, dropout, output, recurrentDropout,
                bidirectional, catDim, embedding);
    }

    @Override
    public String toString() {
        return "ModelConfig[cell=" + cell + ", hidden=" + Arrays.toString(hidden) + ", activation=" + activation
                + ", gruVariant=" + gruVariant + ", dropout=" + dropout + ", output=" + output
                + ", recurrentDropout=" + recurrentDropout + ", bidirectional=" + bidirectional + ", catDim=" + catDim
                + ", embedding=" + embedding + "]";
    }
}
