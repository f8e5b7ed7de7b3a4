package rnn.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import rnn.option.OptionRef;

/**
 * The symbols a text model knows, index = token id: {@value #UNK} is id 0 (every symbol not in the vocabulary
 * reads as it), then the symbols of the training part seen at least {@code --min-count} times, in code-point order;
 * a documents model ({@code --text COL}) has {@value DocumentSource#EOD} as id 1, whatever its count.
 * Stored in the input contract as its class list (the head's outputs are the vocabulary).
 */
final class Vocabulary {

    /** The symbol of id 0: every token the vocabulary does not know. */
    static final String UNK = "<unk>";

    /** Code-point order (for characters outside the BMP, unlike {@link String#compareTo}). */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final List<String> symbols;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.ids = new HashMap<>(symbols.size() * 2);
        for (int i = 0; i < symbols.size(); i++) {
            ids.put(symbols.get(i), i);
        }
    }

    /** A stored vocabulary (checked by {@link ContractCheck}). */
    static Vocabulary of(List<String> symbols) {
        return new Vocabulary(symbols);
    }

    /**
     * The vocabulary of the first {@code trainTokens} tokens of {@code text}.
     *
     * @throws DataException (usage) when it would hold more than {@code options.maxVocab()} symbols
     */
    static Vocabulary build(TextSource.Symbols text, int trainTokens, TextOptions options) {
        int[] counts = new int[text.symbols.size()];
        for (int i = 0; i < trainTokens; i++) {
            counts[text.token(i)]++;
        }
        List<String> kept = new ArrayList<>();
        boolean documents = false;
        for (int s = 0; s < counts.length; s++) {
            String symbol = text.symbols.get(s);
            if (symbol.equals(DocumentSource.EOD)) {
                documents = true;
            } else if (counts[s] >= options.minCount()) {
                kept.add(symbol);
            }
        }
        kept.sort(CODE_POINT_ORDER);
        if (documents) {
            kept.add(0, DocumentSource.EOD);
        }
        kept.add(0, UNK);
        if (kept.size() > options.maxVocab()) {
            throw DataException.usage(text.file + ": the vocabulary of the training part has " + kept.size()
                    + " symbols (with " + UNK + "), more than " + OptionRef.of("max_vocab") + " "
                    + options.maxVocab() + "; raise " + OptionRef.of("max_vocab")
                    + (options.tokens() == TokenKind.WORD ? " or " + OptionRef.of("min_count") : " or use "
                    + OptionRef.of("min_count") + " to read rare symbols as " + UNK));
        }
        return new Vocabulary(kept);
    }

    int size() {
        return symbols.size();
    }

    List<String> symbols() {
        return symbols;
    }

    /** The id of {@code symbol}, or 0 ({@value #UNK}). */
    int id(String symbol) {
        Integer id = ids.get(symbol);
        return id == null ? 0 : id;
    }

    /** Whether the vocabulary knows {@code symbol} (other than as {@value #UNK}). */
    boolean knows(String symbol) {
        Integer id = ids.get(symbol);
        return id != null && id != 0;
    }
}
