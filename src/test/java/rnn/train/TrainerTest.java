package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.train.TrainerFixture.assertSameTensors;
import static rnn.train.TrainerFixture.assertSameWeights;
import static rnn.train.TrainerFixture.lossRowsWithoutSeconds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import rnn.data.Dataset;
import rnn.data.LoadedData;
import rnn.io.Checkpoint;
import rnn.io.LossLog;
import rnn.io.RunDirectory;
import rnn.nn.Compute;
import rnn.nn.Precision;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.train.TrainerFixture.Options;
import rnn.train.TrainerFixture.StopAt;

/**
 * The epoch loop against independent references: a straight run for interruptions and resumes, a shorter run
 * without early stopping for the weights early stopping keeps, a hand computation for the validation loss.
 * Runs in-process; an interruption is a stop signal triggered by the listener after a chosen batch.
 */
class TrainerTest {

    /** A learning rate high enough that the validation loss soon stops improving; patience 2. */
    private static final Options EARLY_STOPPING = Options.of(200).lr(0.05).earlyStopping(2);
    /** 232 training windows in batches of 32. */
    private static final int BATCHES_PER_EPOCH = 8;

    @TempDir
    Path dir;

    /**
     * Stopped after batch k of epoch e and resumed, a run ends exactly as the same run done in one go: every
     * tensor of last.safetensors (weights, Adam moments), the trainer state in it (step count, RNG states,
     * schedule, best; all but the seconds) and loss.csv (all but the seconds). Dropout makes the dropout
     * generator's state matter. k = 8 is an epoch's last batch: the stop then happens at the epoch boundary.
     */
    @ParameterizedTest(name = "stop after batch {1} of epoch {0}")
    @CsvSource({"1, 1", "2, 3", "3, 7", "2, 8"})
    void aRunStoppedAfterAnyBatchResumesBitForBit(int epoch, int batch) throws Exception {
        Options o = Options.of(4).dropout(0.2);
        Trainer.Outcome straight = TrainerFixture.train(o, dir.resolve("straight"), null);
        assertEquals(RunStatus.COMPLETED, straight.status());

        Path run = dir.resolve("run");
        Trainer.Outcome stopped = TrainerFixture.train(o, run, new StopAt(epoch, batch));
        assertEquals(RunStatus.INTERRUPTED, stopped.status());
        assertEquals(130, stopped.interrupted().exitCode());
        TrainerState saved = TrainerState.fromMetadata(Checkpoint.read(run.resolve("last.safetensors")).metadata());
        boolean midEpoch = batch < BATCHES_PER_EPOCH;
        assertEquals(midEpoch ? epoch - 1 : epoch, saved.epoch());
        assertEquals(midEpoch ? batch : 0, saved.batch());
        assertEquals((long) (epoch - 1) * BATCHES_PER_EPOCH + batch, saved.streams().optimizerSteps());

        Trainer.Outcome resumed = TrainerFixture.resume(o, run, null);
        assertEquals(RunStatus.COMPLETED, resumed.status());
        assertSameTensors(dir.resolve("straight/last.safetensors"), run.resolve("last.safetensors"));
        assertEquals(withoutSeconds(dir.resolve("straight/last.safetensors")),
                withoutSeconds(run.resolve("last.safetensors")));
        assertEquals(lossRowsWithoutSeconds(dir.resolve("straight")), lossRowsWithoutSeconds(run));
    }

    /**
     * The same with recurrent dropout (and dropout between layers): its masks come from the dropout generator,
     * one draw per batch, so a stop after any batch resumes to the same bits.
     */
    @ParameterizedTest(name = "recurrent dropout, stop after batch {1} of epoch {0}")
    @CsvSource({"2, 3", "1, 8"})
    void aRunWithRecurrentDropoutResumesBitForBit(int epoch, int batch) throws Exception {
        Options o = Options.of(3).dropout(0.2).recurrentDropout(0.3);
        TrainerFixture.train(o, dir.resolve("straight"), null);
        Path run = dir.resolve("run");
        assertEquals(RunStatus.INTERRUPTED, TrainerFixture.train(o, run, new StopAt(epoch, batch)).status());
        assertEquals(RunStatus.COMPLETED, TrainerFixture.resume(o, run, null).status());
        assertSameTensors(dir.resolve("straight/last.safetensors"), run.resolve("last.safetensors"));
        assertEquals(lossRowsWithoutSeconds(dir.resolve("straight")), lossRowsWithoutSeconds(run));
        // and the masks do act: the same run without them ends elsewhere
        TrainerFixture.train(o.recurrentDropout(0), dir.resolve("plain"), null);
        assertNotEquals(lossRowsWithoutSeconds(dir.resolve("plain")), lossRowsWithoutSeconds(run));
    }

