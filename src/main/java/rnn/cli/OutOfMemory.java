package rnn.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.train.WorkingSet;

/**
 * The one line an {@link OutOfMemoryError} ends with, wherever it is thrown (a command, picocli's parsing, another
 * thread): what ran out, the memory the JVM may use, the figure a training run was estimated to need when there
 * is one ({@link WorkingSet#lastEstimate}), and what to do ({@code RNN_JAVA_OPTS=-Xmx…}). Exit code 1; the stack
 * trace only with {@code --debug}.
 */
final class OutOfMemory {

    private static final Logger LOG = LogManager.getLogger(OutOfMemory.class);

    private OutOfMemory() {
    }

    /** The out-of-memory error in {@code t} or its causes, or {@code null}. */
    static OutOfMemoryError find(Throwable t) {
        for (int depth = 0; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError e) {
                return e;
            }
        }
        return null;
    }

    /**
     * {@code out of memory (Java heap space): the JVM may use 128.0 MB, and training was estimated to need about
     * 310.2 MB; give Java more memory (RNN_JAVA_OPTS=-Xmx388m scripts/rnn ...), or use a smaller model (--hidden,
     * --batch-size, --window) or less data}.
     */
    static String line(OutOfMemoryError e, long maxMemory, long estimate) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? "Java heap space" : e.getMessage();
        long want = Math.max(estimate, maxMemory * 2);
        return "out of memory (" + what + "): the JVM may use " + WorkingSet.bytes(maxMemory)
                + (estimate > 0 ? ", and training was estimated to need about " + WorkingSet.bytes(estimate) : "")
                + "; give Java more memory (RNN_JAVA_OPTS=" + WorkingSet.xmx(want) + " scripts/rnn ...), or use a "
                + "smaller model (--hidden, --batch-size, --window) or less data";
    }

    /** Reports {@code e} (one line; the stack trace too when {@code debug}) and returns the exit code, 1. */
    static int report(OutOfMemoryError e, boolean debug) {
        String line = line(e, Runtime.getRuntime().maxMemory(), WorkingSet.lastEstimate());
        try {
            LOG.error("{}", line);
            if (debug) {
                LOG.error("stack trace (--debug):", e);
            }
        } catch (Throwable logging) { // the logger itself may need memory that is not there
            System.err.println("error: " + line);
        }
        return ExitCodes.FAILED;
    }
}
