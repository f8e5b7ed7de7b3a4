package rnn.train;

import java.nio.file.Path;

import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;

/**
 * Every resolved option of {@code rnn train} but the data options, immutable: the architecture, how it trains and
 * what the run writes. The accessors below delegate to the parts, so the trainer reads {@code config.lr()}.
 *
 * @param model    the architecture
 * @param training how it trains
 * @param files    what the run writes, and where
 */
public record TrainConfig(ModelConfig model, TrainingConfig training, OutputConfig files) {

    public TrainConfig {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(training, "training");
        java.util.Objects.requireNonNull(files, "files");
    }

    public CellType cell() {
        return model.cell();
    }

    /** Layer sizes, bottom first (a copy). */
    public int[] hidden() {
        return model.hidden();
    }

    public Activation activation() {
        return model.activation();
    }

    public GruVariant gruVariant() {
        return model.gruVariant();
    }

    public double dropout() {
        return model.dropout();
    }

    /** Every layer runs forward and reversed over each sequence. */
    public boolean bidirectional() {
        return model.bidirectional();
    }

    /** Head on the last step or on every step. */
    public OutputMode output() {
        return model.output();
    }

    public int epochs() {
        return training.epochs();
    }

    public int batchSize() {
        return training.batchSize();
    }

    public double lr() {
        return training.lr();
    }

    public OptimizerSettings optimizer() {
        return training.optimizer();
    }

    public double clipNorm() {
        return training.clipNorm();
    }

    public double clipValue() {
        return training.clipValue();
    }

    public int tbptt() {
        return training.tbptt();
    }

    public String lrSchedule() {
        return training.lrSchedule();
    }

    public int earlyStopping() {
        return training.earlyStopping();
    }

    public Loss loss() {
        return training.loss();
    }

    public long seed() {
        return training.seed();
    }

    public int threads() {
        return training.threads();
    }

    public Path out() {
        return files.out();
    }

    public int checkpointEvery() {
        return files.checkpointEvery();
    }

    public int keep() {
        return files.keep();
    }

    public LossPlot.Format plot() {
        return files.plot();
    }
}
