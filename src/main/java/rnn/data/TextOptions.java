package rnn.data;

import java.util.Objects;

import rnn.option.OptionRef;

/**
 * The options of the text layout (DESIGN §3, issue #11): what a token is, which symbols enter the vocabulary, and
 * the text layout's window defaults. Every text default is here, once.
 *
 * @param tokens   characters (Unicode code points) or words
 * @param minCount K ≥ 1: a symbol seen fewer than K times in the training part becomes {@code <unk>}
 * @param maxVocab N ≥ 2: the largest vocabulary (with {@code <unk>}); a text whose vocabulary would be larger is
 *                 an error
 * @param column   {@code --text COL}: the CSV column (a name or 0-based index) whose rows are the documents, each
 *                 followed by {@code <eod>}; null: the file is one text
 */
public record TextOptions(TokenKind tokens, int minCount, int maxVocab, String column) {

    public static final TokenKind DEFAULT_TOKENS = TokenKind.CHAR;
    public static final int DEFAULT_MIN_COUNT = 1;
    public static final int DEFAULT_MAX_VOCAB = 20_000;
    /** The largest vocabulary any text model may have (a checkpoint claiming more is refused). */
    public static final int MAX_VOCAB = 1 << 20;
    /** T of the text layout when {@code --window} is not given; the stride S defaults to T. */
    public static final int DEFAULT_WINDOW = 100;
    /** F of the text layout when {@code --val-split} is not given: validation is the last 10% of the tokens. */
    public static final double DEFAULT_VAL_SPLIT = 0.1;
    /** The defaults. */
    public static final TextOptions DEFAULTS = new TextOptions(DEFAULT_TOKENS, DEFAULT_MIN_COUNT, DEFAULT_MAX_VOCAB);

    /** A text file's options (no {@code --text} column). */
    public TextOptions(TokenKind tokens, int minCount, int maxVocab) {
        this(tokens, minCount, maxVocab, null);
    }

    public TextOptions {
        Objects.requireNonNull(tokens, "tokens");
        if (minCount < 1) {
            throw DataException.usage(OptionRef.of("min_count") + ": expected a positive integer, got " + minCount);
        }
        if (column != null && column.isBlank()) {
            throw DataException.usage(OptionRef.of("text") + ": expected a column name or 0-based index, got \""
                    + column + "\"");
        }
        if (maxVocab < 2 || maxVocab > MAX_VOCAB) {
            throw DataException.usage(OptionRef.of("max_vocab") + ": expected an integer from 2 to " + MAX_VOCAB
                    + ", got " + maxVocab);
        }
    }
}
