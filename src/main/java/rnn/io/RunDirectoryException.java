package rnn.io;

/** A run directory that cannot be used: exit code 2 (a flag names a bad directory) or 4 (not writable). */
public final class RunDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public RunDirectoryException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
