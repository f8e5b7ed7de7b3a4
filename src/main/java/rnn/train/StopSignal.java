package rnn.train;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM ask training to stop: the current batch finishes, a checkpoint is written, and the run
 * ends with exit code 130 (SIGINT) or 143 (SIGTERM). A second signal of the same kind gets the default
 * behaviour (immediate termination; checkpoints are written atomically, so the last one stays loadable).
 */
public final class StopSignal {

    private static final Logger LOG = LogManager.getLogger(StopSignal.class);

    /** A received signal: its name and the exit code it maps to. */
    public record Received(String name, int exitCode) {
    }

    private final AtomicReference<Received> received = new AtomicReference<>();

    /** Installs the handlers (once per run). */
    public static StopSignal install() {
        StopSignal s = new StopSignal();
        s.handle("INT", 130);
        s.handle("TERM", 143);
        return s;
    }

    /** A trap that is never triggered (tests, embedding). */
    public static StopSignal none() {
        return new StopSignal();
    }

    /** The signal received so far, or null. */
    public Received received() {
        return received.get();
    }

    /** Simulates a signal (tests). */
    public void trigger(String name, int exitCode) {
        received.compareAndSet(null, new Received(name, exitCode));
    }

    private void handle(String name, int exitCode) {
        try {
            Signal.handle(new Signal(name), sig -> {
                if (received.compareAndSet(null, new Received("SIG" + name, exitCode))) {
                    LOG.warn("SIG{} received: finishing the current batch and writing a checkpoint "
                            + "(send it again to stop at once)", name);
                    Signal.handle(sig, sun.misc.SignalHandler.SIG_DFL);
                }
            });
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIG{} on this platform: {}", name, e.getMessage());
        }
    }
}
