package rnn.nn;

import java.util.Arrays;

/**
 * The architecture of a model: everything needed to build it, nothing about training.
 *
 * @param cell       the recurrent cell of every layer
 * @param activation φ of the simple RNN (must be TANH for GRU and LSTM, whose gate functions are fixed)
 * @param gruVariant where the GRU applies its reset gate (ignored by other cells)
 * @param inputSize  I, features per step
 * @param hidden     H of each layer, bottom first
 * @param outputs    O, the head's outputs (classes for classification)
 * @param output     where the head reads the hidden state
 * @param dropout    inverted dropout probability between layers, in [0, 1)
 * @param recurrentDropout probability of dropping a unit of h_{t−1} where it enters the recurrent multiply
 *                   (variational: one mask per sequence, see {@link RecurrentLayer}), in [0, 1)
 * @param bidirectional every layer runs forward and reversed over each sequence ({@link BidirectionalLayer}):
 *                   2H outputs per layer
 * @param embeddings the categorical inputs ({@link CategoricalEmbeddings}), in input order: the last
 *                   {@code embeddings.size()} of the {@code inputSize} features per step are their level indices;
 *                   empty for numeric inputs only
 * @param tokens     how token ids enter (a text model: {@code inputSize} 1), or {@code null} for numeric features
 */
public record ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                        int outputs, OutputMode output, double dropout, double recurrentDropout,
                        boolean bidirectional, java.util.List<EmbeddingSpec> embeddings, TokenInput tokens) {

    /** A model of numeric inputs only. */
    public ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                     int outputs, OutputMode output, double dropout, double recurrentDropout,
                     boolean bidirectional) {
        this(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, recurrentDropout,
                bidirectional, java.util.List.of(), null);
    }

    /** A model of numeric and categorical inputs. */
    public ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                     int outputs, OutputMode output, double dropout, double recurrentDropout,
                     boolean bidirectional, java.util.List<EmbeddingSpec> embeddings) {
        this(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, recurrentDropout,
                bidirectional, embeddings, null);
    }

    /** This architecture reading tokens as {@code t} describes (a text model: one input, the token id). */
    public ModelSpec withTokens(TokenInput t) {
        return new ModelSpec(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout,
                recurrentDropout, bidirectional, embeddings, t);
    }

    /** A one-directional model without recurrent dropout. */
    public ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                     int outputs, OutputMode output, double dropout) {
        this(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, 0.0, false);
    }

    /** A one-directional model with recurrent dropout {@code recurrentDropout}. */
    public ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                     int outputs, OutputMode output, double dropout, double recurrentDropout) {
        this(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, recurrentDropout, false);
    }

    /** A model without recurrent dropout, bidirectional or not. */
    public ModelSpec(CellType cell, Activation activation, GruVariant gruVariant, int inputSize, int[] hidden,
                     int outputs, OutputMode output, double dropout, boolean bidirectional) {
        this(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, 0.0, bidirectional);
    }

    /** This architecture with recurrent dropout {@code p}. */
    public ModelSpec withRecurrentDropout(double p) {
        return new ModelSpec(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout, p,
                bidirectional, embeddings, tokens);
    }

    /** This architecture with the categorical inputs {@code e} (the last {@code e.size()} of the inputs). */
    public ModelSpec withEmbeddings(java.util.List<EmbeddingSpec> e) {
        return new ModelSpec(cell, activation, gruVariant, inputSize, hidden, outputs, output, dropout,
                recurrentDropout, bidirectional, e, tokens);
    }

    /** Numeric features per step (the first of the inputs). */
    public int numericInputs() {
        return inputSize - embeddings.size();
    }

    /**
     * Features per step the first layer reads: the numeric features and every embedding's width; for a token input
     * its embedding's width, or the vocabulary (one-hot).
     */
    public int firstLayerInputs() {
        if (tokens != null) {
            return tokens.embedding() > 0 ? tokens.embedding() : tokens.vocabulary();
        }
        int n = numericInputs();
        for (EmbeddingSpec e : embeddings) {
            n += e.dim();
        }
        return n;
    }

    public ModelSpec {
        if (cell == null || activation == null || gruVariant == null || output == null) {
            throw new IllegalArgumentException("model: cell, activation, GRU variant and output mode are required");
        }
        checkActivation(cell, activation);
        if (inputSize < 1) {
            throw new IllegalArgumentException("model: expected at least one input feature, got " + inputSize);
        }
        if (hidden == null || hidden.length == 0) {
            throw new IllegalArgumentException("hidden sizes: expected at least one layer, got none");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden sizes: expected positive integers, got "
                        + Arrays.toString(hidden));
            }
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("model: expected at least one output, got " + outputs);
        }
        checkDropout(dropout);
        checkRecurrentDropout(recurrentDropout);
        embeddings = java.util.List.copyOf(embeddings);
        if (embeddings.size() > inputSize) {
            throw new IllegalArgumentException("model: " + embeddings.size() + " categorical inputs among "
                    + inputSize + " input features");
        }
        if (tokens != null && !embeddings.isEmpty()) {
            throw new IllegalArgumentException("model: a token input has no categorical inputs beside it");
        }
        if (tokens != null && inputSize != 1) {
            throw new IllegalArgumentException("model: a token input has one input per step (the id), got " + inputSize);
        }
        if (tokens != null && bidirectional) {
            throw new IllegalArgumentException("model: a next-token model cannot be bidirectional (the reverse"
                    + " direction would read the tokens it predicts)");
        }
        hidden = hidden.clone();
    }

    /** Only the simple RNN takes an activation other than tanh (the gated cells' functions are fixed). */
    public static void checkActivation(CellType cell, Activation activation) {
        if (cell != CellType.RNN && activation != Activation.TANH) {
            throw new IllegalArgumentException("activation " + activation.name().toLowerCase(java.util.Locale.ROOT)
                    + ": only the simple RNN cell takes an activation; "
                    + cell.name().toLowerCase(java.util.Locale.ROOT) + " uses fixed sigmoid and tanh gates");
        }
    }

    /** A dropout probability in [0, 1). */
    public static void checkDropout(double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a probability in [0, 1), got " + dropout);
        }
    }

    /** A recurrent-dropout probability in [0, 1). */
    public static void checkRecurrentDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("{{recurrent_dropout}}: expected a probability in [0, 1), got " + p);
        }
    }

    /** Layer sizes (a copy). */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public int layers() {
        return hidden.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && cell == m.cell && activation == m.activation && gruVariant == m.gruVariant
                && inputSize == m.inputSize && Arrays.equals(hidden, m.hidden) && outputs == m.outputs
                && output == m.output && Double.compare(dropout, m.dropout) == 0
                && Double.compare(recurrentDropout, m.recurrentDropout) == 0 && bidirectional == m.bidirectional
                && embeddings.equals(m.embeddings) && java.util.Objects.equals(tokens, m.tokens);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + java.util.Objects.hash(cell, activation, gruVariant, inputSize,
                outputs, output, dropout, recurrentDropout, bidirectional, embeddings, tokens);
    }

    @Override
    public String toString() {
        return "ModelSpec[cell=" + cell + ", activation=" + activation + ", gruVariant=" + gruVariant
                + ", inputSize=" + inputSize + ", hidden=" + Arrays.toString(hidden) + ", outputs=" + outputs
                + ", output=" + output + ", dropout=" + dropout + ", recurrentDropout=" + recurrentDropout
                + ", bidirectional=" + bidirectional + ", embeddings=" + embeddings + ", tokens=" + tokens + "]";
    }
}
