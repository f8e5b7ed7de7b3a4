package rnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class BackgroundWritesTest {

    @Test
    void writesRunInSubmissionOrderOnAnotherThreadAndDrainWaitsForAll() {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (BackgroundWrites w = new BackgroundWrites("test-writer", 2)) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                w.submit(() -> {
                    threads.add(Thread.currentThread().getName());
                    done.add(n);
                });
            }
            w.drain();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add(i);
            }
            assertEquals(expected, done);
            assertTrue(threads.stream().allMatch("test-writer"::equals), threads.toString());
        }
    }

    @Test
    void submitWaitsWhileTheQueueIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (BackgroundWrites w = new BackgroundWrites("test-writer", 1)) {
            w.submit(() -> {
                started.countDown();
                await(release);
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            w.submit(() -> { }); // queued: the queue holds one
            CountDownLatch thirdSubmitted = new CountDownLatch(1);
            Thread submitter = new Thread(() -> {
                w.submit(() -> { });
                thirdSubmitted.countDown();
            });
            submitter.start();
            // the third waits for room: the first write is blocked and the second fills the queue
            assertTrue(!thirdSubmitted.await(200, TimeUnit.MILLISECONDS), "submit did not wait for room");
            release.countDown();
            assertTrue(thirdSubmitted.await(30, TimeUnit.SECONDS));
            submitter.join();
            w.drain();
        }
    }

    @Test
    void theFirstFailureStopsLaterWritesAndIsThrownOnTheCallersThread() {
        RuntimeException full = new IllegalStateException("disk full");
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch release = new CountDownLatch(1);
        BackgroundWrites w = new BackgroundWrites("test-writer", 4);
        w.submit(() -> done.add(1));
        w.submit(() -> {
            await(release);
            throw full;
        });
        w.submit(() -> done.add(3)); // queued behind the failing write: never runs
        release.countDown();
        w.awaitIdle();
        assertSame(full, w.failure());
        RuntimeException thrown = assertThrows(IllegalStateException.class, w::drain);
        assertSame(full, thrown);
        assertSame(full, assertThrows(IllegalStateException.class, () -> w.submit(() -> done.add(4))));
        w.close();
        assertEquals(List.of(1), done);
    }

    @Test
    void closeWaitsForQueuedWritesWithoutThrowingAndRefusesMore() {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        BackgroundWrites w = new BackgroundWrites("test-writer", 8);
        for (int i = 0; i < 5; i++) {
            int n = i;
            w.submit(() -> {
                sleepQuietly();
                done.add(n);
            });
        }
        w.submit(() -> {
            throw new IllegalStateException("late failure");
        });
        w.close(); // no throw: the caller may be ending the run for another reason
        assertEquals(List.of(0, 1, 2, 3, 4), done);
        assertEquals("late failure", w.failure().getMessage());
        assertThrows(IllegalStateException.class, () -> w.submit(() -> { }));
    }

    @Test
    void nothingSubmittedStartsNoThread() {
        BackgroundWrites w = new BackgroundWrites("never-started", 1);
        w.drain();
        w.close();
        assertNull(w.failure());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("never-started")));
        assertThrows(IllegalArgumentException.class, () -> new BackgroundWrites("x", 0));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
