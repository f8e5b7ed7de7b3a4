package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.io.Checkpoint;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;
import rnn.testing.StoreSales;

/**
 * Training with a categorical column ({@link StoreSales}: y = x + a per-store offset): the store is learned (the
 * validation loss falls far below that of the same model without the column), and a run with an embedding table
 * is bit-identical on one and two threads and when stopped and resumed (the table's Adam state travels as
 * {@code optim.*}).
 */
class CategoricalTrainingTest {

    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void data() throws IOException {
        csv = StoreSales.write(dir.resolve("stores.csv"), 60, 3);
    }

    static DataOptions options(String... features) {
        return DataOptions.builder(TrainingConfig.DEFAULT_SEED).id("seq").time("t").targets(List.of("y"))
                .output(TargetMode.SEQUENCE).features(features.length == 0 ? null : List.of(features)).build();
    }

    static TrainConfig config(int epochs, int threads, Path out) {
        return new TrainConfig(
                new ModelConfig(CellType.GRU, new int[] {8}, Activation.TANH, GruVariant.RESET_AFTER, 0.0,
                        OutputMode.SEQUENCE, 0.0, false, ModelConfig.AUTO_CAT_DIM, ModelConfig.DEFAULT_EMBEDDING),
                new TrainingConfig(epochs, 16, 2e-2, OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM),
                        TrainingConfig.DEFAULT_CLIP_NORM, 0, 0, "constant", 0, Loss.MSE, TrainingConfig.DEFAULT_SEED,
                        threads),
                new OutputConfig(out, 1, OutputConfig.DEFAULT_KEEP, LossPlot.Format.NONE));
    }

    /** Trains into {@code out}: new, or resumed from its last.safetensors; stops after epoch {@code stopAfter} (0: never). */
    static Trainer.Outcome train(TrainConfig config, LoadedData data, boolean resume, int stopAfter) {
        RunDirectory run = new RunDirectory(config.out());
        if (resume) {
            run.claimResume().close();
        } else {
            run.claimNew(false).close();
        }
        StopSignal stop = StopSignal.none();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epochDone(rnn.io.LossLog.Row row, boolean best) {
                if (row.epoch() == stopAfter) {
                    stop.trigger("SIGTEST", 130);
                }
            }
        };
        return new Trainer(config, data, run, Map.of("tool_version", "test"), listener, stop)
                .train(resume ? Checkpoint.read(run.last()) : null);
    }

    @Test
    void theStoreIsLearned() {
        LoadedData with = DataLoader.load(csv, options());
        LoadedData without = DataLoader.load(csv, options("x", "dow"));
        assertEquals(List.of("store"), with.contract().categorical().stream().map(c -> c.column()).toList());
        assertEquals(List.of(), without.contract().categorical());
        double lossWith = train(config(30, 1, dir.resolve("with")), with, false, 0).bestLoss();
        double lossWithout = train(config(30, 1, dir.resolve("without")), without, false, 0).bestLoss();
        System.out.printf("categorical: best validation loss with the store %.5f, without %.5f%n", lossWith,
                lossWithout);
        assertTrue(lossWith < 0.2 * lossWithout, "with the store " + lossWith + ", without " + lossWithout);
    }

    @Test
    void oneAndTwoThreadsAndAResumeGiveTheSameBits() {
        LoadedData data = DataLoader.load(csv, options());
        train(config(4, 1, dir.resolve("straight")), data, false, 0);
        train(config(4, 2, dir.resolve("two-threads")), data, false, 0);
        TrainerFixture.assertSameTensors(dir.resolve("straight/last.safetensors"),
                dir.resolve("two-threads/last.safetensors"));
        Trainer.Outcome stopped = train(config(4, 1, dir.resolve("resumed")), data, false, 2);
        assertEquals(RunStatus.INTERRUPTED, stopped.status());
        train(config(4, 1, dir.resolve("resumed")), data, true, 0);
        TrainerFixture.assertSameTensors(dir.resolve("straight/last.safetensors"),
                dir.resolve("resumed/last.safetensors"));
        Checkpoint c = Checkpoint.read(dir.resolve("straight/last.safetensors"));
        assertEquals(List.of(7L, 3L), java.util.Arrays.stream(c.tensor("inputs.store.weight").shape()).boxed()
                .toList(), "6 stores + <unk>, D = min(16, ceil(6/2)) = 3");
        assertTrue(c.tensors().stream().anyMatch(t -> t.name().startsWith("optim.")
                && t.name().endsWith(".inputs.store.weight")), "the table's optimizer state is saved");
    }

    /** D = min(16, ⌈levels/2⌉) unless --cat-dim gives one. */
    @Test
    void theAutomaticWidth() {
        ModelConfig auto = config(1, 1, dir).model();
        int[][] cases = {{1, 1}, {2, 1}, {3, 2}, {7, 4}, {31, 16}, {32, 16}, {33, 16}, {100000, 16}};
        for (int[] c : cases) {
            assertEquals(c[1], auto.embeddingDim(c[0]), c[0] + " levels");
        }
        ModelConfig five = new ModelConfig(CellType.GRU, new int[] {2}, Activation.TANH, GruVariant.RESET_AFTER, 0.0,
                OutputMode.LAST, 0.0, false, 5, ModelConfig.DEFAULT_EMBEDDING);
        assertEquals(5, five.embeddingDim(100));
        assertEquals(5, five.embeddingDim(1));
    }
}
