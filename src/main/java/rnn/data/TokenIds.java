package rnn.data;

/**
 * The token ids of a text, as compact as the vocabulary allows: 2 bytes a token ({@code char}) up to 65,536
 * symbols, else 4 ({@code int}). Windows read them in place ({@link TokenWindows}); nothing is copied per window.
 */
final class TokenIds {

    private final char[] small;
    private final int[] large;
    private final int size;
    /** Tokens whose symbol the vocabulary does not know (read as {@code <unk>}), in [0, {@link #unknownFrom}). */
    final long unknownBefore;
    /** Tokens whose symbol the vocabulary does not know from {@link #unknownFrom} on. */
    final long unknownAfter;
    final int unknownFrom;

    /**
     * The ids of {@code text} under {@code vocabulary}, counting the unknown symbols before and from
     * {@code split}. Takes over {@code text}'s index array when it has the width the ids need and rewrites it in
     * place (the text's tokens are not read again), so laying the ids out allocates nothing per token.
     */
    TokenIds(TextSource.Symbols text, Vocabulary vocabulary, int split) {
        int[] idOf = new int[text.symbols.size()];
        boolean[] unknown = new boolean[idOf.length];
        for (int s = 0; s < idOf.length; s++) {
            String symbol = text.symbols.get(s);
            idOf[s] = vocabulary.id(symbol);
            unknown[s] = !vocabulary.knows(symbol);
        }
        this.size = text.size();
        boolean compact = vocabulary.size() <= Character.MAX_VALUE + 1;
        this.small = !compact ? null : text.small != null ? text.small : new char[size];
        this.large = compact ? null : text.tokens != null ? text.tokens : new int[size];
        long before = 0;
        long after = 0;
        for (int i = 0; i < size; i++) {
            int s = text.token(i);
            if (small != null) {
                small[i] = (char) idOf[s];
            } else {
                large[i] = idOf[s];
            }
            if (unknown[s]) {
                if (i < split) {
                    before++;
                } else {
                    after++;
                }
            }
        }
        this.unknownBefore = before;
        this.unknownAfter = after;
        this.unknownFrom = split;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return small != null ? small[i] : large[i];
    }

    /** Bytes a token takes. */
    int bytesPerToken() {
        return small != null ? Character.BYTES : Integer.BYTES;
    }
}
