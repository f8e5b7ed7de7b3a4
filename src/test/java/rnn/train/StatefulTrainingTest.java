package rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.data.TextOptions;
import rnn.data.TokenKind;
import rnn.io.Checkpoint;
import rnn.io.CheckpointException;
import rnn.io.LossLog;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.io.SafeTensors;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Param;
import rnn.nn.Precision;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.nn.TokenInput;
import rnn.optim.OptimizerSettings;
import rnn.random.Rng;

/**
 * {@code --stateful} (char-rnn's layout): the state carried across windows equals one long forward, training and
 * validation carry it from batch to batch (against long forwards computed here), a stop mid-epoch resumes bit for
 * bit with the carried state in the checkpoint, and any thread count gives the same run.
 */
class StatefulTrainingTest {

    private static final int B = 3;
    private static final int T = 8;
    private static final int H = 7;

    @TempDir
    Path dir;

    private static String corpus() {
        String[] words = {"the", "cat", "dog", "sat", "on", "a", "mat", "ran"};
        StringBuilder b = new StringBuilder();
        long s = 11;
        while (b.length() < 600) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            b.append(words[(int) ((s >>> 33) % words.length)]).append((s >>> 20) % 5 == 0 ? ".\n" : " ");
        }
        return b.substring(0, 600);
    }

    private LoadedData data() throws IOException {
        Path f = dir.resolve("c.txt");
        if (!Files.exists(f)) {
            Files.writeString(f, corpus(), StandardCharsets.UTF_8);
        }
        return DataLoader.load(f, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow()).window(T)
                .stride(T).valSplit(0.2).output(TargetMode.SEQUENCE).classification(true)
                .text(new TextOptions(TokenKind.CHAR, 1, 100)).build());
    }

    private static TrainConfig config(CellType cell, int epochs, int batch, double lr, int threads, Path out) {
        return config(cell, H, epochs, batch, lr, threads, out);
    }

    private static TrainConfig config(CellType cell, int hidden, int epochs, int batch, double lr, int threads,
                                      Path out) {
        return new TrainConfig(new ModelConfig(cell, new int[] {hidden}, Activation.TANH, GruVariant.CLASSIC, 0,
                OutputMode.SEQUENCE, 0, false, ModelConfig.AUTO_CAT_DIM, 0),
                new TrainingConfig(epochs, batch, lr, OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM), 5, 0, 0,
                        "constant", 0, Loss.XENT, 42, threads, true),
                new OutputConfig(out, 1, OutputConfig.DEFAULT_KEEP, LossPlot.Format.NONE));
    }

    /** A trainer that stops after batch {@code stopBatch} of epoch {@code stopEpoch} (0: never). */
    private Trainer trainer(TrainConfig c, RunDirectory run, int stopEpoch, int stopBatch, List<LossLog.Row> rows)
            throws IOException {
        StopSignal stop = StopSignal.none();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
                if (epoch == stopEpoch && batch == stopBatch) {
                    stop.trigger("SIGTEST", 130);
                }
            }

            @Override
            public void epochDone(LossLog.Row row, boolean best) {
                rows.add(row);
            }
        };
        return new Trainer(c, data(), run, Map.of("tool_version", "test"), listener, stop);
    }

    private Trainer.Outcome train(TrainConfig c, Path out, int stopEpoch, int stopBatch, boolean resume)
            throws IOException {
        RunDirectory run = new RunDirectory(out);
        if (resume) {
            run.claimResume().close();
            return trainer(c, run, stopEpoch, stopBatch, new ArrayList<>()).train(Checkpoint.read(run.last()));
        }
        run.claimNew(false).close();
        return trainer(c, run, stopEpoch, stopBatch, new ArrayList<>()).train(null);
    }

    /** The model of a text of {@code vocabulary} symbols, one-hot tokens. */
    private static RecurrentModel model(CellType cell, int[] hidden, int vocabulary, long seed) {
        ModelSpec spec = new ModelSpec(cell, Activation.TANH, GruVariant.CLASSIC, 1, hidden, vocabulary,
                OutputMode.SEQUENCE, 0, 0, false, List.of()).withTokens(new TokenInput(vocabulary, 0));
        RecurrentModel m = new RecurrentModel(spec, new Compute(1, Precision.HOT_PATH));
        m.initialize(new Rng(seed));
        return m;
    }

    /** Σ over the rows of −log softmax(logits)[target], computed here. */
    private static double xentSum(double[] logits, int rows, int classes, int[] targets) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, logits[r * classes + j]);
            }
            double z = 0;
            for (int j = 0; j < classes; j++) {
                z += Math.exp(logits[r * classes + j] - max);
            }
            sum += Math.log(z) + max - logits[r * classes + targets[r]];
        }
        return sum;
    }

    @Test
    void aStreamSplitInTwoWindowsGivesTheLossOfOneLongWindow() {
        int v = 6;
        int[] hidden = {5, 4};
        for (CellType cell : CellType.values()) {
            RecurrentModel m = model(cell, hidden, v, 9);
            int batch = 2;
            int steps = 2 * T;
            Rng r = new Rng(4);
            int[] ids = new int[(steps + 1) * batch];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) (r.nextDouble() * v);
            }
            // time-major: x[t·B + b] = ids[t·B + b], target = the next step's id of the same row
            double[] x = new double[steps * batch];
            int[] y = new int[steps * batch];
            for (int i = 0; i < x.length; i++) {
                x[i] = ids[i];
                y[i] = ids[i + batch];
            }
            double whole = xentSum(m.forward(SequenceInput.of(x, batch, steps, 1), false, false), steps * batch, v, y)
                    / (steps * batch);
            int half = T * batch;
            double first = xentSum(m.forward(SequenceInput.of(java.util.Arrays.copyOfRange(x, 0, half), batch, T, 1),
                    false, false), half, v, java.util.Arrays.copyOfRange(y, 0, half));
            double[] x2 = java.util.Arrays.copyOfRange(x, half, 2 * half);
            int[] y2 = java.util.Arrays.copyOfRange(y, half, 2 * half);
            double second = xentSum(m.forward(SequenceInput.of(x2, batch, T, 1), false, true), half, v, y2);
            assertEquals(whole, (first + second) / (2 * half), 1e-12, cell.toString());
            // without the carried state the second window reads from zeros: another loss
            m.forward(SequenceInput.of(java.util.Arrays.copyOfRange(x, 0, half), batch, T, 1), false, false);
            double fresh = xentSum(m.forward(SequenceInput.of(x2, batch, T, 1), false, false), half, v, y2);
            assertTrue(Math.abs(fresh - second) > 1e-6, cell.toString());
            // the carried state saved and restored into a fresh model of the same weights continues identically
            m.forward(SequenceInput.of(java.util.Arrays.copyOfRange(x, 0, half), batch, T, 1), false, false);
            Map<String, double[]> carried = m.carriedState();
            assertEquals(cell == CellType.LSTM ? List.of("h_l0", "c_l0", "h_l1", "c_l1") : List.of("h_l0", "h_l1"),
                    List.copyOf(carried.keySet()));
            RecurrentModel copy = model(cell, hidden, v, 9);
            copy.restoreCarriedState(batch, carried);
            assertArrayEquals(java.util.Arrays.copyOf(m.forward(SequenceInput.of(x2, batch, T, 1), false, true), half * v),
                    java.util.Arrays.copyOf(copy.forward(SequenceInput.of(x2, batch, T, 1), false, true), half * v));
        }
    }

    /**
     * The mean cross-entropy of {@code m} over B' streams of a part (tokens [from, from + length) of the text's ids,
     * ⌊(length − 1)/B'⌋ per stream, its ⌊L/T⌋·T first inputs), each stream one long forward from zeros.
     */
    private static double streamLoss(RecurrentModel m, int[] ids, int from, int length, int streams, int classes) {
        int l = (length - 1) / streams;
        int steps = l / T * T;
        double sum = 0;
        for (int b = 0; b < streams; b++) {
            double[] x = new double[steps];
            int[] y = new int[steps];
            for (int t = 0; t < steps; t++) {
                x[t] = ids[from + b * l + t];
                y[t] = ids[from + b * l + t + 1];
            }
            sum += xentSum(m.forward(SequenceInput.of(x, 1, steps, 1), false, false), steps, classes, y);
        }
        return sum / ((double) streams * steps);
    }

    @Test
    void trainingAndValidationCarryTheStateFromBatchToBatch() throws IOException {
        // lr 1e-9: the weights hardly move in the epoch, so its training loss is that of the initial weights over
        // B long streams; validation runs after the epoch with the final weights, its streams carried exactly
        LoadedData d = data();
        List<String> vocabulary = d.contract().classes();
        String text = corpus();
        int[] ids = text.codePoints().map(cp -> vocabulary.indexOf(new String(Character.toChars(cp)))).toArray();
        int trainTokens = (int) Math.floor(0.8 * ids.length);
        RunDirectory run = new RunDirectory(dir.resolve("carry"));
        run.claimNew(false).close();
        List<LossLog.Row> rows = new ArrayList<>();
        Trainer trainer = trainer(config(CellType.GRU, 1, B, 1e-9, 1, run.root()), run, 0, 0, rows);
        RecurrentModel initial = model(CellType.GRU, new int[] {H}, vocabulary.size(), 0);
        copyWeights(trainer.model(), initial);
        trainer.train(null);
        assertEquals(streamLoss(initial, ids, 0, trainTokens, B, vocabulary.size()), rows.get(0).trainLoss(), 1e-6);
        int valStreams = Math.min(B, (ids.length - trainTokens - 1) / T);
        assertEquals(streamLoss(trainer.model(), ids, trainTokens, ids.length - trainTokens, valStreams,
                vocabulary.size()), rows.get(0).valLoss(), 1e-12);
    }

    private static void copyWeights(RecurrentModel from, RecurrentModel to) {
        List<Param> a = new ArrayList<>();
        from.parameters().forEach(a::add);
        int k = 0;
        for (Param p : to.parameters()) {
            System.arraycopy(a.get(k++).value.data, 0, p.value.data, 0, p.size());
        }
    }

    @Test
    void aStopMidEpochResumesBitForBitWithTheCarriedStateInTheCheckpoint() throws IOException {
        Path straight = dir.resolve("straight");
        Path stopped = dir.resolve("stopped");
        train(config(CellType.LSTM, 2, B, 1e-2, 1, straight), straight, 0, 0, false);
        Trainer.Outcome o = train(config(CellType.LSTM, 2, B, 1e-2, 1, stopped), stopped, 1, 5, false);
        assertEquals(RunStatus.INTERRUPTED, o.status());
        Checkpoint mid = Checkpoint.read(stopped.resolve("last.safetensors"));
        assertEquals(List.of("state.h_l0", "state.c_l0"), mid.tensors().stream().map(SafeTensors.Tensor::name)
                .filter(n -> n.startsWith("state.")).toList());
        assertArrayEquals(new long[] {B, H}, mid.tensor("state.c_l0").shape());
        assertFalse(Checkpoint.isWeight("state.h_l0"));
        train(config(CellType.LSTM, 2, B, 1e-2, 1, stopped), stopped, 0, 0, true);
        assertEquals(TrainerFixture.lossRowsWithoutSeconds(straight), TrainerFixture.lossRowsWithoutSeconds(stopped));
        TrainerFixture.assertSameTensors(straight.resolve("last.safetensors"), stopped.resolve("last.safetensors"));
        // an epoch-end checkpoint carries no state (each epoch starts from zeros)
        assertTrue(Checkpoint.read(straight.resolve("last.safetensors")).carriedState().isEmpty());
    }

    @Test
    void resumingMidEpochWithAnotherBatchSizeIsRefused() throws IOException {
        Path out = dir.resolve("other");
        train(config(CellType.GRU, 2, B, 1e-2, 1, out), out, 1, 2, false);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> train(config(CellType.GRU, 2, 4, 1e-2, 1, out), out, 0, 0, true));
        assertEquals(out.resolve("last.safetensors") + ": cannot resume {{stateful}} from it mid-epoch: expected a "
                + "state of 4 × 7 = 28 values, got 21 (of 4 streams); resume with the run's own {{batch_size}} and "
                + "{{stateful}}, or from an epoch checkpoint", e.getMessage());
    }

    @Test
    void anyThreadCountGivesTheSameRun() throws IOException {
        // 16 streams of a GRU [64]: a time step's work, 16·192·(64 + 64) = 393,216, is above the 2^18 from which
        // the step is split among the threads
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        train(config(CellType.GRU, 64, 2, 16, 1e-2, 1, one), one, 0, 0, false);
        train(config(CellType.GRU, 64, 2, 16, 1e-2, 2, two), two, 0, 0, false);
        assertEquals(TrainerFixture.lossRowsWithoutSeconds(one), TrainerFixture.lossRowsWithoutSeconds(two));
        TrainerFixture.assertSameTensors(one.resolve("last.safetensors"), two.resolve("last.safetensors"));
    }
}
