package rnn.nn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed team of threads that run one task at a time, split into parts: the caller runs part 0 and waits for
 * the workers' parts 1..parts−1 (a barrier at the end of every task). Dispatching allocates nothing: the task is a
 * reusable object whose fields the caller sets before {@link #run}. Workers spin briefly for the next task (the
 * hot loops dispatch every few microseconds), then yield, then park; the caller spins, then yields, while it waits
 * for the workers.
 *
 * <p>Used by one calling thread at a time.
 */
final class WorkerPool implements AutoCloseable {

    /** One part of a task; must not throw for valid input (a failure is rethrown to the caller). */
    interface Task {
        void run(int part, int parts);
    }

    /**
     * Spins (each a {@link Thread#onSpinWait()}) before a waiting thread starts yielding its processor: long enough
     * for the other threads' share of a time step (tens of microseconds), short enough that a thread which is
     * descheduled (another process holds its core) gets the processor back quickly. Busy-waiting on a shared core
     * without yielding made a 2-thread run 10x slower when another process was running.
     */
    private static final int SPINS_BEFORE_YIELD = 1 << 11;
    /** Yields before a waiting worker parks. */
    private static final int YIELDS_BEFORE_PARK = 1 << 8;

    private final Worker[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int parts;
    private volatile int generation;
    private volatile Throwable failure;
    private volatile boolean closed;

    /** @param extraThreads workers besides the caller (≥ 1) */
    WorkerPool(int extraThreads) {
        workers = new Worker[extraThreads];
        for (int i = 0; i < extraThreads; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** Parts the pool can run at once (workers + the caller). */
    int size() {
        return workers.length + 1;
    }

    /** Runs parts 0..parts−1 of {@code t} (parts ≤ {@link #size()}) and returns when all are done. */
    void run(Task t, int parts) {
        if (parts <= 1) {
            t.run(0, 1);
            return;
        }
        this.task = t;
        this.parts = parts;
        // every worker acknowledges every task (those beyond `parts` without running anything), so that no worker
        // can lag a generation behind and read the next task's fields as its own
        pending.set(workers.length);
        generation++;
        for (int w = 0; w < workers.length; w++) {
            if (workers[w].sleeping) {
                LockSupport.unpark(workers[w].thread);
            }
        }
        Throwable mine = null;
        try {
            t.run(0, parts);
        } catch (Throwable e) {
            mine = e;
        }
        for (int spins = 0; pending.get() != 0; spins++) {
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable theirs = failure;
        if (mine != null || theirs != null) {
            failure = null;
            Throwable e = mine != null ? mine : theirs;
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a compute thread failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        generation++;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean sleeping;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "rnn-compute-" + index);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0; // the generation at construction: a worker that starts late still sees the first task
            while (true) {
                int spins = 0;
                int g;
                while ((g = generation) == seen) {
                    if (++spins < SPINS_BEFORE_YIELD) {
                        Thread.onSpinWait();
                    } else if (spins < SPINS_BEFORE_YIELD + YIELDS_BEFORE_PARK) {
                        Thread.yield();
                    } else {
                        sleeping = true;
                        if (generation == seen) {
                            LockSupport.park(this);
                        }
                        sleeping = false;
                    }
                }
                seen = g;
                if (closed) {
                    return;
                }
                int n = parts;
                if (index < n) {
                    try {
                        task.run(index, n);
                    } catch (Throwable e) {
                        failure = e;
                    }
                }
                pending.decrementAndGet();
            }
        }
    }
}
