package rnn.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import rnn.data.Batch;
import rnn.data.BatchIterator;
import rnn.data.ColumnStats;
import rnn.data.Dataset;
import rnn.data.LoadedData;
import rnn.data.Scaling;
import rnn.io.AtomicFiles;
import rnn.io.BackgroundWrites;
import rnn.io.Checkpoint;
import rnn.io.LossLog;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.io.RunDirectoryException;
import rnn.io.SafeTensors;
import rnn.nn.Compute;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Param;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.optim.LrSchedule;
import rnn.optim.Optimizer;
import rnn.random.Rng;

/**
 * The epoch loop of {@code rnn train}: shuffled batches, one {@link TrainingStep} each, validation after each
 * epoch, the LR schedule, early stopping (restoring the best weights), and everything a run leaves behind —
 * {@code loss.csv} rows flushed every epoch, the plot drawn in the background and at the end ({@link LossPlotter}),
 * checkpoints every N epochs (the last K kept),
 * {@code best} and {@code last}. A stop signal (SIGINT/SIGTERM, or a test's trigger) ends the run after the
 * current batch with a checkpoint from which {@code --resume} continues bit for bit.
 *
 * <p>What the files hold:
 * <ul>
 * <li>{@code best.safetensors}: the weights at the end of the epoch with the lowest monitored loss (validation,
 * or training without validation data), with the optimizer state, counters and epoch number of that epoch.</li>
 * <li>{@code last.safetensors}: the state from which {@code --resume} continues — the end of the last epoch
 * checkpointed, or the batch a stop signal interrupted. After early stopping, it and the epoch checkpoint of
 * the stop epoch hold the best epoch's weights (as best.safetensors), with the optimizer state, counters, RNG
 * and schedule state of the stop epoch; a resumed run continues from the best weights with its patience count
 * restarted.</li>
 * <li>{@code checkpoints/epoch-NNNN.safetensors}: the state at the end of epoch NNNN (the last K).</li>
 * </ul>
 *
 * <p>Random streams, all from {@code --seed}: initialisation, shuffling and dropout are three generators split
 * from one; their states are in every checkpoint.
 */
public final class Trainer {

    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    /**
     * How a run ended.
     *
     * @param status           completed, early-stopped or interrupted (a failed run throws instead)
     * @param epochs           epochs completed in total (a mid-epoch interruption counts the epochs before it)
     * @param trainLoss        the training loss of the last epoch completed by this invocation (NaN if none)
     * @param valLoss          its validation loss (NaN without validation data or epoch)
     * @param valAccuracy      its validation accuracy (NaN unless classification)
     * @param bestLoss         the best monitored loss of the run
     * @param bestEpoch        the epoch that reached it
     * @param seconds          wall-clock seconds of this invocation
     * @param samplesPerSecond training examples per second of training time
     * @param interrupted      the signal that interrupted the run, or null
     * @param parameters       the model's parameter count
     */
    public record Outcome(RunStatus status, int epochs, double trainLoss, double valLoss, double valAccuracy,
                          double bestLoss, int bestEpoch, double seconds, double samplesPerSecond,
                          StopSignal.Received interrupted, long parameters) {

        /** True when early stopping ended the run. */
        public boolean earlyStopped() {
            return status == RunStatus.EARLY_STOPPED;
        }
    }

