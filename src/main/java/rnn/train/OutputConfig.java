package rnn.train;

import java.nio.file.Path;
import java.util.Objects;

import rnn.io.LossPlot;

/**
 * What a run writes, and where (DESIGN §4).
 *
 * @param out             the run directory ({@code null} until the command line chooses one)
 * @param checkpointEvery write a checkpoint every N epochs, ≥ 1
 * @param keep            keep the last K epoch checkpoints (plus best and last), ≥ 1
 * @param plot            loss plot format
 */
public record OutputConfig(Path out, int checkpointEvery, int keep, LossPlot.Format plot) {

    public static final int DEFAULT_CHECKPOINT_EVERY = 1;
    public static final int DEFAULT_KEEP = 3;

    public OutputConfig {
        Objects.requireNonNull(plot, "plot");
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery: expected a positive integer, got " + checkpointEvery);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep: expected a positive integer, got " + keep);
        }
    }

    /** A copy writing into {@code dir}. */
    public OutputConfig withOut(Path dir) {
        return new OutputConfig(dir, checkpointEvery, keep, plot);
    }
}
