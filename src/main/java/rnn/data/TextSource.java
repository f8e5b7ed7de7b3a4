package rnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A UTF-8 text file as a stream of symbols ({@link TokenKind}): the bytes are checked and decoded by a
 * {@link Utf8Cursor} (a leading byte-order mark is skipped) in two passes straight into the token array; cut into tokens, each token an index into the distinct symbols in
 * first-seen order. Every failure is a {@link DataException} (exit 3) naming the file and, for a bad byte, its
 * offset: an empty file, a NUL byte (a binary file), a byte sequence that is not UTF-8.
 */
final class TextSource {

    /**
     * The symbols of a text: {@code symbols.get(token(i))} is token i. The token indices are held as compactly as
     * the number of distinct symbols allows ({@code char} up to 65,536 symbols, else {@code int}); {@link TokenIds}
     * may take the array over and rewrite it in place.
     */
    static final class Symbols {
        final String file;
        final List<String> symbols;
        /** The token indices when there are more than 65,536 symbols, else null. */
        final int[] tokens;
        /** The token indices when there are at most 65,536 symbols, else null. */
        final char[] small;

        Symbols(String file, List<String> symbols, int[] tokens) {
            this(file, symbols, tokens, null);
        }

        private Symbols(String file, List<String> symbols, int[] tokens, char[] small) {
            this.file = file;
            this.symbols = symbols;
            this.tokens = tokens;
            this.small = small;
        }

        /** The number of tokens. */
        int size() {
            return small != null ? small.length : tokens.length;
        }

        /** The symbol index of token i. */
        int token(int i) {
            return small != null ? small[i] : tokens[i];
        }
    }

    /** The largest text read: one Java array holds its bytes. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private TextSource() {
    }

    /** Reads all of {@code input} and cuts it into tokens of {@code kind}. */
    static Symbols read(DataInput input, TokenKind kind) {
        byte[] bytes;
        try (InputStream in = input.open()) {
            long size = input.path() == null ? -1 : Files.size(input.path());
            if (size > MAX_BYTES) {
                throw DataException.file(input.name(), "a text of at most " + MAX_BYTES + " bytes (2 GiB)",
                        size + " bytes", "split the text into smaller files and train on one of them");
            }
            bytes = readAll(in, size);
        } catch (IOException e) {
            throw DataException.data(input.name() + ": cannot read (" + e.getMessage() + "); check the path", e);
        }
        return kind == TokenKind.CHAR ? chars(input.name(), bytes) : words(input.name(), bytes);
    }

    /**
     * Every byte of {@code in}; with the file's size known ({@code size} ≥ 0) into one array of that size (no
     * growing copies: the text's bytes are held once), read on to the end in case the file grew.
     */
    static byte[] readAll(InputStream in, long size) throws IOException {
        if (size < 0 || size > MAX_BYTES) {
            return in.readAllBytes();
        }
        byte[] bytes = new byte[(int) size];
        int n = 0;
        while (n < bytes.length) {
            int r = in.read(bytes, n, bytes.length - n);
            if (r < 0) {
                return Arrays.copyOf(bytes, n); // the file shrank
            }
            n += r;
        }
        byte[] rest = in.readAllBytes();
        if (rest.length == 0) {
            return bytes;
        }
        byte[] all = Arrays.copyOf(bytes, bytes.length + rest.length);
        System.arraycopy(rest, 0, all, bytes.length, rest.length);
        return all;
    }

    /** The symbols of {@code text} cut as {@code kind} cuts a file (an empty list for an empty text). */
    static List<String> symbols(String text, TokenKind kind) {
        List<String> out = new ArrayList<>();
        if (kind == TokenKind.CHAR) {
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        WordScanner scan = new WordScanner(WordScanner.of(text));
        while (scan.next()) {
            out.add(text.substring(scan.start(), scan.end()));
        }
        return out;
    }

    /**
     * The characters of UTF-8 {@code bytes} as symbols, in two passes over the bytes so that nothing per token is
     * held but the final index array: the first checks the bytes, counts the code points and numbers the distinct
     * ones in first-seen order; the second decodes again straight into a {@code char[]} (or an {@code int[]} past
     * 65,536 distinct characters) of symbol indices.
     */
    private static Symbols chars(String file, byte[] bytes) {
        int[] symbolOf = new int[Character.MAX_CODE_POINT + 1];
        Arrays.fill(symbolOf, -1);
        List<String> symbols = new ArrayList<>();
        Utf8Cursor in = new Utf8Cursor(file, bytes);
        int n = 0;
        for (int cp = in.next(); cp >= 0; cp = in.next()) {
            if (symbolOf[cp] < 0) {
                symbolOf[cp] = symbols.size();
                symbols.add(new String(Character.toChars(cp)));
            }
            n++;
        }
        in.rewind();
        if (symbols.size() <= Character.MAX_VALUE + 1) {
            char[] small = new char[n];
            for (int i = 0; i < n; i++) {
                small[i] = (char) symbolOf[in.next()];
            }
            return new Symbols(file, symbols, null, small);
        }
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = symbolOf[in.next()];
        }
        return new Symbols(file, symbols, tokens);
    }

    /**
     * The words of UTF-8 {@code bytes} ({@link WordScanner}) as symbols, in two passes over the bytes as for
     * characters: the first numbers the distinct words in first-seen order (a {@link ByteSpanTable}: no string per
     * token) and counts the tokens, the second scans again straight into the final index array.
     */
    private static Symbols words(String file, byte[] bytes) {
        Utf8Cursor in = new Utf8Cursor(file, bytes);
        WordScanner.Source source = new WordScanner.Source() {
            @Override
            public int next() {
                return in.next();
            }

            @Override
            public int position() {
                return in.position();
            }
        };
        ByteSpanTable table = new ByteSpanTable(bytes);
        WordScanner scan = new WordScanner(source);
        long n = 0;
        while (scan.next()) {
            table.add(scan.start(), scan.end());
            n++;
        }
        if (n == 0) {
            throw DataException.file(file, "at least one word", "only whitespace", "give a file with text in it");
        }
        in.rewind();
        scan = new WordScanner(source);
        if (table.size() <= Character.MAX_VALUE + 1) {
            char[] small = new char[(int) n];
            for (int i = 0; scan.next(); i++) {
                small[i] = (char) table.find(scan.start(), scan.end());
            }
            return new Symbols(file, table.symbols(), null, small);
        }
        int[] tokens = new int[(int) n];
        for (int i = 0; scan.next(); i++) {
            tokens[i] = table.find(scan.start(), scan.end());
        }
        return new Symbols(file, table.symbols(), tokens);
    }
}