    private final TrainConfig config;
    private final LoadedData data;
    private final RunDirectory run;
    private final Map<String, String> runMetadata;
    private final List<SafeTensors.Tensor> schemaTensors;
    private final TrainingListener listener;
    private final StopSignal stop;
    private final RecurrentModel model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Rng shuffleRng;
    private final Rng dropoutRng;
    private final TrainingStep step;
    private final LossLog lossLog;
    private final Compute compute;
    /**
     * {@code --stateful}: the data's windows are in streams, read in order; each training batch but an epoch's first
     * starts from the state the previous one ended in (as each validation batch but the first); a checkpoint taken
     * mid-epoch holds that state ({@link Checkpoint#CARRIED_STATE_PREFIX}).
     */
    private final boolean stateful;
    /** The shuffling generator's state at the start of the epoch in progress. */
    private long epochStartShuffle;
    /** Set when the loop starts (it needs the rows of loss.csv that a resumed run keeps). */
    private LossPlotter plotter;
    private final List<double[]> bestWeights = new ArrayList<>();
    /** Counts the changes of the weights and the optimizer state (steps, restores): see {@link #writeCheckpoint}. */
    private long weightsVersion;
    /** The checkpoint file written last, or null. */
    private Written lastWritten;
    /**
     * loss.csv rows, checkpoints and pruning, written in order on a background thread (at most two queued): the
     * loop goes on while the disk syncs. Drained before the run reports its end; closed however it ends.
     */
    private final BackgroundWrites writes = new BackgroundWrites("rnn-run-writer", 2);
    /** Training batches, shuffled each epoch, allocated once. */
    private final Batch trainBatch;
    private final BatchIterator trainBatches;
    /** Validation batches in file order, allocated once (null without validation data). */
    private final Batch valBatch;
    private final BatchIterator valBatches;
    /** The epochs' batches trained elsewhere ({@code --spark}), or null: this loop trains them. */
    private final EpochTraining elsewhere;

    /**
     * @param runMetadata what every checkpoint records besides the trainer state: config and schema JSON, input
     *                    checksum, tool version
     */
    public Trainer(TrainConfig config, LoadedData data, RunDirectory run, Map<String, String> runMetadata,
                   TrainingListener listener, StopSignal stop) {
        this(config, data, run, runMetadata, listener, stop, null);
    }

    /**
     * A trainer whose epochs' batches {@code elsewhere} trains (data-parallel workers); validation, records,
     * early stopping and checkpoints stay here. A stop signal then ends the run at the end of the epoch.
     *
     * @param elsewhere null: this trainer trains the batches itself
     */
    public Trainer(TrainConfig config, LoadedData data, RunDirectory run, Map<String, String> runMetadata,
                   TrainingListener listener, StopSignal stop, EpochTraining elsewhere) {
        this.elsewhere = elsewhere;
        this.config = config;
        this.stateful = config.training().stateful();
        if (stateful && data.train().streams() == 0) {
            data = data.inStreams(config.batchSize());
        }
        this.data = data;
        this.run = run;
        this.runMetadata = new LinkedHashMap<>(runMetadata);
        this.schemaTensors = schemaTensors(data.schema().contract().scaling());
        this.listener = listener;
        this.stop = stop;
        ModelSpec spec = modelSpec(config, data);
        workingSet(config, spec, data).requireFits(Runtime.getRuntime().maxMemory(),
                "lower {{hidden}}, {{batch_size}} or the sequence length ({{window}}, {{steps}})").remember();
        long rowSteps = rowSteps(config, data);
        this.compute = new Compute(config.threads() == 0 ? Compute.defaultThreads(spec, config.batchSize(),
                rowSteps) : config.threads(), rnn.nn.Precision.HOT_PATH);
        this.model = new RecurrentModel(spec, compute);
        Rng seed = new Rng(config.seed());
        model.initialize(seed.split());
        this.shuffleRng = seed.split();
        this.dropoutRng = seed.split();
        this.optimizer = config.optimizer().create(model.parameters());
        this.schedule = LrSchedule.of(config.lrSchedule(), config.lr(), config.epochs());
        this.step = new TrainingStep(model, config.loss(), optimizer, config.clipNorm(), config.clipValue(),
                config.tbptt(), dropoutRng);
        this.lossLog = new LossLog(run.root(), config.loss().isClassification());
        this.trainBatch = data.train().newBatch(config.batchSize());
        this.trainBatches = data.train().batches(config.batchSize(), stateful ? null : shuffleRng);
        Dataset val = data.validation();
        boolean validates = val != null && val.size() > 0;
        int valBatchSize = stateful && validates ? val.streams() : config.batchSize();
        this.valBatch = validates ? val.newBatch(valBatchSize) : null;
        this.valBatches = validates ? val.batches(valBatchSize, null) : null;
        if (stateful) {
            LOG.info("stateful: the training part as {} streams of {} windows each{}; the state carries over from "
                    + "batch to batch, reset at each epoch", data.train().streams(),
                    data.train().size() / data.train().streams(), validates ? ", the validation part as "
                    + val.streams() + " streams of " + val.size() / val.streams() + " windows" : "");
        }
    }

