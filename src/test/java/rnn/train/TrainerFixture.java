package rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.io.Checkpoint;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.io.SafeTensors;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;

/**
 * Runs the {@link Trainer} in-process on the bundled sunspots sample (310 rows: 290 windows of 20 steps, 232
 * training and 58 validation windows, so batches of 32 leave an uneven last batch in both), with a listener
 * that can stop the run after a given batch — the deterministic stand-in for a signal — and compares what
 * runs leave behind.
 */
final class TrainerFixture {

    /**
     * The options a test varies; everything else is the command line's default (but 1 thread, no plot). With
     * dropout the model has two layers of {@code hidden} (dropout acts between layers), else one. (1 thread unless
     * {@code threads} says.)
     */
    record Options(int epochs, int hidden, double lr, String lrSchedule, int earlyStopping, double dropout,
                   double recurrentDropout, int threads) {
        static Options of(int epochs) {
            return new Options(epochs, 6, 1e-2, "constant", 0, 0, 0, 1);
        }

        Options epochs(int e) {
            return new Options(e, hidden, lr, lrSchedule, earlyStopping, dropout, recurrentDropout, threads);
        }

        Options lr(double v) {
            return new Options(epochs, hidden, v, lrSchedule, earlyStopping, dropout, recurrentDropout, threads);
        }

        Options schedule(String s) {
            return new Options(epochs, hidden, lr, s, earlyStopping, dropout, recurrentDropout, threads);
        }

        Options earlyStopping(int p) {
            return new Options(epochs, hidden, lr, lrSchedule, p, dropout, recurrentDropout, threads);
        }

        Options dropout(double p) {
            return new Options(epochs, hidden, lr, lrSchedule, earlyStopping, p, recurrentDropout, threads);
        }

        Options recurrentDropout(double p) {
            return new Options(epochs, hidden, lr, lrSchedule, earlyStopping, dropout, p, threads);
        }

        Options threads(int n) {
            return new Options(epochs, hidden, lr, lrSchedule, earlyStopping, dropout, recurrentDropout, n);
        }
    }

    /** Stop after batch {@code batch} of epoch {@code epoch} (the batch's own number, 1-based). */
    record StopAt(int epoch, int batch) {
    }

    private TrainerFixture() {
    }

    static Path sunspots() {
        return Path.of("sample-data", "sunspots.csv").toAbsolutePath();
    }

    static LoadedData data() {
        // the level (the trainer tests were written for it; the default target mode is delta)
        return DataLoader.load(sunspots(), DataOptions.defaults(TrainingConfig.DEFAULT_SEED)
                .withTarget(null, rnn.data.TargetForm.LEVEL));
    }

    static TrainConfig config(Options o, Path out) {
        int[] hidden = o.dropout() > 0 ? new int[] {o.hidden(), o.hidden()} : new int[] {o.hidden()};
        return new TrainConfig(
                new ModelConfig(CellType.GRU, hidden, Activation.TANH, GruVariant.CLASSIC, o.dropout(), OutputMode.LAST,
                        o.recurrentDropout()),
                new TrainingConfig(o.epochs(), TrainingConfig.DEFAULT_BATCH_SIZE, o.lr(),
                        OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM), TrainingConfig.DEFAULT_CLIP_NORM, 0, 0,
                        o.lrSchedule(), o.earlyStopping(), Loss.MSE, TrainingConfig.DEFAULT_SEED, o.threads()),
                new OutputConfig(out, 1, OutputConfig.DEFAULT_KEEP, LossPlot.Format.NONE));
    }

    /** Trains a new run into {@code out}; stops after {@code stopAt} when it is not null. */
    static Trainer.Outcome train(Options o, Path out, StopAt stopAt) {
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        return trainer(o, run, stopAt, null).train(null);
    }

    /** Resumes the run in {@code out} from its last.safetensors. */
    static Trainer.Outcome resume(Options o, Path out, StopAt stopAt) {
        RunDirectory run = new RunDirectory(out);
        run.claimResume().close();
        return trainer(o, run, stopAt, null).train(Checkpoint.read(run.last()));
    }

    /**
     * A trainer whose listener triggers its stop signal after {@code stopAt} (when not null) and records each
     * epoch's row into {@code rows} (when not null).
     */
    static Trainer trainer(Options o, RunDirectory run, StopAt stopAt, List<rnn.io.LossLog.Row> rows) {
        return trainer(o, run, stopAt, rows, null);
    }

    /**
     * {@link #trainer(Options, RunDirectory, StopAt, List)} that also records each reported stop into
     * {@code stops} (when not null) as "SIGNAL epoch batch batches run".
     */
    static Trainer trainer(Options o, RunDirectory run, StopAt stopAt, List<rnn.io.LossLog.Row> rows,
                           List<String> stops) {
        StopSignal stop = StopSignal.none();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
                if (stopAt != null && epoch == stopAt.epoch() && batch == stopAt.batch()) {
                    stop.trigger("SIGTEST", 130);
                }
            }

            @Override
            public void epochDone(rnn.io.LossLog.Row row, boolean best) {
                if (rows != null) {
                    rows.add(row);
                }
            }

            @Override
            public void stopped(StopSignal.Received signal, int epoch, int batch, int batches, Path dir) {
                if (stops != null) {
                    stops.add(signal.name() + " " + epoch + " " + batch + " " + batches + " " + dir);
                }
            }
        };
        return new Trainer(config(o, run.root()), data(), run, Map.of("tool_version", "test"), listener, stop);
    }

    /** Every tensor of two checkpoint files (weights and optimizer state) is identical bit for bit. */
    static void assertSameTensors(Path expected, Path actual) {
        SafeTensors.Contents x = SafeTensors.read(expected);
        SafeTensors.Contents y = SafeTensors.read(actual);
        assertEquals(x.tensors().size(), y.tensors().size());
        for (SafeTensors.Tensor t : x.tensors()) {
            assertArrayEquals(t.values(), y.tensor(t.name()).values(), t.name() + " of " + actual);
        }
    }

    /** The model weights (not the optimizer state) of two checkpoint files are identical bit for bit. */
    static void assertSameWeights(Path expected, Path actual) {
        SafeTensors.Contents x = SafeTensors.read(expected);
        SafeTensors.Contents y = SafeTensors.read(actual);
        int weights = 0;
        for (SafeTensors.Tensor t : x.tensors()) {
            if (!t.name().startsWith("optim.")) {
                assertArrayEquals(t.values(), y.tensor(t.name()).values(), t.name() + " of " + actual);
                weights++;
            }
        }
        assertEquals(true, weights > 0, "no weights in " + expected);
    }

    /** loss.csv rows without the wall-clock seconds column (the one value that may differ). */
    static List<String> lossRowsWithoutSeconds(Path run) throws IOException {
        return Files.readAllLines(run.resolve("loss.csv")).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[5] = "";
            return String.join(",", f);
        }).toList();
    }
}
