package rnn.data;

/**
 * Cuts a stream of code points into the tokens of {@code --tokens word}: a word (letters, digits, '_' and combining
 * marks; an apostrophe between two letters and '.' or ',' between two digits stay inside it), a line break, or any
 * other single character (punctuation, symbols); other whitespace separates tokens and is dropped. Each token is a
 * span [{@link #start()}, {@link #end()}) of the source's positions (byte offsets of a UTF-8 text, char indices of
 * a string), so that a caller can look it up without building a string per token. Two code points of look-ahead;
 * nothing is allocated per token.
 */
final class WordScanner {

    /** Code points with the position of each. */
    interface Source {
        /** The next code point, or −1 at the end (and on every call after it). */
        int next();

        /** The position of the code point {@link #next} returns next (the end position at the end). */
        int position();
    }

    private static final int ASCII = 128;
    private static final byte OTHER = 0;
    private static final byte SEPARATOR = 1;
    private static final byte WORD_PART = 2;
    /** The class of each ASCII character, by the same rules as the general case (most of a text is ASCII). */
    private static final byte[] ASCII_CLASS = new byte[ASCII];

    static {
        for (int c = 0; c < ASCII; c++) {
            boolean separator = c != '\n' && (Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isISOControl(c));
            ASCII_CLASS[c] = separator ? SEPARATOR : Character.isLetterOrDigit(c) || c == '_' ? WORD_PART : OTHER;
        }
    }

    private final Source in;
    private final int[] ahead = new int[2];
    private final int[] aheadAt = new int[2];
    private int buffered;
    private int start;
    private int end;

    WordScanner(Source in) {
        this.in = in;
    }

    /** The code points of a string, positions are char indices. */
    static Source of(String text) {
        return new Source() {
            private int i;

            @Override
            public int next() {
                if (i >= text.length()) {
                    return -1;
                }
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                return cp;
            }

            @Override
            public int position() {
                return i;
            }
        };
    }

    /** Moves to the next token; false at the end of the source. */
    boolean next() {
        for (;;) {
            int c = peek(0);
            if (c < 0) {
                return false;
            }
            start = aheadAt[0];
            consume();
            if (isSeparator(c)) {
                continue;
            }
            if (isWordPart(c)) {
                int prev = c;
                for (int d = peek(0); d >= 0; d = peek(0)) {
                    if (isWordPart(d)) {
                        consume();
                        prev = d;
                    } else if (joins(prev, d, peek(1))) {
                        prev = peek(1);
                        consume();
                        consume();
                    } else {
                        break;
                    }
                }
            }
            peek(0);
            end = aheadAt[0];
            return true;
        }
    }

    /** Where the current token starts. */
    int start() {
        return start;
    }

    /** Where the current token ends (exclusive). */
    int end() {
        return end;
    }

    private int peek(int k) {
        while (buffered <= k) {
            aheadAt[buffered] = in.position();
            ahead[buffered] = in.next();
            buffered++;
        }
        return ahead[k];
    }

    private void consume() {
        ahead[0] = ahead[1];
        aheadAt[0] = aheadAt[1];
        buffered--;
    }

    /** Whitespace and control characters but the line break: dropped between tokens. */
    private static boolean isSeparator(int cp) {
        if (cp < ASCII) {
            return ASCII_CLASS[cp] == SEPARATOR;
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp);
    }

    private static boolean isWordPart(int cp) {
        if (cp < ASCII) {
            return ASCII_CLASS[cp] == WORD_PART;
        }
        if (Character.isLetterOrDigit(cp) || cp == '_') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** An apostrophe between two letters, or '.' or ',' between two digits, stays inside a word. */
    private static boolean joins(int before, int c, int after) {
        if (after < 0) {
            return false;
        }
        if (c == '\'' || c == '\u2019') {
            return Character.isLetter(before) && Character.isLetter(after);
        }
        if (c == '.' || c == ',') {
            return Character.isDigit(before) && Character.isDigit(after);
        }
        return false;
    }
}
