package rnn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of a stream that knows where it failed: a byte that is not UTF-8 raises
 * {@link BadByte} with the byte and its physical line (1 + the line feeds before it), found in the same single
 * pass that decodes, so that even a pipe, read once, gets a precise message.
 */
final class Utf8Reader extends Reader {

    private static final int BUFFER_BYTES = 1 << 16;

    /** A byte that is not UTF-8, at {@link #line}. */
    static final class BadByte extends IOException {

        private static final long serialVersionUID = 1L;

        final long line;
        final int value;

        BadByte(long line, int value) {
            super("the byte " + value + " on line " + line + " is not UTF-8");
            this.line = line;
            this.value = value;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private long line = 1;
    private boolean eof;
    private boolean flushed;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (out.position() == off) {
            if (!bytes.hasRemaining() && !eof) {
                fill();
            }
            if (flushed) {
                return -1;
            }
            int from = bytes.position();
            CoderResult r = decoder.decode(bytes, out, eof);
            countLines(from, bytes.position());
            if (r.isError()) {
                throw new BadByte(line, bytes.get(bytes.position()) & 0xFF);
            }
            if (eof && !bytes.hasRemaining() && r.isUnderflow()) {
                CoderResult end = decoder.flush(out);
                if (end.isError()) {
                    throw new BadByte(line, 0);
                }
                flushed = out.position() == off;
                if (flushed) {
                    return -1;
                }
            } else if (r.isUnderflow() && out.position() == off) {
                fill(); // a character split across reads: keep its first bytes and read more
            }
        }
        return out.position() - off;
    }

    /** Keeps the undecoded bytes and reads more after them. */
    private void fill() throws IOException {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            eof = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    private void countLines(int from, int to) {
        byte[] a = bytes.array();
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                line++;
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
