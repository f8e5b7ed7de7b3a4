package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.CheckpointException;

/** RUN|FILE: a run directory means its best (predict, eval, inspect) or last (train --resume) checkpoint. */
class RunOrCheckpointTest {

    @TempDir
    Path run;

    @Test
    void aRunDirectoryMeansItsBestOrLastCheckpoint() throws IOException {
        Files.writeString(run.resolve("best.safetensors"), "");
        Files.writeString(run.resolve("last.safetensors"), "");
        assertEquals(run.resolve("best.safetensors"), RunOrCheckpoint.best(run));
        assertEquals(run.resolve("last.safetensors"), RunOrCheckpoint.last(run));
    }

    @Test
    void aFileOrAMissingPathStandsForItself() {
        Path file = run.resolve("checkpoints/epoch-0003.safetensors");
        assertEquals(file, RunOrCheckpoint.best(file));
        assertEquals(file, RunOrCheckpoint.last(file));
    }

    @Test
    void aRunWithoutTheCheckpointIsAModelError() {
        CheckpointException best = assertThrows(CheckpointException.class, () -> RunOrCheckpoint.best(run));
        assertEquals(run + ": has no best.safetensors; is it a run directory of rnn train that finished at least one "
                + "epoch? (or name a checkpoint file)", best.getMessage());
        assertEquals(ExitCodes.MODEL_OR_IO, best.exitCode());
        CheckpointException last = assertThrows(CheckpointException.class, () -> RunOrCheckpoint.last(run));
        assertEquals(run + ": has no last.safetensors; is it a run directory of rnn train that finished at least one "
                + "checkpoint?", last.getMessage());
    }
}