    /** With recurrent dropout, 1 and 2 threads train to the same bits. */
    @Test
    void aRunWithRecurrentDropoutIsBitIdenticalOnTwoThreads() throws Exception {
        Options o = Options.of(2).dropout(0.2).recurrentDropout(0.3);
        TrainerFixture.train(o, dir.resolve("one"), null);
        TrainerFixture.train(o.threads(2), dir.resolve("two"), null);
        assertSameTensors(dir.resolve("one/last.safetensors"), dir.resolve("two/last.safetensors"));
        assertEquals(lossRowsWithoutSeconds(dir.resolve("one")), lossRowsWithoutSeconds(dir.resolve("two")));
    }

    /**
     * A stop is reported once to the listener (which tells the user how to resume), with where it happened:
     * mid-epoch after batch k of 8, or after the whole epoch (batch 8 of 8; also the epoch before the last), and
     * the run directory.
     */
    @ParameterizedTest(name = "stop after batch {1} of epoch {0}")
    @CsvSource({"2, 3", "1, 8", "2, 8"})
    void aStopIsReportedWithWhereItHappened(int epoch, int batch) {
        Path out = dir.resolve("run");
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        List<String> stops = new ArrayList<>();
        TrainerFixture.trainer(Options.of(3), run, new StopAt(epoch, batch), null, stops).train(null);
        assertEquals(List.of("SIGTEST " + epoch + " " + batch + " " + BATCHES_PER_EPOCH + " " + out), stops);
    }

    /**
     * The plateau schedule's state crosses a resume: with a rate so large (0.5) that the validation loss of
     * epochs 2–5 stays above epoch 1's (measured: 1.05, then 1.52, 2.23, 2.13, 1.34), every epoch after the first
     * is a bad one and the rate halves after epoch 5 (bad = 4 &gt; patience 3), so epochs 6 and 7 run at 0.25.
     * Stopped after epoch 3 and resumed, the run must still halve at the same epoch (a fresh schedule would
     * count from the resume and not halve within 7 epochs).
     */
    @Test
    void thePlateauScheduleStateCrossesAResume() throws Exception {
        Options o = Options.of(7).lr(0.5).schedule("plateau");
        TrainerFixture.train(o, dir.resolve("straight"), null);
        List<String> rows = lossRowsWithoutSeconds(dir.resolve("straight"));
        assertEquals(0.5, Double.parseDouble(rows.get(5).split(",")[3]), "epoch 5 runs at the base rate: " + rows);
        assertEquals(0.25, Double.parseDouble(rows.get(6).split(",")[3]), "epoch 6 runs at half the rate: " + rows);

        Path run = dir.resolve("run");
        TrainerFixture.train(o, run, new StopAt(3, BATCHES_PER_EPOCH));
        TrainerFixture.resume(o, run, null);
        assertEquals(rows, lossRowsWithoutSeconds(run));
        assertSameTensors(dir.resolve("straight/last.safetensors"), run.resolve("last.safetensors"));
    }

    /**
     * After early stopping, best.safetensors, last.safetensors and the epoch checkpoint written at the stop all
     * hold the best epoch's weights — the weights that a run of exactly that many epochs without early stopping
     * ends with, bit for bit (that run's last.safetensors equals best.safetensors in every tensor, optimizer
     * state included). last.safetensors keeps the optimizer state and counters of the stop epoch, so that
     * --resume continues after it.
     */
    @Test
    void earlyStoppingLeavesTheBestWeightsInBestAndLast() throws Exception {
        Path run = dir.resolve("run");
        Trainer.Outcome stopped = stopEarly(run);
        int bestEpoch = stopped.bestEpoch();
        int stopEpoch = stopped.epochs();

        Path best = run.resolve("best.safetensors");
        Path last = run.resolve("last.safetensors");
        assertSameWeights(best, last);
        assertSameWeights(best, run.resolve(RunDirectory.CHECKPOINTS).resolve(String.format("epoch-%04d.safetensors",
                stopEpoch)));
        assertEquals(Integer.toString(bestEpoch), Checkpoint.read(best).metadata().get("epoch"));
        assertEquals(Integer.toString(stopEpoch), Checkpoint.read(last).metadata().get("epoch"));

        Path reference = dir.resolve("reference");
        TrainerFixture.train(EARLY_STOPPING.earlyStopping(0).epochs(bestEpoch), reference, null);
        assertSameTensors(reference.resolve("last.safetensors"), best);
        assertSameWeights(reference.resolve("last.safetensors"), last);
    }

