package rnn.cli;

import java.nio.file.Path;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import rnn.io.LossLog;
import rnn.train.StopSignal;
import rnn.train.TrainingListener;

/**
 * What a person watching sees: on an interactive terminal a progress bar per epoch (batches, running loss,
 * samples/s, ETA) that gives way to the epoch's log line when the epoch ends; elsewhere (CI, nohup, redirected
 * stderr) only the log line, one per epoch, with no carriage returns.
 */
final class EpochProgress implements TrainingListener {

    private static final Logger LOG = LogManager.getLogger(EpochProgress.class);

    private final boolean bar;
    private final boolean epochLines;
    private ProgressBar current;

    /**
     * @param bar        a progress bar per epoch (an interactive terminal)
     * @param epochLines a log line per epoch (not with {@code --quiet}); a stop is always logged
     */
    EpochProgress(boolean bar, boolean epochLines) {
        this.bar = bar;
        this.epochLines = epochLines;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches, int samples) {
        if (!bar) {
            return;
        }
        current = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(samples).setUnit(" samples", 1).showSpeed().setUpdateIntervalMillis(250)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).clearDisplayOnFinish()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void batchDone(int epoch, int batch, int samplesDone, double runningLoss) {
        if (current != null) {
            current.stepTo(samplesDone);
            current.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", runningLoss));
        }
    }

    @Override
    public void epochDone(LossLog.Row row, boolean best) {
        if (current != null) {
            current.close();
            current = null;
        }
        if (!epochLines) {
            return;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %d: train %.5g", row.epoch(),
                row.trainLoss()));
        if (!Double.isNaN(row.valLoss())) {
            b.append(String.format(Locale.ROOT, ", validation %.5g", row.valLoss()));
        }
        if (!Double.isNaN(row.valAccuracy())) {
            b.append(String.format(Locale.ROOT, ", accuracy %.4f", row.valAccuracy()));
        }
        b.append(String.format(Locale.ROOT, ", lr %.3g, grad norm %.3g, %.1fs", row.lr(), row.gradNorm(),
                row.seconds()));
        if (best) {
            b.append(" (best)");
        }
        LOG.info("{}", b);
    }

    @Override
    public void stopped(StopSignal.Received signal, int epoch, int batch, int batches, Path run) {
        if (batch < batches) {
            LOG.warn("{}: stopped during epoch {} after batch {} of {}; resume with --resume {}", signal.name(),
                    epoch, batch, batches, run);
        } else {
            LOG.warn("{}: stopped after epoch {}; resume with --resume {}", signal.name(), epoch, run);
        }
    }
}
