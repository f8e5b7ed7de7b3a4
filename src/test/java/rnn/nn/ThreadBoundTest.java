package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A compute instance takes at most 4 threads per processor: more only wait for each other. */
class ThreadBoundTest {

    @Test
    void atMostFourThreadsPerProcessor() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(4 * cores, Compute.maxThreads());
        try (Compute c = new Compute(Compute.maxThreads())) {
            assertEquals(4 * cores, c.threads());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Compute(Compute.maxThreads() + 1));
        assertEquals("threads: expected 1 to " + 4 * cores + " (4 per processor), got " + (4 * cores + 1),
                e.getMessage());
    }
}
