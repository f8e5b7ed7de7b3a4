package rnn.nn;

/**
 * How a text model reads its input (issue #11): one token id per step, from a vocabulary of V symbols, either
 * one-hot ({@code embedding} 0: the first layer's {@code weight_ih_l0} [G·H, V] is the embedding, and its input
 * projection is a gather of columns, {@link OneHotTokens}) or through a learned table {@code embedding.weight}
 * [V, D] ({@link TokenEmbedding}, PyTorch's {@code nn.Embedding}).
 *
 * @param vocabulary V ≥ 2
 * @param embedding  D ≥ 1, or 0 for one-hot
 */
public record TokenInput(int vocabulary, int embedding) {

    public TokenInput {
        if (vocabulary < 2) {
            throw new IllegalArgumentException("vocabulary: expected at least 2 symbols, got " + vocabulary);
        }
        if (embedding < 0) {
            throw new IllegalArgumentException("{{embedding}}: expected 0 (one-hot) or a positive size, got "
                    + embedding);
        }
    }

    /** The input stage this describes. */
    InputStage stage() {
        return embedding == 0 ? new OneHotTokens(vocabulary) : new TokenEmbedding(vocabulary, embedding);
    }
}
