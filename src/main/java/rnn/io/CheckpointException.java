package rnn.io;

/**
 * A checkpoint or model file that is missing, unreadable, corrupt or incompatible: exit code 4 (DESIGN §5).
 * The message is one line naming the file, what is wrong and what to do.
 */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    /** The documented exit code of a model or I/O error. */
    public int exitCode() {
        return 4;
    }
}