    /**
     * The example time steps a run passes through the model, for {@code --threads 0}: per epoch, each training
     * step three times (forward, and a backward that costs about two forwards) and each validation step once, for
     * {@code --epochs} epochs (for a resumed run an upper bound: the epochs already done are counted too).
     */
    static long rowSteps(TrainConfig c, LoadedData data) {
        Dataset val = data.validation();
        long perEpoch = 3L * data.train().size() * data.train().maxSteps()
                + (val == null ? 0 : (long) val.size() * val.maxSteps());
        return perEpoch * c.epochs();
    }

    /**
     * What training {@code spec} on {@code data} will hold: the largest batch of the longest sequences, and the
     * columns of the training and validation data.
     */
    static WorkingSet workingSet(TrainConfig config, ModelSpec spec, LoadedData data) {
        Dataset val = data.validation();
        int examples = Math.max(data.train().size(), val == null ? 0 : val.size());
        int steps = Math.max(data.train().maxSteps(), val == null ? 0 : val.maxSteps());
        long dataBytes = data.train().columnBytes() + (val == null ? 0 : val.columnBytes());
        return WorkingSet.of(spec, Math.max(1, Math.min(config.batchSize(), examples)), Math.max(1, steps),
                config.optimizer().stateArrays(), dataBytes);
    }

    /**
     * The model's architecture for a configuration and the data it trains on: its inputs per step are the numeric
     * features, then one level index per categorical column, embedded as {@link ModelConfig#embeddings} says; a
     * text model reads one token id per step.
     */
    public static ModelSpec modelSpec(TrainConfig c, LoadedData data) {
        Dataset train = data.train();
        ModelSpec spec = new ModelSpec(c.cell(), c.activation(), c.gruVariant(), train.inputs(), c.hidden(),
                train.outputs(), c.output(), c.dropout(), c.model().recurrentDropout(), c.bidirectional(),
                c.model().embeddings(data.contract().categorical()));
        return train.isText() ? spec.withTokens(new rnn.nn.TokenInput(train.outputs(), c.model().embedding()))
                : spec;
    }

    public RecurrentModel model() {
        return model;
    }

    /**
     * Trains from scratch, or from {@code resume} (a checkpoint of a compatible run) up to {@code --epochs} in
     * total.
     *
     * @throws TrainingFailedException the loss became NaN or infinite (the last good checkpoint stays)
     * @throws RunDirectoryException   a file of the run could not be written (exit code 4)
     */
    public Outcome train(Checkpoint resume) {
        stop.deferring(true);
        try {
            Outcome outcome = loop(resume);
            writes.drain(); // every file the outcome speaks of is on disk, or the write's error is thrown
            return outcome;
        } finally {
            writes.close();
            stop.deferring(false);
            // the plot shows every epoch of loss.csv however the run ended (completed, stopped, failed)
            if (plotter != null) {
                plotter.finish();
            }
            compute.close();
        }
    }

