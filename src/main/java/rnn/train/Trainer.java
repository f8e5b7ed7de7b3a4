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
import rnn.data.Dataset;
import rnn.data.LoadedData;
import rnn.io.Checkpoint;
import rnn.io.LossLog;
import rnn.io.LossPlot;
import rnn.io.RunDirectory;
import rnn.io.RunDirectoryException;
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
 * {@code loss.csv} rows flushed every epoch, the plot redrawn, checkpoints every N epochs (the last K kept),
 * {@code best} and {@code last}. A SIGINT/SIGTERM ends the run after the current batch with a checkpoint from
 * which {@code --resume} continues bit for bit.
 *
 * <p>Random streams, all from {@code --seed}: initialisation, shuffling and dropout are three generators split
 * from one; their states are in every checkpoint.
 */
public final class Trainer {

    private static final Logger LOG = LogManager.getLogger(Trainer.class);

    /** How a run ended. */
    public record Outcome(int epochs, double trainLoss, double valLoss, double valAccuracy, double bestLoss,
                          int bestEpoch, double seconds, double samplesPerSecond, boolean earlyStopped,
                          StopSignal.Received interrupted, long parameters) {
    }

    private final TrainConfig config;
    private final LoadedData data;
    private final RunDirectory run;
    private final Map<String, String> runMetadata;
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
    private final List<double[]> bestWeights = new ArrayList<>();
    /** Validation batches in file order, allocated once (null without validation data). */
    private final Batch valBatch;
    private final BatchIterator valBatches;

    /**
     * @param runMetadata what every checkpoint records besides the trainer state: config and schema JSON, input
     *                    checksum, tool version
     */
    public Trainer(TrainConfig config, LoadedData data, RunDirectory run, Map<String, String> runMetadata,
                   TrainingListener listener, StopSignal stop) {
        this.config = config;
        this.data = data;
        this.run = run;
        this.runMetadata = new LinkedHashMap<>(runMetadata);
        this.listener = listener;
        this.stop = stop;
        ModelSpec spec = modelSpec(config, data.train());
        this.compute = new Compute(config.threads() == 0 ? Compute.defaultThreads(spec, config.batchSize())
                : config.threads(), rnn.nn.Precision.HOT_PATH);
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
        Dataset val = data.validation();
        boolean validates = val != null && val.size() > 0;
        this.valBatch = validates ? val.newBatch(config.batchSize()) : null;
        this.valBatches = validates ? val.batches(config.batchSize(), null) : null;
    }

    /** The model's architecture for a configuration and the data it trains on. */
    public static ModelSpec modelSpec(TrainConfig c, Dataset train) {
        return new ModelSpec(c.cell(), c.activation(), c.gruVariant(), train.inputs(), c.hidden(), train.outputs(),
                c.output(), c.dropout());
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
        try {
            return loop(resume);
        } finally {
            compute.close();
        }
    }

