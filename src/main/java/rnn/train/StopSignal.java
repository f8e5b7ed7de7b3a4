package rnn.train;

import java.util.concurrent.atomic.AtomicReference;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during training ({@link #deferring} true: the trainer's epoch loop) ask it to stop: the
 * current batch finishes, a checkpoint is written, and the run ends with exit code 130 (SIGINT) or 143 (SIGTERM).
 * Outside the loop (starting, reading the data, building the model, writing the summary) there is nothing to save
 * at a batch's end, so a signal stops the process at once, with one line saying so and the same exit code (the
 * JVM's own handler: its shutdown runs, so the logs are flushed). A second signal of the same kind gets the
 * default behaviour (immediate termination; checkpoints are written atomically, so the last one stays loadable).
 */
public final class StopSignal {

    private static final Logger LOG = LogManager.getLogger(StopSignal.class);

    /** A received signal: its name and the exit code it maps to. */
    public record Received(String name, int exitCode) {
    }

    /** The JVM's own handlers (exit 128 + the signal's number, after the shutdown hooks), before any of ours. */
    private static final java.util.Map<String, sun.misc.SignalHandler> JVM_HANDLERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final AtomicReference<Received> received = new AtomicReference<>();
    private volatile boolean deferring;

    /** Installs the handlers (once per run, as early as possible: every state of the run answers them). */
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

    /**
     * While true (the training loop), a signal waits for the end of the current batch; while false (before and
     * after it), a signal stops the process at once.
     */
    public void deferring(boolean whileTraining) {
        deferring = whileTraining;
    }

    /** Simulates a signal (tests). */
    public void trigger(String name, int exitCode) {
        received.compareAndSet(null, new Received(name, exitCode));
    }

    private void handle(String name, int exitCode) {
        try {
            sun.misc.SignalHandler previous = Signal.handle(new Signal(name), sig -> {
                if (received.compareAndSet(null, new Received("SIG" + name, exitCode))) {
                    if (deferring) {
                        LOG.warn("SIG{} received: finishing the current batch and writing a checkpoint "
                                + "(send it again to stop at once)", name);
                        Signal.handle(sig, sun.misc.SignalHandler.SIG_DFL);
                    } else {
                        LOG.warn("SIG{} received outside the training loop: stopped at once (exit code {}); "
                                + "checkpoints written before stay", name, exitCode);
                        stopAtOnce(sig);
                    }
                }
            });
            if (previous != null && previous != sun.misc.SignalHandler.SIG_DFL
                    && previous != sun.misc.SignalHandler.SIG_IGN) {
                JVM_HANDLERS.putIfAbsent(name, previous); // the first install's previous: the JVM's
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("cannot handle SIG{} on this platform: {}", name, e.getMessage());
        }
    }

    /** The JVM's handling of {@code sig} (shutdown hooks, exit 128 + n), or the operating system's when it has none. */
    private static void stopAtOnce(Signal sig) {
        sun.misc.SignalHandler jvm = JVM_HANDLERS.get(sig.getName());
        if (jvm != null) {
            jvm.handle(sig);
        } else {
            Signal.handle(sig, sun.misc.SignalHandler.SIG_DFL);
            Signal.raise(sig);
        }
    }
}
