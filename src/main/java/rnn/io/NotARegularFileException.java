package rnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output path that exists and is not a regular file (a directory, a FIFO, a device node, a socket): refused by
 * {@link AtomicFiles} and {@link AtomicFileWriter} before anything is written, because their rename would replace
 * it. {@link #kind()} says what it is.
 */
public final class NotARegularFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String kind;

    NotARegularFileException(Path target, String kind) {
        super(target + ": " + kind + ", not a regular file; rnn replaces a file it writes as a whole and never "
                + "writes onto a directory, FIFO or device");
        this.kind = kind;
    }

    /** "a directory", "a FIFO (named pipe)", "a character device", "a block device", "a socket", ... */
    public String kind() {
        return kind;
    }
}
