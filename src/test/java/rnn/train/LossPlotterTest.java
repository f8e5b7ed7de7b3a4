package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.io.LossLog;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.train.TrainerFixture.Options;

/**
 * The loss plot is drawn off the training thread, but a run always ends with it on disk, however it ended: after
 * its last epoch, after a stop signal, after a failure that stops training. Each test removes the image the
 * background drawing may have left before the end comes, so only the drawing at the end can put it back (a
 * background drawing still in flight at that moment could too: then the test proves less, never fails wrongly).
 */
class LossPlotterTest {

    @TempDir
    Path dir;

    @Test
    void aCompletedRunEndsWithThePlot() {
        RunDirectory run = newRun();
        Path png = run.root().resolve("loss.png");
        TrainingListener removeAtTheLastEpoch = new TrainingListener() {
            @Override
            public void epochDone(LossLog.Row row, boolean best) {
                if (row.epoch() == 2) {
                    // whatever the background drawing has written so far goes (it may not have drawn at all)
                    deleteIfPresent(png);
                }
            }
        };
        Trainer.Outcome o = trainer(Options.of(2), run, removeAtTheLastEpoch, StopSignal.none()).train(null);
        assertEquals(RunStatus.COMPLETED, o.status());
        assertTrue(Files.exists(png), "no loss.png after the last epoch");
    }

    @Test
    void aRunStoppedBySignalEndsWithThePlot() {
        RunDirectory run = newRun();
        trainer(Options.of(1), run, new TrainingListener() { }, StopSignal.none()).train(null);
        Path png = run.root().resolve("loss.png");
        delete(png);
        // resumed, and stopped during its first epoch: no epoch ends in this invocation
        run.claimResume().close();
        StopSignal stop = StopSignal.none();
        TrainingListener stopAfterTwoBatches = new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
                if (batch == 2) {
                    stop.trigger("SIGTERM", 143);
                }
            }
        };
        Trainer.Outcome o = trainer(Options.of(3), run, stopAfterTwoBatches, stop)
                .train(Checkpoint.read(run.last()));
        assertEquals(RunStatus.INTERRUPTED, o.status());
        assertTrue(Files.exists(png), "no loss.png after a stop");
    }

    @Test
    void aRunThatFailsEndsWithThePlot() {
        RunDirectory run = newRun();
        trainer(Options.of(1), run, new TrainingListener() { }, StopSignal.none()).train(null);
        Path png = run.root().resolve("loss.png");
        delete(png);
        run.claimResume().close();
        TrainingListener failing = new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
                throw new TrainingFailedException("a failure that stops training");
            }
        };
        Trainer trainer = trainer(Options.of(3), run, failing, StopSignal.none());
        Checkpoint last = Checkpoint.read(run.last());
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> trainer.train(last));
        assertEquals("a failure that stops training", e.getMessage());
        assertTrue(Files.exists(png), "no loss.png after a failure");
    }

    @Test
    void withoutAPlotNothingIsDrawn() {
        RunDirectory run = newRun();
        TrainConfig c = TrainerFixture.config(Options.of(1), run.root());
        new Trainer(c, TrainerFixture.data(), run, Map.of("tool_version", "test"), new TrainingListener() { },
                StopSignal.none()).train(null);
        assertFalse(Files.exists(run.root().resolve("loss.png")));
        assertTrue(Files.exists(run.root().resolve("loss.csv")));
    }

    /** The background drawings' spacing: 5 s after the end of one, or 20 times its duration when that is longer. */
    @Test
    void backgroundDrawingsTakeAtMostFivePercent() {
        long s = 1_000_000_000L;
        assertEquals(10 * s + 5 * s, LossPlotter.nextDrawNanos(10 * s - s / 10, 10 * s), "0.1 s drawing: 5 s");
        assertEquals(10 * s + 5 * s, LossPlotter.nextDrawNanos(10 * s - s / 4, 10 * s), "0.25 s drawing: 5 s");
        assertEquals(10 * s + 20 * s, LossPlotter.nextDrawNanos(9 * s, 10 * s), "1 s drawing: 20 s");
        assertEquals(-5 * s + 60 * s, LossPlotter.nextDrawNanos(-8 * s, -5 * s), "3 s drawing: 60 s");
    }

    private RunDirectory newRun() {
        RunDirectory run = new RunDirectory(dir.resolve("run"));
        run.claimNew(false).close();
        return run;
    }

    private static Trainer trainer(Options o, RunDirectory run, TrainingListener listener, StopSignal stop) {
        TrainConfig base = TrainerFixture.config(o, run.root());
        TrainConfig c = new TrainConfig(base.model(), base.training(), new rnn.train.OutputConfig(run.root(), 1,
                OutputConfig.DEFAULT_KEEP, LossPlot.Format.PNG));
        return new Trainer(c, TrainerFixture.data(), run, Map.of("tool_version", "test"), listener, stop);
    }

    private static void deleteIfPresent(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
