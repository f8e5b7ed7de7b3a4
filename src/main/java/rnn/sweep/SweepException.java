package rnn.sweep;

/**
 * A problem with a sweep that its user can fix: one line in the form "where: what was found, what was expected;
 * what to do" (options named as {@code {{field}}}, see {@link rnn.option.OptionRef}) and the exit code of DESIGN §5
 * ({@value #USAGE} a bad flag, search or spec file, {@value #DATA} bad data, {@value #IO} an unwritable directory).
 * The numbers mirror {@code rnn.cli.ExitCodes}, which this package may not import.
 */
public final class SweepException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code of a usage error: a bad flag, search, spec file, or a directory that holds another sweep. */
    public static final int USAGE = 2;
    /** Exit code of a data error. */
    public static final int DATA = 3;
    /** Exit code of an I/O error (the sweep's directory cannot be written). */
    public static final int IO = 4;

    private final int exitCode;

    private SweepException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A usage error (exit code {@value #USAGE}). */
    public static SweepException usage(String message) {
        return new SweepException(USAGE, message);
    }

    /** A data error (exit code {@value #DATA}). */
    public static SweepException data(String message) {
        return new SweepException(DATA, message);
    }

    /** An I/O error (exit code {@value #IO}). */
    public static SweepException io(String message) {
        return new SweepException(IO, message);
    }

    /** The process exit code. */
    public int exitCode() {
        return exitCode;
    }
}
