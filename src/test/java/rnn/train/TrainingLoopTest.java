package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.train.TrainerFixture.assertSameTensors;
import static rnn.train.TrainerFixture.assertSameWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.io.LossLog;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.train.TrainerFixture.Options;

/**
 * What the epoch loop around the model does with each epoch (found by mutating {@link Trainer}: each of these went
 * unnoticed before): the rate a schedule gives an epoch is the rate it trains at, the gradient norm reaches
 * loss.csv, and the last epoch is checkpointed even off the {@code --checkpoint-every} grid.
 */
class TrainingLoopTest {

    @TempDir
    Path dir;

    /**
     * A cosine schedule over 2 epochs starts at the base rate: its first epoch trains exactly as a constant-rate
     * epoch does (the weights of its epoch-1 checkpoint equal those of a 1-epoch constant run, bit for bit), and
     * its second runs at half the rate (cos(π/2) = 0), as loss.csv records. An epoch trained at the next epoch's
     * rate would differ from the first.
     */
    @Test
    void eachEpochTrainsAtTheRateItsScheduleGivesIt() throws Exception {
        Options constant = Options.of(1).lr(0.02);
        TrainerFixture.train(constant, dir.resolve("constant"), null);
        Path cosine = dir.resolve("cosine");
        TrainerFixture.train(Options.of(2).lr(0.02).schedule("cosine"), cosine, null);

        RunDirectory run = new RunDirectory(cosine);
        assertSameWeights(dir.resolve("constant/last.safetensors"), run.epochCheckpoint(1));
        List<String> rows = Files.readAllLines(cosine.resolve("loss.csv"));
        assertEquals(0.02, Double.parseDouble(rows.get(1).split(",")[3]));
        assertEquals(0.01, Double.parseDouble(rows.get(2).split(",")[3]), 1e-15);
    }

    /**
     * loss.csv's grad_norm, the gradient norm before clipping of the epoch's steps (their largest): positive and
     * finite for a model that learns, different from epoch to epoch, and what the listener was given.
     */
    @Test
    void everyEpochRecordsTheGradientNormOfItsSteps() throws Exception {
        Path out = dir.resolve("run");
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        List<LossLog.Row> rows = new ArrayList<>();
        TrainerFixture.trainer(Options.of(3), run, null, rows).train(null);
        assertEquals(3, rows.size());
        for (LossLog.Row r : rows) {
            assertTrue(r.gradNorm() > 0 && Double.isFinite(r.gradNorm()), "epoch " + r.epoch() + ": " + r.gradNorm());
        }
        assertNotEquals(rows.get(0).gradNorm(), rows.get(1).gradNorm());
        List<String> csv = Files.readAllLines(out.resolve("loss.csv"));
        for (int e = 0; e < 3; e++) {
            assertEquals(rows.get(e).gradNorm(), Double.parseDouble(csv.get(e + 1).split(",")[4]));
        }
    }

    /**
     * With {@code --checkpoint-every 3} and 4 epochs, epoch 3 is checkpointed on the grid and epoch 4 because it
     * is the last: last.safetensors holds epoch 4, as does its epoch checkpoint, and no other epoch has one.
     */
    @Test
    void theLastEpochIsCheckpointedOffTheCheckpointEveryGrid() throws Exception {
        Path out = dir.resolve("run");
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        TrainConfig every1 = TrainerFixture.config(Options.of(4), out);
        TrainConfig every3 = new TrainConfig(every1.model(), every1.training(),
                new OutputConfig(out, 3, OutputConfig.DEFAULT_KEEP, LossPlot.Format.NONE));
        new Trainer(every3, TrainerFixture.data(), run, Map.of("tool_version", "test"), new TrainingListener() {
        }, StopSignal.none()).train(null);

        assertTrue(Files.exists(run.epochCheckpoint(3)));
        assertTrue(Files.exists(run.epochCheckpoint(4)));
        assertFalse(Files.exists(run.epochCheckpoint(1)));
        assertFalse(Files.exists(run.epochCheckpoint(2)));
        assertEquals(4, TrainerState.fromMetadata(Checkpoint.read(run.last()).metadata()).epoch());
        assertSameTensors(run.epochCheckpoint(4), run.last());
    }
}
