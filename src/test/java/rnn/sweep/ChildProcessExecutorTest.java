package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessExecutorTest {

    @TempDir
    Path dir;

    @Test
    void theErrorLineIsTheAttemptsLastOneEvenAfterAMegabyteOfOutput() throws IOException {
        Path log = dir.resolve("trial-000.log");
        StringBuilder earlier = new StringBuilder("error: an earlier attempt's error\n");
        long start = earlier.length();
        StringBuilder text = new StringBuilder(earlier);
        for (int i = 0; i < 20_000; i++) {
            text.append("epoch ").append(i).append(": train 0.5, validation 0.4, lr 0.00100, grad norm 1.0\n");
        }
        text.append("error: training diverged: the loss became NaN at epoch 3 (see 'rnn train --help')\n");
        Files.writeString(log, text, StandardCharsets.UTF_8);
        assertEquals("training diverged: the loss became NaN at epoch 3", ChildProcessExecutor.errorLine(log, start));
    }

    @Test
    void onlyWhatTheAttemptWroteIsSearched() throws IOException {
        Path log = dir.resolve("trial-001.log");
        String earlier = "rnn: --lr: expected a positive number, got 0\n";
        Files.writeString(log, earlier + "epoch 1: train 0.5\n", StandardCharsets.UTF_8);
        assertNull(ChildProcessExecutor.errorLine(log, earlier.length()));
        assertEquals("--lr: expected a positive number, got 0", ChildProcessExecutor.errorLine(log, 0));
        assertNull(ChildProcessExecutor.errorLine(dir.resolve("missing.log"), 0));
    }
}