    private Outcome loop(Checkpoint resume) {
        Dataset train = data.train();
        Batch batch = train.newBatch(config.batchSize());
        BatchIterator batches = train.batches(config.batchSize(), shuffleRng);
        TrainerState state = resume == null ? freshState() : restore(resume);
        try {
            lossLog.truncateAfter(state.epoch());
        } catch (IOException e) {
            throw unwritable(lossLog.path(), e);
        }
        long startNanos = System.nanoTime();
        double trainedSamples = 0;
        double trainSeconds = 0;
        double lastTrain = Double.NaN;
        double lastVal = Double.NaN;
        double lastAcc = Double.NaN;
        boolean earlyStopped = false;
        StopSignal.Received interrupted = null;

        for (int epoch = state.epoch() + 1; epoch <= config.epochs(); epoch++) {
            int skip = state.batch();
            shuffleRng.setState(state.shuffleState());
            batches.startEpoch();
            double lr = schedule.lrForEpoch(epoch - 1);
            double lossSum = state.lossSum();
            double lossRows = state.lossRows();
            double maxNorm = state.maxGradNorm();
            double epochSeconds = state.seconds();
            listener.epochStarted(epoch, config.epochs(), batches.batchesPerEpoch(), train.size());
            int b = 0;
            long t0 = System.nanoTime();
            while (batches.next(batch)) {
                b++;
                if (b <= skip) {
                    continue;
                }
                SequenceInput in = new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(), batch.steps(),
                        batch.inputs());
                TrainingStep.Result r = step.run(in, batch.targets(), lr);
                if (!r.finite()) {
                    throw new TrainingFailedException(String.format(Locale.ROOT,
                            "training diverged: the loss became %s at epoch %d, batch %d (gradient norm %s); the "
                                    + "last good checkpoint is %s; try a lower --lr (now %s) or a tighter "
                                    + "--clip-norm (now %s)", fmt(r.loss()), epoch, b, fmt(r.gradNorm()),
                            Files.exists(run.last()) ? run.last() : "none (no epoch finished)", fmt(config.lr()),
                            fmt(config.clipNorm())));
                }
                double rows = batch.size();
                lossSum += r.loss() * rows;
                lossRows += rows;
                maxNorm = Math.max(maxNorm, r.gradNorm());
                trainedSamples += rows;
                listener.batchDone(epoch, b, (int) lossRows, lossSum / lossRows);
                StopSignal.Received signal = stop.received();
                if (signal != null && b < batches.batchesPerEpoch()) {
                    double spent = epochSeconds + (System.nanoTime() - t0) / 1e9;
                    trainSeconds += (System.nanoTime() - t0) / 1e9;
                    TrainerState mid = new TrainerState(epoch - 1, b, optimizer.steps(), state.shuffleState(),
                            dropoutRng.state(), schedule.state(), state.bestLoss(), state.bestEpoch(),
                            state.epochsWithoutGain(), lossSum, lossRows, maxNorm, spent);
                    writeCheckpoint(run.last(), mid);
                    LOG.warn("{}: stopped during epoch {} after batch {} of {}; resume with --resume {}",
                            signal.name(), epoch, b, batches.batchesPerEpoch(), run.root());
                    interrupted = signal;
                    break;
                }
            }
            if (interrupted != null) {
                break;
            }
            double seconds = epochSeconds + (System.nanoTime() - t0) / 1e9;
            trainSeconds += (System.nanoTime() - t0) / 1e9;
            double trainLoss = lossSum / lossRows;
            Validation v = validate();
            double monitored = Double.isNaN(v.loss) ? trainLoss : v.loss;
            if (!Double.isFinite(monitored)) {
                throw new TrainingFailedException(String.format(Locale.ROOT, "training diverged: the validation "
                        + "loss became %s at epoch %d; try a lower --lr (now %s)", fmt(monitored), epoch,
                        fmt(config.lr())));
            }
            boolean improved = monitored < state.bestLoss();
            int bestEpoch = improved ? epoch : state.bestEpoch();
            double bestLoss = improved ? monitored : state.bestLoss();
            int withoutGain = improved ? 0 : state.epochsWithoutGain() + 1;
            schedule.endEpoch(monitored);
            LossLog.Row row = new LossLog.Row(epoch, trainLoss, v.loss, lr, maxNorm, seconds, v.accuracy);
            try {
                lossLog.append(row);
            } catch (IOException e) {
                throw unwritable(lossLog.path(), e);
            }
            state = new TrainerState(epoch, 0, optimizer.steps(), shuffleRng.state(), dropoutRng.state(),
                    schedule.state(), bestLoss, bestEpoch, withoutGain, 0, 0, 0, 0);
            if (improved) {
                rememberBest();
                writeCheckpoint(run.best(), state);
            }
            boolean stopEarly = config.earlyStopping() > 0 && withoutGain >= config.earlyStopping();
            if (epoch % config.checkpointEvery() == 0 || epoch == config.epochs() || stopEarly
                    || stop.received() != null) {
                writeCheckpoint(run.epochCheckpoint(epoch), state);
                writeCheckpoint(run.last(), state);
                try {
                    run.pruneCheckpoints(config.keep());
                } catch (IOException e) {
                    throw unwritable(run.root().resolve(RunDirectory.CHECKPOINTS), e);
                }
            }
            drawPlot();
            listener.epochDone(row, improved);
            lastTrain = trainLoss;
            lastVal = v.loss;
            lastAcc = v.accuracy;
            if (stopEarly) {
                LOG.info("early stopping: no better {} loss for {} epochs; restoring the weights of epoch {}",
                        Double.isNaN(v.loss) ? "training" : "validation", withoutGain, bestEpoch);
                restoreBest();
                earlyStopped = true;
                break;
            }
            StopSignal.Received signal = stop.received();
            if (signal != null && epoch < config.epochs()) {
                LOG.warn("{}: stopped after epoch {}; resume with --resume {}", signal.name(), epoch, run.root());
                interrupted = signal;
                break;
            }
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return new Outcome(state.epoch(), lastTrain, lastVal, lastAcc, state.bestLoss(), state.bestEpoch(), wall,
                trainSeconds > 0 ? trainedSamples / trainSeconds : 0, earlyStopped, interrupted,
                model.parameters().count());
    }

