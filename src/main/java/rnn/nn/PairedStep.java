package rnn.nn;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One step of one sequence (T = 1, B = 1: a generated token) through a stack of {@link RecurrentLayer}s with the
 * multiplies shared between the calling thread and a partner thread, for {@link RecurrentModel#freezeWeights
 * frozen} weights. The multiplies of a token whose inputs are known before the token's step begins run first,
 * together: every layer's recurrent product h_{t−1}·W_hhᵀ (from its carried state) and the bottom layer's input
 * projection (when it is a multiply, not a gather of token ids). Then, layer by layer, the calling thread does the
 * step's element-wise math with those products; from the second layer on, the layer's input projection (which
 * needs the layer below's new h) is shared first. So a token of L layers is L hand-offs, and each thread reads
 * its own half of the panels of every weight matrix, always the same half, which stays in its core's cache.
 *
 * <p><b>Hand-off.</b> The calling thread posts a phase (a volatile counter), runs part 0, then claims part 1 if
 * the partner has not (one compare-and-set on {@link #claim}) and runs it itself, else waits (spinning, then
 * yielding) for the partner to finish it. So a partner that is slow to wake up or descheduled (another process on
 * its core) costs the calling thread at most the part, never a scheduler's time slice; and when the caller runs
 * most parts itself or waits long for them ({@link #WATCH_PHASES}, {@link #LATE_NANOS}), it stops posting for {@link #SOLO_PHASES} phases, so that a
 * partner starved of processors does not take the caller's. The partner spins for
 * {@link #PARTNER_SPIN_NANOS} after its last phase, then parks (the calling thread unparks it when it posts). It
 * starts with the first paired step and stops (its thread ends, joined) at {@link #stop}, which
 * {@link RecurrentModel#freezeWeights}{@code (false)} calls, so it never outlives a generation.
 *
 * <p>Every product is split by panels of output columns ({@link Compute#mulPanels}): each element is the same
 * chain of multiply-adds as in the one-thread forward, and the products computed ahead are added by the same double
 * addition the multiply's store does, so the results are bit-identical to {@link RecurrentLayer#forward} on one
 * thread, whichever thread runs a part (the contract "the same seed, the same text on any thread count"). Nothing is
 * allocated per step.
 */
final class PairedStep implements Runnable {

    /**
     * How long the partner spins for the next phase before it parks: a token's gap between phases (sampling,
     * writing the token) is a few microseconds, and a parked partner costs the caller an unpark and most often
     * the part itself.
     */
    static final long PARTNER_SPIN_NANOS = 200_000;
    /** Phases over which the caller counts the parts it had to run itself. */
    static final int WATCH_PHASES = 256;
    /**
     * Phases the caller then runs alone (without posting; the partner parks) when it ran more than half of a
     * watch's partner parts itself: the partner is not getting a processor in time (the machine's other processors
     * are busy), and a spinning partner would only take processor time from the caller. About 50 ms of a model of
     * two layers of 128: short enough to take the partner back soon after its code is compiled or the machine
     * frees a processor; long enough that a watch on a busy machine (up to 256 phases at worse than one-thread
     * speed) costs a few per cent.
     */
    static final int SOLO_PHASES = 1 << 13;
    /**
     * A partner's part that the caller waited for longer than this counts as one the caller ran itself: parts take
     * a few microseconds, so the partner lost its processor in the middle.
     */
    static final long LATE_NANOS = 25_000;
    /** How long the calling thread spins for the partner's part before it yields its processor between checks. */
    private static final long CALLER_SPIN_NANOS = 50_000;
    /** Spins between two clock reads. */
    private static final int SPINS_PER_CHECK = 64;
    /** The partner thread's name. */
    static final String PARTNER_NAME = "rnn-generate-partner";

    private final Compute compute;
    /** The layers, bottom first, or {@code null} when a layer is not a {@link RecurrentLayer} (bidirectional). */
    private final RecurrentLayer[] layers;

    // ---- the phase posted (plain fields, published by the volatile write of posted) ----
    /** −1: the products known ahead; k ≥ 1: layer k's input projection. */
    private int phase;
    private SequenceInput input;

    /** Phases of the current watch, and how many of them the caller ran both parts of. */
    private int watched;
    private int taken;
    /** Phases left that the caller runs alone, without posting. */
    private int solo;

    private Thread partner;
    /** The number of the last phase posted. */
    private volatile long posted;
    /** Part 1 of phase n is free while this holds 2n; the thread that moves it to 2n + 1 runs it. */
    private final AtomicLong claim = new AtomicLong(-1);
    /** The number of the last phase whose part 1 the partner finished. */
    private volatile long finished;
    private volatile boolean partnerParked;
    private volatile boolean stopping;
    private volatile Throwable partnerFailure;
    /** For tests: the caller never takes the partner's part of a posted phase (it waits for it). */
    private boolean alwaysWait;
    /** For tests: the partner claims nothing. */
    private volatile boolean partnerPaused;
    /** For tests: the partner waits this long in every part it claims. */
    private volatile long partnerDelayNanos;
    /** Paired steps run (a count for tests). */
    private long steps;
    /** Parts the partner ran (a count for tests). */
    private volatile long partnerParts;

    PairedStep(Compute compute, List<SequenceLayer> stack) {
        this.compute = compute;
        RecurrentLayer[] rs = new RecurrentLayer[stack.size()];
        for (int k = 0; k < rs.length; k++) {
            if (!(stack.get(k) instanceof RecurrentLayer r)) {
                rs = null;
                break;
            }
            rs[k] = r;
        }
        this.layers = rs;
    }

    /**
     * Whether a forward of {@code in} can be a paired step: more than one thread, one step of one sequence carrying
     * the state, not in training, and every layer {@link RecurrentLayer#pairable()}.
     */
    boolean applies(SequenceInput in, boolean training, boolean carryState) {
        if (layers == null || compute.threads() < 2 || training || !carryState || in.steps() != 1
                || in.batch() != 1 || in.mask() != null) {
            return false;
        }
        for (RecurrentLayer l : layers) {
            if (!l.pairable()) {
                return false;
            }
        }
        return true;
    }

    /** The products known ahead (bottom layer's input: {@code bottomIn}), then the bottom layer's step. */
    void start(SequenceInput bottomIn) {
        steps++;
        for (RecurrentLayer l : layers) {
            l.prepareAhead();
        }
        runPhase(-1, bottomIn);
        layers[0].forwardPaired(bottomIn);
    }

    /** Layer k ≥ 1's step on {@code in} (the output of layer k − 1): its input projection shared, then the step. */
    void layer(int k, SequenceInput in) {
        runPhase(k, in);
        layers[k].forwardPaired(in);
    }

    /** For tests: the partner claims no part (as if it never got a processor in time). */
    void pausePartner() {
        partnerPaused = true;
    }

    /** For tests: the partner waits {@code nanos} in every part it claims (as if descheduled in it). */
    void delayPartner(long nanos) {
        partnerDelayNanos = nanos;
    }

    /** Phases posted to the partner so far. */
    long phasesPosted() {
        return posted;
    }

    /** For tests: the caller waits for the partner to run every part 1 (none run on the calling thread). */
    void alwaysWaitForPartner() {
        alwaysWait = true;
    }

    /** Paired steps run so far. */
    long steps() {
        return steps;
    }

    /** Parts the partner thread ran so far. */
    long partnerParts() {
        return partnerParts;
    }

    /** Stops the partner thread and waits for it to end (nothing when none runs). */
    void stop() {
        Thread t = partner;
        if (t == null) {
            return;
        }
        stopping = true;
        LockSupport.unpark(t);
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        partner = null;
        stopping = false;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runPhase(int phase, SequenceInput in) {
        this.phase = phase;
        if (solo > 0) {
            solo--;
            this.input = in;
            try {
                runPart(0);
                runPart(1);
            } finally {
                this.input = null;
            }
            return;
        }
        if (partner == null) {
            partner = new Thread(this, PARTNER_NAME);
            partner.setDaemon(true);
            partner.start();
        }
        this.input = in;
        long n = posted + 1;
        claim.set(2 * n);
        posted = n;
        if (partnerParked) {
            LockSupport.unpark(partner);
        }
        Throwable mine = null;
        try {
            runPart(0);
        } catch (RuntimeException | Error e) {
            mine = e;
        }
        if (!alwaysWait && claim.compareAndSet(2 * n, 2 * n + 1)) {
            taken++;
            if (mine == null) {
                runPart(1);
            }
        } else if (awaitPartner(n)) {
            taken++; // finished late (descheduled in its part): as bad as not taken
        }
        if (++watched == WATCH_PHASES) {
            if (taken > WATCH_PHASES / 2) {
                solo = SOLO_PHASES; // the partner rarely gets a processor in time: stop posting for a while
            }
            watched = 0;
            taken = 0;
        }
        this.input = null;
        Throwable theirs = partnerFailure;
        partnerFailure = null;
        Throwable failure = mine != null ? mine : theirs; // rethrown as the compute pool does (WorkerPool.run)
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        }
    }

    /** Waits until the partner has finished its part of phase n; true when that took over {@link #LATE_NANOS}. */
    private boolean awaitPartner(long n) {
        long since = System.nanoTime();
        for (int spins = 1; finished != n; spins++) {
            if (spins % SPINS_PER_CHECK != 0 || System.nanoTime() - since < CALLER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return System.nanoTime() - since > LATE_NANOS;
    }

    private void runPart(int part) {
        if (phase >= 0) {
            layers[phase].inputProjectionPart(input, part, 2);
            return;
        }
        if (!layers[0].readsTokenIds()) {
            layers[0].inputProjectionPart(input, part, 2);
        }
        for (RecurrentLayer l : layers) {
            l.recurrentAheadPart(part, 2);
        }
    }

    /** The partner: runs part 1 of every phase it claims, until {@link #stop}. */
    @Override
    public void run() {
        long seen = posted - 1; // a phase posted before this thread ran is still taken if the caller has not
        while (true) {
            long p;
            long since = System.nanoTime();
            for (int spins = 1; (p = posted) == seen && !stopping; spins++) {
                Thread.onSpinWait();
                if (spins % SPINS_PER_CHECK == 0 && System.nanoTime() - since > PARTNER_SPIN_NANOS) {
                    partnerParked = true;
                    if (posted == seen && !stopping) {
                        LockSupport.park(this);
                    }
                    partnerParked = false;
                    since = System.nanoTime();
                }
            }
            if (stopping) {
                return;
            }
            seen = p;
            if (!partnerPaused && claim.compareAndSet(2 * p, 2 * p + 1)) {
                if (partnerDelayNanos > 0) {
                    LockSupport.parkNanos(partnerDelayNanos);
                }
                try {
                    runPart(1);
                } catch (RuntimeException | Error e) {
                    partnerFailure = e;
                }
                partnerParts++; // only this thread writes it
                finished = p;
            }
        }
    }
}
