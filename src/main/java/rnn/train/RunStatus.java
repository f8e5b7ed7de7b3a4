package rnn.train;

/**
 * How a run of {@code rnn train} ended, as {@code summary.json} writes it ({@link #jsonName()}). A failed run
 * (divergence, an unwritable file) has no status: it throws, and the command maps the exception to its exit code.
 */
public enum RunStatus {
    /** Every requested epoch trained. */
    COMPLETED("completed"),
    /** Early stopping ended the run: no better monitored loss for the patience's number of epochs. */
    EARLY_STOPPED("early-stopped"),
    /** SIGINT or SIGTERM ended the run after a checkpoint was written; {@code --resume} continues it. */
    INTERRUPTED("interrupted");

    private final String jsonName;

    RunStatus(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The value of {@code status} in {@code summary.json}: completed, early-stopped, interrupted. */
    public String jsonName() {
        return jsonName;
    }
}
