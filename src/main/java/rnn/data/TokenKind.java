package rnn.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one token of a text is ({@code --tokens}): a Unicode code point, or a word (see {@link #WORD}).
 */
public enum TokenKind implements Named {
    /** One Unicode code point (a character outside the BMP is one token, never two UTF-16 halves). */
    CHAR("char"),
    /**
     * A word, a number or one punctuation mark. A word is a run of letters, digits, marks and {@code _}, with an
     * apostrophe (' or ’) between two letters kept inside it ("don't"); a number keeps a '.' or ',' between two
     * digits ("3.14", "1,000"); every other visible code point is a token of its own. Whitespace separates tokens
     * and is dropped, except a line break, which is the token "\n" (a carriage return is dropped, so CRLF is one
     * line break). Generated words are joined by one space, with none around a line break, none before
     * {@code . , ; : ! ? ) ] }} and none after {@code ( [ {}.
     */
    WORD("word");

    private final String name;

    TokenKind(String name) {
        this.name = name;
    }

    @JsonValue
    @Override
    public String cliName() {
        return name;
    }

    /** The kind called {@code name} ("char", "word"); an unknown name is an error. */
    @JsonCreator
    public static TokenKind fromJson(String name) {
        return Named.lookup(values(), name).orElseThrow(() -> new IllegalArgumentException("tokens: expected one of "
                + Named.names(values()) + ", got " + DataException.quote(String.valueOf(name))));
    }

    /**
     * The text that follows {@code previous} when {@code token} is written after it (generation): the token itself
     * for characters; for words, the token with the separating space of the rule above ({@code previous} is
     * {@code null} at the start of the text).
     */
    public String joined(String previous, String token) {
        if (this == CHAR || previous == null || previous.equals("\n") || token.equals("\n")
                || ".,;:!?)]}".contains(token) || "([{".contains(previous)) {
            return token;
        }
        return " " + token;
    }
}
