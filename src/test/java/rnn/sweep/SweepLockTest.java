package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second holder of a sweep's lock waits for the first to release it (array tasks finishing at once). */
class SweepLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderWaitsForTheFirst() throws Exception {
        AtomicBoolean released = new AtomicBoolean();
        Thread[] waiter = new Thread[1];
        CompletableFuture<Boolean> second;
        try (SweepLock first = SweepLock.acquire(dir)) {
            second = new CompletableFuture<>();
            waiter[0] = new Thread(() -> {
                try (SweepLock l = SweepLock.acquire(dir)) {
                    second.complete(released.get());
                } catch (RuntimeException e) {
                    second.completeExceptionally(e);
                }
            }, "second-holder");
            waiter[0].start();
            // wait (polling its state, with a generous guard) until the second holder is parked on the lock
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waiter[0].getState() != Thread.State.WAITING && !second.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            released.set(true);
        }
        assertTrue(second.get(30, TimeUnit.SECONDS), "the second holder got the lock only after the first let go");
        waiter[0].join();
        assertEquals(Thread.State.TERMINATED, waiter[0].getState());
    }
}
