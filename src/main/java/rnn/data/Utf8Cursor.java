package rnn.data;

import java.util.Locale;

/**
 * Reads the code points of UTF-8 bytes one at a time (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), skipping a leading byte-order mark; nothing is allocated per code point, so a text can be decoded
 * twice (count, then fill) without an intermediate array. Every failure is a {@link DataException} (exit 3)
 * naming the file and the byte offset: an empty file, only a byte-order mark, a NUL byte (a binary file), a byte
 * sequence that is not UTF-8.
 */
final class Utf8Cursor {

    private final String file;
    private final byte[] bytes;
    private final int start;
    private int i;

    /** @throws DataException when {@code bytes} is empty or holds only a byte-order mark */
    Utf8Cursor(String file, byte[] bytes) {
        if (bytes.length == 0) {
            throw DataException.file(file, "a UTF-8 text", "an empty file", "give a file with text in it");
        }
        this.file = file;
        this.bytes = bytes;
        int len = bytes.length;
        this.start = len >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        if (start == len) {
            throw DataException.file(file, "a UTF-8 text", "only a byte-order mark", "give a file with text in it");
        }
        this.i = start;
    }

    /** The byte offset of the next code point (the length of the bytes at the end). */
    int position() {
        return i;
    }

    /** Back to the first code point. */
    void rewind() {
        i = start;
    }

    /** The next code point, or −1 at the end. */
    int next() {
        final byte[] b0 = bytes;
        final int len = b0.length;
        if (i >= len) {
            return -1;
        }
        int b = b0[i] & 0xFF;
        if (b < 0x80) {
            if (b == 0) {
                throw DataException.data(file + ": byte offset " + i + " is a NUL byte: this looks like a binary"
                        + " file, expected UTF-8 text; give a text file");
            }
            i++;
            return b;
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
            throw invalid(i, b);
        }
        for (int k = 1; k <= need; k++) {
            if (i + k >= len) {
                throw DataException.data(String.format(Locale.ROOT, "%s: byte offset %d: expected UTF-8 text, got"
                        + " the file ending inside a character (lead byte 0x%02X); convert the file to UTF-8",
                        file, i, b));
            }
            int c = b0[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                throw invalid(i, b);
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw invalid(i, b);
        }
        i += need + 1;
        return cp;
    }

    private DataException invalid(int offset, int b) {
        return DataException.data(String.format(Locale.ROOT, "%s: byte offset %d: expected UTF-8 text, got the byte"
                + " 0x%02X, which is not valid UTF-8 there; convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)",
                file, offset, b));
    }
}
