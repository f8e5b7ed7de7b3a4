package rnn.train;

/**
 * A size set by the options (layer sizes, batch, window) that no allocation could hold: more elements than a Java
 * array takes, or more memory than the JVM may use ({@link WorkingSet#requireFits}). The message names the options
 * as {@link rnn.option.OptionRef}s and says what to do; the command line reports it as a usage error.
 */
public final class SizeLimitException extends IllegalArgumentException {

    public SizeLimitException(String message) {
        super(message);
    }
}
