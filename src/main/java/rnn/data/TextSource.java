package rnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A UTF-8 text file as a stream of symbols ({@link TokenKind}): the bytes are checked and decoded in one pass (a
 * leading byte-order mark is skipped), then cut into tokens, each token an index into the distinct symbols in
 * first-seen order. Every failure is a {@link DataException} (exit 3) naming the file and, for a bad byte, its
 * offset: an empty file, a NUL byte (a binary file), a byte sequence that is not UTF-8.
 */
final class TextSource {

    /** The symbols of a text: {@code symbol(tokens[i])} is token i. */
    static final class Symbols {
        final String file;
        final List<String> symbols;
        final int[] tokens;

        Symbols(String file, List<String> symbols, int[] tokens) {
            this.file = file;
            this.symbols = symbols;
            this.tokens = tokens;
        }
    }

    private TextSource() {
    }

    /** Reads all of {@code input} and cuts it into tokens of {@code kind}. */
    static Symbols read(DataInput input, TokenKind kind) {
        byte[] bytes;
        try (InputStream in = input.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw DataException.data(input.name() + ": cannot read (" + e.getMessage() + "); check the path", e);
        }
        int[] codePoints = decode(input.name(), bytes);
        return kind == TokenKind.CHAR ? chars(input.name(), codePoints) : words(input.name(), codePoints);
    }

    /** The symbols of {@code text} cut as {@code kind} cuts a file (an empty list for an empty text). */
    static List<String> symbols(String text, TokenKind kind) {
        int[] cps = text.codePoints().toArray();
        if (cps.length == 0) {
            return List.of();
        }
        Symbols s;
        try {
            s = kind == TokenKind.CHAR ? chars("", cps) : words("", cps);
        } catch (DataException e) {
            return List.of(); // only whitespace
        }
        List<String> out = new ArrayList<>(s.tokens.length);
        for (int t : s.tokens) {
            out.add(s.symbols.get(t));
        }
        return out;
    }

    /**
     * The code points of UTF-8 {@code bytes} (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
     * without a leading byte-order mark.
     */
    static int[] decode(String file, byte[] bytes) {
        if (bytes.length == 0) {
            throw DataException.file(file, "a UTF-8 text", "an empty file", "give a file with text in it");
        }
        int[] out = new int[bytes.length];
        int n = 0;
        int i = 0;
        int len = bytes.length;
        if (len >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < len) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                if (b == 0) {
                    throw DataException.data(file + ": byte offset " + i + " is a NUL byte: this looks like a binary"
                            + " file, expected UTF-8 text; give a text file");
                }
                out[n++] = b;
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                cp = b & 0x1F;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                cp = b & 0x0F;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                cp = b & 0x07;
                min = 0x10000;
            } else {
                throw invalid(file, i, b);
            }
            for (int k = 1; k <= need; k++) {
                if (i + k >= len) {
                    throw DataException.data(String.format(Locale.ROOT, "%s: byte offset %d: expected UTF-8 text, got"
                            + " the file ending inside a character (lead byte 0x%02X); convert the file to UTF-8",
                            file, i, b));
                }
                int c = bytes[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    throw invalid(file, i, b);
                }
                cp = (cp << 6) | (c & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw invalid(file, i, b);
            }
            out[n++] = cp;
            i += need + 1;
        }
        if (n == 0) {
            throw DataException.file(file, "a UTF-8 text", "only a byte-order mark", "give a file with text in it");
        }
        return Arrays.copyOf(out, n);
    }

    private static DataException invalid(String file, int offset, int b) {
        return DataException.data(String.format(Locale.ROOT, "%s: byte offset %d: expected UTF-8 text, got the byte"
                + " 0x%02X, which is not valid UTF-8 there; convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)",
                file, offset, b));
    }

    private static Symbols chars(String file, int[] codePoints) {
        int[] symbolOf = new int[Character.MAX_CODE_POINT + 1];
        Arrays.fill(symbolOf, -1);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < codePoints.length; i++) {
            int cp = codePoints[i];
            int s = symbolOf[cp];
            if (s < 0) {
                s = symbols.size();
                symbolOf[cp] = s;
                symbols.add(new String(Character.toChars(cp)));
            }
            codePoints[i] = s; // in place: the code points are not needed again
        }
        return new Symbols(file, symbols, codePoints);
    }

    private static Symbols words(String file, int[] cps) {
        Map<String, Integer> index = new HashMap<>();
        List<String> symbols = new ArrayList<>();
        int[] tokens = new int[cps.length];
        int n = 0;
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < cps.length) {
            int cp = cps[i];
            int end;
            if (cp == '\n') {
                end = i + 1;
            } else if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                i++;
                continue;
            } else if (isWordPart(cp)) {
                end = i + 1;
                while (end < cps.length) {
                    int c = cps[end];
                    if (isWordPart(c)) {
                        end++;
                    } else if (end + 1 < cps.length && joins(cps[end - 1], c, cps[end + 1])) {
                        end += 2;
                    } else {
                        break;
                    }
                }
            } else {
                end = i + 1;
            }
            word.setLength(0);
            for (int k = i; k < end; k++) {
                word.appendCodePoint(cps[k]);
            }
            String w = word.toString();
            Integer s = index.get(w);
            if (s == null) {
                s = symbols.size();
                index.put(w, s);
                symbols.add(w);
            }
            tokens[n++] = s;
            i = end;
        }
        if (n == 0) {
            throw DataException.file(file, "at least one word", "only whitespace", "give a file with text in it");
        }
        return new Symbols(file, symbols, Arrays.copyOf(tokens, n));
    }

    private static boolean isWordPart(int cp) {
        if (Character.isLetterOrDigit(cp) || cp == '_') {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** An apostrophe between two letters, or '.' or ',' between two digits, stays inside a word. */
    private static boolean joins(int before, int c, int after) {
        if (c == '\'' || c == '\u2019') {
            return Character.isLetter(before) && Character.isLetter(after);
        }
        if (c == '.' || c == ',') {
            return Character.isDigit(before) && Character.isDigit(after);
        }
        return false;
    }
}