    /**
     * An epoch whose validation loss improved writes its checkpoint once: best.safetensors, the epoch's checkpoint
     * and last.safetensors are one file under three names (hard links), and hold what a checkpoint of that state
     * holds; a later epoch replaces last.safetensors by a new file and leaves the earlier names as they were.
     */
    @Test
    void anImprovedEpochWritesItsCheckpointOnceUnderThreeNames() throws Exception {
        Path run = dir.resolve("run");
        Trainer.Outcome outcome = TrainerFixture.train(Options.of(3), run, null);
        assertEquals(3, outcome.bestEpoch(), "every epoch of this run improves");
        Path best = run.resolve("best.safetensors");
        Path last = run.resolve("last.safetensors");
        Path epoch3 = run.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0003.safetensors");
        Path epoch2 = run.resolve(RunDirectory.CHECKPOINTS).resolve("epoch-0002.safetensors");
        Object inode = java.nio.file.Files.getAttribute(best, "unix:ino");
        assertEquals(inode, java.nio.file.Files.getAttribute(last, "unix:ino"));
        assertEquals(inode, java.nio.file.Files.getAttribute(epoch3, "unix:ino"));
        assertNotEquals(inode, java.nio.file.Files.getAttribute(epoch2, "unix:ino"), "epoch 2 kept its own file");
        assertEquals("3", Checkpoint.read(last).metadata().get("epoch"));
        assertEquals("2", Checkpoint.read(epoch2).metadata().get("epoch"));

        Path reference = dir.resolve("reference");
        TrainerFixture.train(Options.of(2), reference, null);
        assertSameTensors(reference.resolve("last.safetensors"), epoch2);
        assertEquals(Checkpoint.read(reference.resolve("last.safetensors")).metadata().get("step"),
                Checkpoint.read(epoch2).metadata().get("step"));
    }

    /**
     * Resumed with more epochs, an early-stopped run gets its patience back: it trains at least P more epochs
     * (without the reset, the spent count would stop it after one), starting from the best weights.
     */
    @Test
    void resumingAnEarlyStoppedRunRestartsThePatience() throws Exception {
        Path run = dir.resolve("run");
        Trainer.Outcome first = stopEarly(run);
        Trainer.Outcome second = TrainerFixture.resume(EARLY_STOPPING.epochs(first.epochs() + 50), run, null);
        assertTrue(second.epochs() >= first.epochs() + 2, "resumed run stopped at " + second.epochs()
                + " after an early stop at " + first.epochs());
        int newBest = second.bestEpoch() > first.epochs() ? second.bestEpoch() : first.epochs();
        assertEquals(newBest + 2, second.epochs(), "the resumed run stops early again, on its own count");
    }

    /**
     * The validation loss is the mean over validation rows (58 windows: batches of 32 and 26), computed here by
     * hand one window at a time with the weights of last.safetensors — not the mean of the batch means.
     */
    @Test
    void theValidationLossIsTheMeanOverRows() throws Exception {
        Options o = Options.of(1);
        Path out = dir.resolve("run");
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        List<LossLog.Row> rows = new ArrayList<>();
        TrainerFixture.trainer(o, run, null, rows).train(null);

        LoadedData data = TrainerFixture.data();
        Dataset val = data.validation();
        assertEquals(58, val.size());
        double sum = 0;
        try (Compute compute = new Compute(1, Precision.HOT_PATH)) {
            RecurrentModel model = new RecurrentModel(Trainer.modelSpec(TrainerFixture.config(o, out), data),
                    compute);
            Checkpoint.read(run.last()).loadParameters(model.parameters());
            int steps = val.steps(0);
            int inputs = val.inputs();
            for (int k = 0; k < val.size(); k++) {
                double[] x = new double[steps * inputs];
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < inputs; i++) {
                        x[t * inputs + i] = val.input(k, t, i);
                    }
                }
                double[] pred = model.forward(SequenceInput.of(x, 1, steps, inputs), false, false);
                double e = pred[0] - val.target(k, steps - 1, 0);
                sum += e * e;
            }
        }
        assertEquals(1, val.outputs());
        double perRow = sum / val.size();
        assertEquals(perRow, rows.get(0).valLoss(), 1e-9 * perRow);
    }

    /** A run that early stopping ends well before its 200 epochs, with patience 2. */
    private static Trainer.Outcome stopEarly(Path run) {
        Trainer.Outcome stopped = TrainerFixture.train(EARLY_STOPPING, run, null);
        assertEquals(RunStatus.EARLY_STOPPED, stopped.status());
        assertTrue(stopped.epochs() < 200, "stopped early at " + stopped.epochs());
        assertEquals(stopped.bestEpoch() + 2, stopped.epochs());
        return stopped;
    }

    /** The trainer state of a checkpoint without its seconds (wall-clock time). */
    private static String withoutSeconds(Path checkpoint) {
        Map<String, String> meta = Checkpoint.read(checkpoint).metadata();
        return meta.get(TrainerState.KEY).replaceAll("\"seconds\":\"[^\"]*\"", "");
    }

    /** The documented vocabulary of summary.json's status (README, DESIGN §4). */
    @Test
    void theStatusVocabularyIsCompletedEarlyStoppedInterrupted() {
        assertEquals(List.of("completed", "early-stopped", "interrupted"),
                java.util.Arrays.stream(RunStatus.values()).map(RunStatus::jsonName).toList());
    }
}
