package rnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.io.LossLog;
import rnn.io.LossPlot;

/**
 * Draws {@code RUN/loss.png} (or {@code .svg}) off the training thread, so that the plot costs a run almost
 * nothing (loss.csv, flushed every epoch, is what survives a kill; the plot is a view of it).
 *
 * <p>When it draws:
 * <ul>
 * <li>during the run, in a background daemon thread: the curve after the first epoch (not before: the first drawing
 * in a JVM takes 0.5-0.8 s, loading and interpreting the drawing code, and during the first epoch it would take the
 * second core from the JIT compiling the kernels — measured on the README example, 1.78 s instead of 1.92 s, median
 * of 6), then again only when the previous drawing has finished and at least
 * {@link #MIN_INTERVAL_SECONDS}, and at least {@code 1 / }{@link #MAX_BACKGROUND_SHARE} times the last drawing's
 * own duration, have passed since it ended — so background drawing takes at most 5 % of the run's wall time
 * on its core;</li>
 * <li>at the end of the run, whatever ended it ({@link #finish}: the last epoch, early stopping, a stop signal,
 * a training failure): the pending drawing is awaited, then the final curve is drawn and awaited, so the image
 * on disk shows every epoch of loss.csv when the trainer returns or throws.</li>
 * </ul>
 * A failure to draw is logged as a warning and never fails the run.
 *
 * <p>Used by the training thread only ({@link #epochDone}, {@link #finish}); the drawing thread sees an
 * immutable copy of the rows.
 */
final class LossPlotter {

    private static final Logger LOG = LogManager.getLogger(LossPlotter.class);

    /** Background drawings are at least this far apart (end of one to start of the next). */
    static final double MIN_INTERVAL_SECONDS = 5;
    /** The largest share of the wall time that background drawing may take. */
    static final double MAX_BACKGROUND_SHARE = 0.05;

    private final Path runDir;
    private final String title;
    private final LossPlot.Format format;
    private final List<LossLog.Row> rows;
    /** Null for {@link LossPlot.Format#NONE}: nothing is drawn and no thread is started. */
    private final ExecutorService drawing;
    private Future<?> pending;
    /** {@link System#nanoTime} before which no background drawing starts; written by the drawing thread. */
    private volatile long nextDrawNanos = System.nanoTime();

    /**
     * @param earlier the rows of loss.csv before this invocation (a resumed run's epochs), not modified
     */
    LossPlotter(Path runDir, String title, LossPlot.Format format, List<LossLog.Row> earlier) {
        this.runDir = runDir;
        this.title = title;
        this.format = format;
        this.rows = new ArrayList<>(earlier);
        this.drawing = format == LossPlot.Format.NONE ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rnn-loss-plot");
            t.setDaemon(true);
            return t;
        });
    }

    /** An epoch's row was written to loss.csv: draws in the background when a drawing is due. */
    void epochDone(LossLog.Row row) {
        rows.add(row);
        if (drawing == null || (pending != null && !pending.isDone()) || System.nanoTime() - nextDrawNanos < 0) {
            return;
        }
        List<LossLog.Row> snapshot = List.copyOf(rows);
        pending = drawing.submit(() -> {
            long start = System.nanoTime();
            draw(snapshot);
            long end = System.nanoTime();
            nextDrawNanos = nextDrawNanos(start, end);
            LOG.debug("{} drawn in the background: {} ms", LossPlot.file(runDir, format), (end - start) / 1_000_000);
        });
    }

    /**
     * When the next background drawing may start, for one that ran from {@code startNanos} to {@code endNanos}:
     * {@link #MIN_INTERVAL_SECONDS} after its end, or later when it took more than 5 % of that (a drawing of
     * d seconds is followed by d / {@link #MAX_BACKGROUND_SHARE} seconds without one).
     */
    static long nextDrawNanos(long startNanos, long endNanos) {
        return endNanos + (long) Math.max(MIN_INTERVAL_SECONDS * 1e9, (endNanos - startNanos) / MAX_BACKGROUND_SHARE);
    }

    /**
     * Draws every row so far and returns when the image is written (after any background drawing), then stops
     * the drawing thread. Never throws for a drawing failure; safe to call more than once.
     */
    void finish() {
        if (drawing == null || drawing.isShutdown()) {
            return;
        }
        long start = System.nanoTime();
        List<LossLog.Row> snapshot = List.copyOf(rows);
        pending = drawing.submit(() -> draw(snapshot));
        drawing.shutdown();
        try {
            pending.get();
            LOG.debug("{} drawn at the end of the run: {} ms on the training thread's clock",
                    LossPlot.file(runDir, format), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("could not draw {}: {}", LossPlot.file(runDir, format), e.getCause().toString());
        }
    }

    private void draw(List<LossLog.Row> snapshot) {
        try {
            LossPlot.draw(runDir, snapshot, title, format);
        } catch (IOException | RuntimeException e) {
            // a plot is a convenience: a failure to draw it is logged, never fatal
            LOG.warn("could not draw {}: {}", LossPlot.file(runDir, format), e.getMessage());
        }
    }
}
