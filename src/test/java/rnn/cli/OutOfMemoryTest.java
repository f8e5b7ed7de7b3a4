package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The one line of an out-of-memory error: what ran out, the heap, the figure needed when known, the fix. */
class OutOfMemoryTest {

    @Test
    void withTheEstimateOfTheRun() {
        // needed 300 MB > 2 × 128 MiB: -Xmx from 300 MB + a quarter = 375 MB = 357.6 MiB → 358m
        assertEquals("out of memory (Java heap space): the JVM may use 134.2 MB, and training was estimated to need "
                + "about 300.0 MB; give Java more memory (RNN_JAVA_OPTS=-Xmx358m scripts/rnn ...), or use a smaller "
                + "model (--hidden, --batch-size, --window) or less data",
                OutOfMemory.line(new OutOfMemoryError("Java heap space"), 128L << 20, 300_000_000L));
    }

    @Test
    void withoutAnEstimateTwiceTheHeap() {
        // 2 × 1 GiB + a quarter = 2.5 GiB → 3g
        assertEquals("out of memory (unable to create native thread): the JVM may use 1.1 GB; give Java more "
                + "memory (RNN_JAVA_OPTS=-Xmx3g scripts/rnn ...), or use a smaller model (--hidden, --batch-size, "
                + "--window) or less data",
                OutOfMemory.line(new OutOfMemoryError("unable to create native thread"), 1L << 30, 0));
    }

    @Test
    void foundAmongTheCauses() {
        OutOfMemoryError oom = new OutOfMemoryError();
        assertSame(oom, OutOfMemory.find(new IllegalStateException("wrapped", new RuntimeException(oom))));
        assertNull(OutOfMemory.find(new IllegalStateException("no")));
    }
}
