package rnn.data;

import java.util.List;

/**
 * A text model's tokens for the commands that use it ({@code rnn generate}): a text cut into symbols as training
 * cut its file ({@link TokenKind}), symbols to ids and back through the stored vocabulary (id 0 = {@code <unk>}),
 * and how generated tokens are joined.
 */
public final class TokenCodec {

    private final TokenKind kind;
    private final Vocabulary vocabulary;

    private TokenCodec(TokenKind kind, Vocabulary vocabulary) {
        this.kind = kind;
        this.vocabulary = vocabulary;
    }

    /**
     * The codec of a text model's contract.
     *
     * @throws IllegalArgumentException when the contract is not a text model's
     */
    public static TokenCodec of(InputContract contract) {
        if (!contract.layout().readsText() || contract.shape().tokens() == null) {
            throw new IllegalArgumentException("the model was trained on a " + contract.layout().cliName()
                    + " layout, not on a text (--layout text)");
        }
        return new TokenCodec(contract.shape().tokens(), Vocabulary.of(contract.classes()));
    }

    public TokenKind kind() {
        return kind;
    }

    /** V, with {@code <unk>}. */
    public int size() {
        return vocabulary.size();
    }

    /** The id of {@code <unk>}. */
    public static int unknownId() {
        return 0;
    }

    /** The symbols of {@code text}, as training cut its file. */
    public List<String> split(String text) {
        return TextSource.symbols(text, kind);
    }

    /** Whether the vocabulary knows {@code symbol}. */
    public boolean knows(String symbol) {
        return vocabulary.knows(symbol);
    }

    /** The id of {@code symbol} (0, {@code <unk>}, when unknown). */
    public int id(String symbol) {
        return vocabulary.id(symbol);
    }

    /** The symbol of {@code id}. */
    public String symbol(int id) {
        return vocabulary.symbols().get(id);
    }

    /**
     * The id a generation without a prime starts after: {@value DocumentSource#EOD} for a documents model (the
     * start of a document), else the line break when the vocabulary knows it, else {@code <unk>}.
     */
    public int startId() {
        if (vocabulary.knows(DocumentSource.EOD)) {
            return vocabulary.id(DocumentSource.EOD);
        }
        return vocabulary.knows("\n") ? vocabulary.id("\n") : unknownId();
    }

    /**
     * The text written for {@code token} after {@code previous} ({@code null} at the start); the end of a document,
     * {@value DocumentSource#EOD}, is written as a line break (and joins as one).
     */
    public String joined(String previous, String token) {
        return kind.joined(printed(previous), printed(token));
    }

    private static String printed(String symbol) {
        return DocumentSource.EOD.equals(symbol) ? "\n" : symbol;
    }
}
