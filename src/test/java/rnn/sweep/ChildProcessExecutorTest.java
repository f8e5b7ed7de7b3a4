package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * An attempt whose caller is interrupted (a Spark task cancelled when the sweep stops) stops its child with
     * SIGTERM rather than leaving it running.
     */
    @Test
    void anInterruptedAttemptStopsItsChild() throws Exception {
        Path pidFile = dir.resolve("pid");
        // stands in for java: writes its pid, then waits until a signal ends it (TERM: exit 143, as rnn does)
        List<String> fake = List.of("bash", "-c", "echo $$ > " + pidFile + "; trap 'exit 143' TERM; "
                + "while true; do sleep 0.1; done", "fake-java");
        AtomicReference<TrialExecutor.Result> result = new AtomicReference<>();
        try (ChildProcessExecutor executor = new ChildProcessExecutor(fake)) {
            Thread caller = new Thread(() -> result.set(executor.run(new TrialExecutor.Launch(new Trial(0, Map.of()),
                    List.of("--epochs", "1"), dir.resolve("logs/trial-000.log")))));
            caller.start();
            long deadline = System.nanoTime() + 60_000_000_000L; // a bound against hanging, not a speed check
            while (!(Files.exists(pidFile) && Files.size(pidFile) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            caller.interrupt();
            caller.join(60_000);
            assertEquals(130, result.get().exitCode());
            assertEquals("interrupted", result.get().error());
            assertEquals(false, ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                    "the child was left running");
        }
    }
}
