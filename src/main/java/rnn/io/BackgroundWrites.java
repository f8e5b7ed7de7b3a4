package rnn.io;

import java.util.ArrayDeque;

/**
 * A run's file writes (loss.csv rows, checkpoints, links, pruning), done in the order they were submitted on one
 * background thread, so that training does not wait for the disk: every checkpoint is forced to disk with its
 * directory (3–4 {@code fsync} calls an epoch, 0.1–2 ms each, a tenth of a small job's wall time).
 *
 * <p>A write must not depend on data the caller changes afterwards (a checkpoint is handed over as a
 * {@link Checkpoint.Snapshot}). {@link #submit} waits while {@code maxPending} writes are queued, so the memory held
 * by queued snapshots stays bounded. The first write that fails (a {@link RuntimeException} or {@link Error}) stops
 * the ones queued after it, and is thrown on the caller's thread by the next {@link #submit} or by {@link #drain}.
 * {@link #drain} returns when everything submitted is on disk; {@link #close} waits for the same, throws nothing
 * (it runs while another exception may be on its way) and ends the thread. The thread is started by the first
 * write and is a daemon, but {@link #close} is always called before the run ends.
 */
public final class BackgroundWrites implements AutoCloseable {

    private final String threadName;
    private final int maxPending;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private Thread thread;
    private boolean running;
    private boolean closed;
    private Throwable failure;

    /**
     * @param threadName the writer thread's name
     * @param maxPending how many writes may wait in the queue (at least 1) before {@link #submit} waits
     */
    public BackgroundWrites(String threadName, int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending: expected at least 1, got " + maxPending);
        }
        this.threadName = threadName;
        this.maxPending = maxPending;
    }

    /**
     * Queues a write after those already queued, waiting while {@code maxPending} are queued; first throws the
     * failure of an earlier write, if one failed.
     *
     * @throws IllegalStateException after {@link #close}
     */
    public synchronized void submit(Runnable write) {
        throwFailure();
        if (closed) {
            throw new IllegalStateException("the run's writes are closed");
        }
        boolean interrupted = false;
        while (queue.size() >= maxPending && failure == null) {
            interrupted |= waitUninterruptibly();
        }
        reinterrupt(interrupted);
        throwFailure();
        queue.addLast(write);
        if (thread == null) {
            thread = new Thread(this::work, threadName);
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    /** Waits until every write submitted is done; then throws the failure of a write, if one failed. */
    public void drain() {
        awaitIdle();
        synchronized (this) {
            throwFailure();
        }
    }

    /**
     * Waits until every write submitted is done or one has failed, without throwing that failure (it stays for
     * {@link #drain} or the next {@link #submit}): for a caller about to report a state of the files.
     */
    public synchronized void awaitIdle() {
        boolean interrupted = false;
        while ((running || !queue.isEmpty()) && failure == null) {
            interrupted |= waitUninterruptibly();
        }
        reinterrupt(interrupted);
    }

    /** The failure of a write, or null: for a caller that ends the run for another reason. */
    public synchronized Throwable failure() {
        return failure;
    }

    /** Waits for the writes submitted (without throwing their failure) and ends the thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        reinterrupt(interrupted);
    }

    private void work() {
        while (true) {
            Runnable write;
            synchronized (this) {
                while (queue.isEmpty() && !closed) {
                    waitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                write = queue.pollFirst();
                running = true;
                notifyAll();
            }
            Throwable failed = null;
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                failed = e;
            }
            synchronized (this) {
                running = false;
                if (failed != null && failure == null) {
                    failure = failed;
                    queue.clear(); // later writes may depend on this one (a link to the file it wrote)
                }
                notifyAll();
            }
        }
    }

    private void throwFailure() {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Waits for a notification; returns whether the wait was interrupted (the flag is restored by the caller). */
    private boolean waitUninterruptibly() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void reinterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