    private Outcome loop(Checkpoint resume) {
        TrainerState state = resume == null ? TrainerState.start(streams(shuffleRng.state())) : restore(resume);
        truncateLossLog(state.epoch());
        plotter = new LossPlotter(run.root(), plotTitle(), config.plot(), earlierRows());
        RunTotals totals = new RunTotals();
        for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
            EpochAccount account = startEpoch(epoch, state);
            StopSignal.Received signal = elsewhere == null ? trainBatches(epoch, state, account, totals)
                    : trainElsewhere(epoch, state, account, totals);
            if (signal != null) {
                return totals.outcome(state, RunStatus.INTERRUPTED, signal);
            }
            EpochRecord record = recordEpoch(epoch, account, validate(), state);
            state = record.state();
            boolean stopEarly = earlyStopping(state);
            writeCheckpoints(epoch, state, stopEarly);
            plotter.epochDone(record.row());
            listener.epochDone(record.row(), record.improved());
            totals.lastRow = record.row();
            if (stopEarly) {
                LOG.info("early stopping: no better {} loss for {} epochs; restoring the weights of epoch {}",
                        Double.isNaN(record.row().valLoss()) ? "training" : "validation",
                        state.best().epochsWithoutGain(), state.bestEpoch());
                return totals.outcome(state, RunStatus.EARLY_STOPPED, null);
            }
            signal = stop.received();
            if (signal != null && epoch < config.epochs()) {
                listener.stopped(signal, epoch, trainBatches.batchesPerEpoch(), trainBatches.batchesPerEpoch(),
                        run.root());
                return totals.outcome(state, RunStatus.INTERRUPTED, signal);
            }
        }
        return totals.outcome(state, RunStatus.COMPLETED, null);
    }

    /** What the whole invocation adds up: wall time, training time and examples, the last epoch's row. */
    private final class RunTotals {
        private final long startNanos = System.nanoTime();
        private double trainedSamples;
        private double trainSeconds;
        private LossLog.Row lastRow;

        Outcome outcome(TrainerState state, RunStatus status, StopSignal.Received signal) {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            return new Outcome(status, state.epoch(), lastRow == null ? Double.NaN : lastRow.trainLoss(),
                    lastRow == null ? Double.NaN : lastRow.valLoss(),
                    lastRow == null ? Double.NaN : lastRow.valAccuracy(), state.bestLoss(), state.bestEpoch(), wall,
                    trainSeconds > 0 ? trainedSamples / trainSeconds : 0, signal, model.parameters().count());
        }
    }

    /** Positions the shuffling generator at the epoch's start (as saved) and opens its account. */
    private EpochAccount startEpoch(int epoch, TrainerState state) {
        epochStartShuffle = state.streams().shuffleState();
        shuffleRng.setState(epochStartShuffle);
        trainBatches.startEpoch();
        listener.epochStarted(epoch, config.epochs(), trainBatches.batchesPerEpoch(), data.train().size());
        return new EpochAccount(state.progress());
    }

    /**
     * Trains the epoch's batches, skipping the {@code state.batch()} already trained before a resume. Each batch:
     * a step, the divergence check, the accounting, then the stop signal (polled after
     * {@link TrainingListener#batchDone}, so a signal triggered from there stops after that very batch).
     *
     * @return the signal that stopped the epoch before its last batch (a mid-epoch checkpoint is written), or
     *     null when the epoch ran to its end
     */
    private StopSignal.Received trainBatches(int epoch, TrainerState state, EpochAccount account, RunTotals totals) {
        int skip = state.batch();
        double lr = schedule.lrForEpoch(epoch - 1);
        int b = 0;
        try {
            while (trainBatches.next(trainBatch)) {
                b++;
                if (b <= skip) {
                    continue;
                }
                TrainingStep.Result r = step.run(inputOf(trainBatch), trainBatch.targets(), lr, stateful && b > 1);
                weightsVersion++;
                if (!r.finite()) {
                    throw diverged(epoch, b, r);
                }
                account.add(trainBatch.size(), r.loss(), r.gradNorm());
                totals.trainedSamples += trainBatch.size();
                listener.batchDone(epoch, b, (int) account.rows(), account.meanLoss());
                StopSignal.Received signal = stop.received();
                if (signal != null && b < trainBatches.batchesPerEpoch()) {
                    writeCheckpoint(run.last(), state.midEpoch(account.progress(b),
                            streams(state.streams().shuffleState())));
                    listener.stopped(signal, epoch, b, trainBatches.batchesPerEpoch(), run.root());
                    return signal;
                }
            }
            return null;
        } finally {
            totals.trainSeconds += account.secondsHere();
        }
    }

    /**
     * The epoch trained by {@link #elsewhere} from the shuffling state at its start; its totals go into the
     * account as the loop's own would. A stop signal between two rounds abandons the epoch: last.safetensors then
     * holds the state at the epoch's start, from which {@code --resume} trains the epoch again.
     */
    private StopSignal.Received trainElsewhere(int epoch, TrainerState state, EpochAccount account,
                                               RunTotals totals) {
        shuffleRng.setState(epochStartShuffle);
        try {
            EpochTraining.Totals t = elsewhere.trainEpoch(new EpochTraining.Work(epoch,
                    schedule.lrForEpoch(epoch - 1), model.parameters(), optimizer, shuffleRng, dropoutRng,
                    () -> stop.received() != null));
            weightsVersion++;
            if (t.abandoned()) {
                // back at the epoch's start: a resume trains the whole epoch again, as the uninterrupted run did
                writeCheckpoint(run.last(), state);
                StopSignal.Received signal = stop.received();
                listener.stopped(signal, epoch - 1, trainBatches.batchesPerEpoch(), trainBatches.batchesPerEpoch(),
                        run.root());
                return signal;
            }
            if (t.divergence() != null) {
                throw new TrainingFailedException(String.format(Locale.ROOT, "training diverged: %s; the last good "
                        + "checkpoint is %s; try a lower {{lr}} (now %s) or a tighter {{clip_norm}} (now %s)",
                        t.divergence(), Files.exists(run.last()) ? run.last() : "none (no epoch finished)",
                        fmt(config.lr()), fmt(config.clipNorm())));
            }
            account.addTotals(t.lossSum(), t.rows(), t.maxGradNorm());
            totals.trainedSamples += t.rows();
            return null;
        } finally {
            totals.trainSeconds += account.secondsHere();
        }
    }

    /**
     * The epoch's row of loss.csv written, the schedule told the monitored loss, the best updated (a new best:
     * kept in memory and written to best.safetensors); returns the row and the state after the epoch.
     */
    private EpochRecord recordEpoch(int epoch, EpochAccount account, Validation v, TrainerState state) {
        double trainLoss = account.meanLoss();
        double monitored = Double.isNaN(v.loss) ? trainLoss : v.loss;
        if (!Double.isFinite(monitored)) {
            throw new TrainingFailedException(String.format(Locale.ROOT, "training diverged: the validation "
                    + "loss became %s at epoch %d; try a lower {{lr}} (now %s)", fmt(monitored), epoch,
                    fmt(config.lr())));
        }
        TrainerState.Best best = state.best().after(epoch, monitored);
        double lr = schedule.lrForEpoch(epoch - 1);
        schedule.endEpoch(monitored);
        LossLog.Row row = new LossLog.Row(epoch, trainLoss, v.loss, lr, account.maxGradNorm(), account.seconds(),
                v.accuracy);
        writes.submit(() -> {
            try {
                lossLog.append(row);
            } catch (IOException e) {
                throw unwritable(lossLog.path(), e);
            }
        });
        TrainerState after = state.afterEpoch(epoch, streams(shuffleRng.state()), best);
        if (best.setBy(epoch)) {
            rememberBest();
            writeCheckpoint(run.best(), after);
        }
        return new EpochRecord(row, after, best.setBy(epoch));
    }

    /**
     * True when the patience is spent ({@code --early-stopping} epochs without a better monitored loss); the
     * best weights are then restored into the model, before the checkpoints of this epoch are written, so that
     * last.safetensors and the epoch checkpoint hold them too.
     */
    private boolean earlyStopping(TrainerState state) {
        if (config.earlyStopping() == 0 || state.best().epochsWithoutGain() < config.earlyStopping()) {
            return false;
        }
        restoreBest();
        return true;
    }

    private record EpochRecord(LossLog.Row row, TrainerState state, boolean improved) {
    }

    /**
     * The epoch checkpoint and last.safetensors, every {@code --checkpoint-every} epochs, at the last epoch, at
     * an early stop and when a stop signal is pending; then the old epoch checkpoints beyond {@code --keep} go.
     */
    private void writeCheckpoints(int epoch, TrainerState state, boolean stopEarly) {
        if (epoch % config.checkpointEvery() != 0 && epoch != config.epochs() && !stopEarly
                && stop.received() == null) {
            return;
        }
        writeCheckpoint(run.epochCheckpoint(epoch), state);
        writeCheckpoint(run.last(), state);
        writes.submit(() -> {
            try {
                run.pruneCheckpoints(config.keep());
            } catch (IOException e) {
                throw unwritable(run.root().resolve(RunDirectory.CHECKPOINTS), e);
            }
        });
    }

    /** The counters and generator states now, with the given shuffling state. */
    private TrainerState.Streams streams(long shuffleState) {
        return new TrainerState.Streams(optimizer.steps(), shuffleState, dropoutRng.state(), schedule.state());
    }

    private void truncateLossLog(int epochs) {
        try {
            lossLog.truncateAfter(epochs);
        } catch (IOException e) {
            throw unwritable(lossLog.path(), e);
        }
    }

    private TrainingFailedException diverged(int epoch, int b, TrainingStep.Result r) {
        writes.awaitIdle(); // the message names last.safetensors only once it is on disk
        return new TrainingFailedException(String.format(Locale.ROOT,
                "training diverged: the loss became %s at epoch %d, batch %d (gradient norm %s); the "
                        + "last good checkpoint is %s; try a lower {{lr}} (now %s) or a tighter "
                        + "{{clip_norm}} (now %s)", fmt(r.loss()), epoch, b, fmt(r.gradNorm()),
                Files.exists(run.last()) ? run.last() : "none (no epoch finished)", fmt(config.lr()),
                fmt(config.clipNorm())));
    }

    private static SequenceInput inputOf(Batch batch) {
        return TrainingStep.input(batch);
    }

    private TrainerState restore(Checkpoint c) {
        weightsVersion++;
        c.requireFinite(true, false);
        c.loadParameters(model.parameters());
        c.loadOptimizerState(optimizer.state());
        TrainerState s;
        try {
            s = TrainerState.fromMetadata(c.metadata());
            s.checkFits(trainBatches.batchesPerEpoch());
            schedule.setState(s.streams().schedule());
        } catch (IllegalArgumentException e) {
            throw new rnn.io.CheckpointException(c.path() + ": cannot resume from it: " + e.getMessage()
                    + "; resume from another checkpoint of the run");
        }
        optimizer.setSteps(s.streams().optimizerSteps());
        dropoutRng.setState(s.streams().dropoutState());
        if (elsewhere != null) {
            try {
                if (s.batch() > 0) {
                    throw new IllegalArgumentException("it was written in the middle of epoch " + (s.epoch() + 1)
                            + ", and data-parallel training resumes at an epoch's end");
                }
                elsewhere.restore(c.metadata());
            } catch (IllegalArgumentException e) {
                throw new rnn.io.CheckpointException(c.path() + ": cannot resume from it: " + e.getMessage()
                        + "; resume from an epoch checkpoint of the run (checkpoints/epoch-NNNN.safetensors)");
            }
        }
        if (stateful && s.batch() > 0) {
            restoreCarriedState(c);
        }
        if (s.bestEpoch() > 0 && Files.exists(run.best())) {
            // early stopping restores the best weights, which live in best.safetensors
            Checkpoint.read(run.best()).loadParameters(model.parameters());
            rememberBest();
            c.loadParameters(model.parameters());
        } else {
            rememberBest();
        }
        LOG.info("resuming from {}: {} epoch{} done{}", c.path(), s.epoch(), s.epoch() == 1 ? "" : "s",
                s.batch() > 0 ? ", " + s.batch() + " batches into epoch " + (s.epoch() + 1) : "");
        if (config.earlyStopping() > 0 && s.best().epochsWithoutGain() >= config.earlyStopping()) {
            LOG.info("resuming an early-stopped run: patience restarts ({} epochs)", config.earlyStopping());
            s = s.withBest(s.best().patienceRestarted());
        }
        return s;
    }

    /**
     * The state the interrupted batch ended in, for the next batch of a stateful run resumed mid-epoch.
     *
     * @throws rnn.io.CheckpointException the checkpoint has none, or one of another shape
     */
    private void restoreCarriedState(Checkpoint c) {
        Map<String, double[]> state = c.carriedState();
        try {
            model.restoreCarriedState(config.batchSize(), state);
        } catch (IllegalArgumentException e) {
            throw new rnn.io.CheckpointException(c.path() + ": cannot resume {{stateful}} from it mid-epoch: "
                    + (state.isEmpty() ? "it holds no carried state (" + Checkpoint.CARRIED_STATE_PREFIX
                    + "* tensors; written without {{stateful}}?)" : e.getMessage() + " (of " + config.batchSize()
                    + " streams)") + "; resume with the run's own {{batch_size}} and {{stateful}}, or from an "
                    + "epoch checkpoint");
        }
    }

    private record Validation(double loss, double accuracy) {
    }

    /** Loss (and accuracy for classification) on the validation examples; NaN without validation data. */
    private Validation validate() {
        if (valBatches == null) {
            return new Validation(Double.NaN, Double.NaN);
        }
        Loss loss = config.loss();
        Batch batch = valBatch;
        BatchIterator it = valBatches;
        it.startEpoch();
        double sum = 0;
        double rows = 0;
        double correct = 0;
        int outputs = model.spec().outputs();
        boolean first = true;
        while (it.next(batch)) {
            SequenceInput in = inputOf(batch);
            double[] pred = model.forward(in, false, stateful && !first);
            first = false;
            int n = model.predictionRows(in);
            double[] w = model.spec().output() == OutputMode.SEQUENCE ? batch.mask() : null;
            double real = 0;
            for (int r = 0; r < n; r++) {
                real += w == null ? 1 : w[r];
            }
            if (real == 0) {
                continue;
            }
            sum += loss.evaluate(pred, batch.targets(), w, n, outputs, null) * real;
            rows += real;
            if (loss.isClassification()) {
                for (int r = 0; r < n; r++) {
                    if (w != null && w[r] == 0) {
                        continue;
                    }
                    int arg = 0;
                    for (int j = 1; j < outputs; j++) {
                        if (pred[r * outputs + j] > pred[r * outputs + arg]) {
                            arg = j;
                        }
                    }
                    correct += arg == (int) batch.targets()[r] ? 1 : 0;
                }
            }
        }
        return new Validation(rows == 0 ? Double.NaN : sum / rows,
                loss.isClassification() && rows > 0 ? correct / rows : Double.NaN);
    }

    /** The schema's statistics as the tensors of checkpoint format 3 (the metadata's schema leaves them out). */
    private static List<SafeTensors.Tensor> schemaTensors(Scaling scaling) {
        return List.of(statsTensor(Checkpoint.FEATURE_STATS, scaling.featureStats()),
                statsTensor(Checkpoint.TARGET_STATS, scaling.targetStats()));
    }

    private static SafeTensors.Tensor statsTensor(String name, List<ColumnStats> stats) {
        return new SafeTensors.Tensor(name, new long[] {stats.size(), ColumnStats.FIELDS}, Scaling.table(stats));
    }

    /**
     * Writes the model and {@code state} to {@code path}, on the writer thread ({@link #writes}) from a snapshot
     * taken now; when the file written last holds exactly these bytes (the same state object and no weight
     * changed since: best.safetensors, then the epoch's checkpoint and last.safetensors at the end of an epoch),
     * links {@code path} to it instead ({@link AtomicFiles#link}): one write and one sync to disk per epoch instead
     * of up to three. The snapshot stays with {@link #lastWritten}, so that a file removed meanwhile is written
     * again rather than lost.
     */
    private void writeCheckpoint(Path path, TrainerState state) {
        Checkpoint.Snapshot snapshot;
        Path source;
        if (lastWritten != null && lastWritten.state() == state && lastWritten.weightsVersion() == weightsVersion) {
            snapshot = lastWritten.snapshot();
            source = lastWritten.path();
        } else {
            Map<String, String> meta = new LinkedHashMap<>(runMetadata);
            meta.putAll(state.toMetadata());
            meta.put("epoch", Integer.toString(state.epoch()));
            meta.put("step", Long.toString(state.streams().optimizerSteps()));
            meta.put("best_val_loss", Double.toString(state.bestLoss()));
            if (elsewhere != null) {
                meta.putAll(elsewhere.metadata());
            }
            snapshot = Checkpoint.snapshot(model.parameters(), optimizer.state(), withCarriedState(state), meta);
            source = null;
        }
        writes.submit(() -> {
            try {
                if (source != null && Files.isRegularFile(source)) {
                    AtomicFiles.link(source, path);
                } else {
                    snapshot.writeTo(path);
                }
            } catch (IOException e) {
                throw unwritable(path, e);
            }
        });
        lastWritten = new Written(path, state, weightsVersion, snapshot);
    }

    /**
     * The schema's tensors, and in a stateful run's mid-epoch checkpoint the state the next batch starts from
     * ({@code state.h_l0} [B, H], ...).
     */
    private List<SafeTensors.Tensor> withCarriedState(TrainerState state) {
        if (!stateful || state.batch() == 0) {
            return schemaTensors;
        }
        List<SafeTensors.Tensor> tensors = new ArrayList<>(schemaTensors);
        Map<String, int[]> shapes = model.carriedStateShapes(config.batchSize());
        for (Map.Entry<String, double[]> e : model.carriedState().entrySet()) {
            int[] shape = shapes.get(e.getKey());
            tensors.add(new SafeTensors.Tensor(Checkpoint.CARRIED_STATE_PREFIX + e.getKey(),
                    new long[] {shape[0], shape[1]}, e.getValue()));
        }
        return tensors;
    }

    /**
     * A checkpoint file as written (or queued): the state it holds, the weights' version ({@link #weightsVersion})
     * and its snapshot.
     */
    private record Written(Path path, TrainerState state, long weightsVersion, Checkpoint.Snapshot snapshot) {
    }

    private String plotTitle() {
        return config.cell().name().toLowerCase(Locale.ROOT) + " " + java.util.Arrays.toString(config.hidden())
                + " — " + data.report().file();
    }

    /** The rows of loss.csv a resumed run keeps (none for a new run or without a plot). */
    private List<LossLog.Row> earlierRows() {
        if (config.plot() == LossPlot.Format.NONE) {
            return List.of();
        }
        try {
            return lossLog.read();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read {} for the plot: {}", lossLog.path(), e.getMessage());
            return List.of();
        }
    }

    private void rememberBest() {
        bestWeights.clear();
        for (Param p : model.parameters()) {
            bestWeights.add(p.value.data.clone());
        }
    }

    private void restoreBest() {
        weightsVersion++;
        int k = 0;
        for (Param p : model.parameters()) {
            System.arraycopy(bestWeights.get(k++), 0, p.value.data, 0, p.size());
        }
    }

    private static RunDirectoryException unwritable(Path path, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() == null && f.getFile() != null) {
            // these name only the file: say what happened to it
            String what = e instanceof java.nio.file.DirectoryNotEmptyException ? "a directory that is not empty"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e.getClass().getSimpleName();
            reason = what + ": " + f.getFile();
        }
        if (reason.contains("No space left")) {
            reason = "the disk is full";
        }
        return new RunDirectoryException(4, path + ": cannot write (" + reason + "); earlier files of the run are "
                + "intact; free space or choose another {{out}}, then {{resume}}");
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity")
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