    private TrainerState freshState() {
        return new TrainerState(0, 0, 0, shuffleRng.state(), dropoutRng.state(), schedule.state(),
                Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0);
    }

    private TrainerState restore(Checkpoint c) {
        c.loadParameters(model.parameters());
        c.loadOptimizerState(optimizer.state());
        TrainerState s;
        try {
            s = TrainerState.fromMetadata(c.metadata());
        } catch (IllegalArgumentException e) {
            throw new rnn.io.CheckpointException(c.path() + ": cannot resume from it: " + e.getMessage());
        }
        optimizer.setSteps(s.optimizerSteps());
        schedule.setState(s.schedule());
        dropoutRng.setState(s.dropoutState());
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
        return s;
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
        while (it.next(batch)) {
            SequenceInput in = new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(), batch.steps(),
                    batch.inputs());
            double[] pred = model.forward(in, false, false);
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

    private void writeCheckpoint(Path path, TrainerState state) {
        Map<String, String> meta = new LinkedHashMap<>(runMetadata);
        meta.putAll(state.toMetadata());
        meta.put("epoch", Integer.toString(state.epoch()));
        meta.put("step", Long.toString(state.optimizerSteps()));
        meta.put("best_val_loss", Double.toString(state.bestLoss()));
        try {
            Checkpoint.write(path, model.parameters(), optimizer.state(), meta);
        } catch (IOException e) {
            throw unwritable(path, e);
        }
    }

    private void drawPlot() {
        if (config.plot() == LossPlot.Format.NONE) {
            return;
        }
        try {
            LossPlot.draw(run.root(), lossLog.read(), config.cell().name().toLowerCase(Locale.ROOT) + " "
                    + java.util.Arrays.toString(config.hidden()) + " — " + data.report().file(), config.plot());
        } catch (IOException | RuntimeException e) {
            // a plot is a convenience: a failure to draw it is logged, never fatal
            LOG.warn("could not draw {}: {}", LossPlot.file(run.root(), config.plot()), e.getMessage());
        }
    }

    private void rememberBest() {
        bestWeights.clear();
        for (Param p : model.parameters()) {
            bestWeights.add(p.value.data.clone());
        }
    }

    private void restoreBest() {
        int k = 0;
        for (Param p : model.parameters()) {
            System.arraycopy(bestWeights.get(k++), 0, p.value.data, 0, p.size());
        }
    }

    private static RunDirectoryException unwritable(Path path, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("No space left")) {
            reason = "the disk is full";
        }
        return new RunDirectoryException(4, path + ": cannot write (" + reason + "); earlier files of the run are "
                + "intact; free space or choose another --out, then --resume");
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity")
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
