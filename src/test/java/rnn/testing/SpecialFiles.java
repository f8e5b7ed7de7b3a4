package rnn.testing;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Special files that tests create in their own temporary folders (never the machine's real devices). */
public final class SpecialFiles {

    private SpecialFiles() {
    }

    /**
     * Creates a FIFO (named pipe) at {@code path} with {@code mkfifo}; where the command is missing or fails, the
     * calling test is skipped through a JUnit assumption (only the assertions that need a FIFO, not a failure).
     */
    public static Path fifo(Path path) throws InterruptedException {
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", path.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is available");
        return path;
    }
}
