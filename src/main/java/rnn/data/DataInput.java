package rnn.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the bytes of a data file come from: a file (a regular file, or a named pipe, {@code /dev/stdin}, any path
 * that can be read as a stream), or standard input (messages name it {@value #STDIN_NAME}, so a bad cell reads
 * {@code <stdin>:LINE:COL}). A {@link TableSource} turns these bytes into typed columns.
 *
 * <p>An input is read once, as a stream, from its first byte to its last: nothing is read twice, so a pipe works
 * as a file does and what was parsed is exactly what {@link #sha256()} describes.
 *
 * <p>A data set of several files ({@link #parts}: the files of a directory or glob on a Hadoop file system, in path
 * order) is one input: its SHA-256 is that of the files' bytes in order; a CSV source reads each file with its own
 * header and names each file in its messages ({@link #openPart}); a text source reads the files one after the
 * other, as {@code cat} would ({@link #open}).
 */
public final class DataInput {

    /** How messages name standard input. */
    public static final String STDIN_NAME = "<stdin>";

    /** Opens a stream from elsewhere (a Hadoop file system), when the input is read. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String name;
    private final Path path;
    private final Opener opener;
    private final List<DataInput> parts;
    private final boolean digested;
    private Tap tap;
    /** The parts opened so far ({@link #openPart}). */
    private int partsOpened;
    private MessageDigest partsDigest;

    private DataInput(String name, Path path, Opener opener, List<DataInput> parts, boolean digested) {
        this.name = name;
        this.path = path;
        this.opener = opener;
        this.parts = parts;
        this.digested = digested;
    }

    /** The file at {@code path}, named in messages as given. */
    public static DataInput file(Path path) {
        return new DataInput(path.toString(), path, null, null, false);
    }

    /** Standard input {@code in}, streamed (not read until a source opens it). */
    public static DataInput stdin(InputStream in) {
        return new DataInput(STDIN_NAME, null, () -> in, null, false);
    }

    /**
     * A stream from elsewhere (a Hadoop file system: {@code hdfs://...}), named {@code name} in messages, so that a
     * bad cell reads {@code hdfs://nn/data.csv:LINE:COL}; opened when read, and read once, as a file is.
     */
    public static DataInput stream(String name, Opener opener) {
        return new DataInput(name, null, opener, null, false);
    }

    /**
     * Several files read as one data set named {@code name} (the directory or glob as typed), in the order given
     * (see the class comment).
     *
     * @throws IllegalArgumentException no part, or a part that is itself several files or standard input
     */
    public static DataInput parts(String name, List<DataInput> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(p -> p.parts != null || STDIN_NAME.equals(p.name))) {
            throw new IllegalArgumentException("parts: one or more files, got " + parts);
        }
        return new DataInput(name, null, null, List.copyOf(parts), false);
    }

    /** The same input, with the SHA-256 of its bytes computed as they are read ({@link #sha256()}). */
    public DataInput withSha256() {
        return new DataInput(name, path, opener, parts, true);
    }

    /** The files of a data set of several ({@link #parts}), in order; empty for one file or standard input. */
    public List<DataInput> parts() {
        return parts == null ? List.of() : parts;
    }

    /** The name for messages: the path as given, or {@value #STDIN_NAME}. */
    public String name() {
        return name;
    }

    /** The file, or {@code null} for standard input. */
    public Path path() {
        return path;
    }

    /** The hex SHA-256, once taken. */
    private String sha256;

    /**
     * The SHA-256 (hex) of every byte of the input, from the one reading that the loader parsed.
     *
     * @throws IllegalStateException before the input was read to its end (a load that failed half-way)
     */
    public String sha256() {
        if (tap == null || tap.digest == null || !tap.atEnd || (parts != null && partsOpened < parts.size())) {
            throw new IllegalStateException(name + " was not read to its end, or without withSha256()");
        }
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(tap.digest.digest()); // digest() resets: taken once
        }
        return sha256;
    }

    /**
     * The bytes, from the start (of a data set of several files: the files' bytes one after the other): callable
     * once (the input is a stream).
     *
     * @throws IllegalStateException on a second call
     */
    InputStream open() throws IOException {
        if (tap != null || partsOpened > 0) {
            throw new IllegalStateException(name + " is read once, and was opened already");
        }
        if (parts != null) {
            partsOpened = parts.size();
            tap = new Tap(new Concatenation(), digested ? sha256Digest() : null, true);
            return tap;
        }
        tap = new Tap(raw(), digested ? sha256Digest() : null, path != null || !STDIN_NAME.equals(name));
        return tap;
    }

    /**
     * Part {@code i} of a data set of several files, opened in order (0, 1, ..., each once); its bytes count in this
     * input's {@link #sha256()}, which is known once the last part was read to its end.
     *
     * @throws IllegalStateException out of order, or not a data set of several files
     */
    InputStream openPart(int i) throws IOException {
        if (parts == null || i != partsOpened || tap != null && i == 0) {
            throw new IllegalStateException(name + ": part " + i + " opened out of order");
        }
        if (i == 0 && digested) {
            partsDigest = sha256Digest();
        }
        InputStream in = parts.get(i).raw();
        partsOpened++;
        tap = new Tap(in, partsDigest, true);
        return tap;
    }

    /** This single input's bytes, unwrapped. */
    private InputStream raw() throws IOException {
        return path != null ? Files.newInputStream(path) : opener.open();
    }

    /** The parts' bytes one after the other, each part opened when the one before it ends. */
    private final class Concatenation extends InputStream {
        private final byte[] one = new byte[1];
        private int next;
        private InputStream current;

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (current == null) {
                    if (next == parts.size()) {
                        return -1;
                    }
                    current = parts.get(next++).raw();
                }
                int n = current.read(b, off, len);
                if (n >= 0 || len == 0) {
                    return n;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The stream as read: digests what passes (when asked to) and notes its end. */
    private static final class Tap extends FilterInputStream {

        private static final int SKIP_BYTES = 8192;

        private final MessageDigest digest;
        private final boolean closes;
        private boolean atEnd;

        Tap(InputStream in, MessageDigest digest, boolean closes) {
            super(in);
            this.digest = digest;
            this.closes = closes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                atEnd = true;
            } else if (digest != null) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                atEnd = true;
            } else if (digest != null) {
                digest.update(b, off, n);
            }
            return n;
        }

        /** Reads what it skips, so that every byte is digested. */
        @Override
        public long skip(long n) throws IOException {
            int r = read(new byte[(int) Math.max(0, Math.min(n, SKIP_BYTES))]);
            return Math.max(r, 0);
        }

        /** Closes a file; standard input stays open (it is the process's). */
        @Override
        public void close() throws IOException {
            if (closes) {
                super.close();
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
