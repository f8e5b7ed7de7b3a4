package rnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import rnn.io.CheckpointException;
import rnn.io.RunDirectory;

/**
 * A {@code RUN|FILE} argument: a run directory of {@code rnn train} stands for one of its checkpoints, anything
 * else for itself (the checkpoint reader reports a missing or bad file). A run directory without that checkpoint is
 * a {@link CheckpointException} (exit 4) naming the directory.
 */
final class RunOrCheckpoint {

    private RunOrCheckpoint() {
    }

    /** The model of predict, eval and inspect: {@code RUN/best.safetensors}, the weights training kept as best. */
    static Path best(Path runOrFile) {
        return resolve(runOrFile, RunDirectory.BEST, "finished at least one epoch? (or name a checkpoint file)");
    }

    /** Where {@code train --resume} continues: {@code RUN/last.safetensors}. */
    static Path last(Path runOrFile) {
        return resolve(runOrFile, RunDirectory.LAST, "finished at least one checkpoint?");
    }

    private static Path resolve(Path runOrFile, String checkpoint, String question) {
        if (!Files.isDirectory(runOrFile)) {
            return runOrFile;
        }
        Path file = runOrFile.resolve(checkpoint);
        if (!Files.exists(file)) {
            throw new CheckpointException(runOrFile + ": has no " + checkpoint + "; is it a run directory of rnn train "
                    + "that " + question);
        }
        return file;
    }
}
