package rnn.train;

/** Training cannot go on (the loss became NaN or infinite): exit code 1; the last good checkpoint stays. */
public final class TrainingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message) {
        super(message);
    }
}
