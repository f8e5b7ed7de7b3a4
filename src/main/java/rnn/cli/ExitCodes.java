package rnn.cli;

/** The exit codes of DESIGN §5, defined once. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Training failed (loss became NaN/Inf) or an internal error. */
    public static final int FAILED = 1;
    /** Usage error: bad or missing flags. */
    public static final int USAGE = 2;
    /** Data error: the input file is missing or malformed. */
    public static final int DATA = 3;
    /** Model or I/O error: missing or corrupt checkpoint, unwritable output. */
    public static final int MODEL_OR_IO = 4;
    /** {@code eval} quality gate failed. */
    public static final int GATE_FAILED = 5;
    /** Interrupted by SIGINT after a checkpoint was written. */
    public static final int SIGINT = 130;
    /** Interrupted by SIGTERM after a checkpoint was written. */
    public static final int SIGTERM = 143;
    /**
     * The reader of stdout closed the pipe ({@code rnn predict ... | head -1}): 128 + SIGPIPE (13), the status a
     * shell sees from a C tool the signal ended, without a message.
     */
    public static final int BROKEN_PIPE = 141;

    private ExitCodes() {
    }
}
