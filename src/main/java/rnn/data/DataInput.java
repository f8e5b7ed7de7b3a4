package rnn.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the bytes of a data file come from: a file (a regular file, or a named pipe, {@code /dev/stdin}, any path
 * that can be read as a stream), or standard input (messages name it {@value #STDIN_NAME}, so a bad cell reads
 * {@code <stdin>:LINE:COL}). A {@link TableSource} turns these bytes into typed columns.
 *
 * <p>An input is read once, as a stream, from its first byte to its last: nothing is read twice, so a pipe works
 * as a file does and what was parsed is exactly what {@link #sha256()} describes.
 */
public final class DataInput {

    /** How messages name standard input. */
    public static final String STDIN_NAME = "<stdin>";

    private final String name;
    private final Path path;
    private final InputStream stdin;
    private final boolean digested;
    private Tap tap;

    private DataInput(String name, Path path, InputStream stdin, boolean digested) {
        this.name = name;
        this.path = path;
        this.stdin = stdin;
        this.digested = digested;
    }

    /** The file at {@code path}, named in messages as given. */
    public static DataInput file(Path path) {
        return new DataInput(path.toString(), path, null, false);
    }

    /** Standard input {@code in}, streamed (not read until a source opens it). */
    public static DataInput stdin(InputStream in) {
        return new DataInput(STDIN_NAME, null, in, false);
    }

    /**
     * A stream from elsewhere (a Hadoop file system: {@code hdfs://...}), named {@code name} in messages, so that a
     * bad cell reads {@code hdfs://nn/data.csv:LINE:COL}; read once, as a file is.
     */
    public static DataInput stream(String name, InputStream in) {
        return new DataInput(name, null, in, false);
    }

    /** The same input, with the SHA-256 of its bytes computed as they are read ({@link #sha256()}). */
    public DataInput withSha256() {
        return new DataInput(name, path, stdin, true);
    }

    /** The name for messages: the path as given, or {@value #STDIN_NAME}. */
    public String name() {
        return name;
    }

    /** The file, or {@code null} for standard input. */
    public Path path() {
        return path;
    }

    /**
     * The SHA-256 (hex) of every byte of the input, from the one reading that the loader parsed.
     *
     * @throws IllegalStateException before the input was read to its end (a load that failed half-way)
     */
    /** The hex SHA-256, once taken. */
    private String sha256;

    public String sha256() {
        if (tap == null || tap.digest == null || !tap.atEnd) {
            throw new IllegalStateException(name + " was not read to its end, or without withSha256()");
        }
        if (sha256 == null) {
            sha256 = HexFormat.of().formatHex(tap.digest.digest()); // digest() resets: taken once
        }
        return sha256;
    }

    /**
     * The bytes, from the start: callable once (the input is a stream).
     *
     * @throws IllegalStateException on a second call
     */
    InputStream open() throws IOException {
        if (tap != null) {
            throw new IllegalStateException(name + " is read once, and was opened already");
        }
        InputStream in = path != null ? Files.newInputStream(path) : stdin;
        tap = new Tap(in, digested ? sha256Digest() : null, path != null);
        return tap;
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
