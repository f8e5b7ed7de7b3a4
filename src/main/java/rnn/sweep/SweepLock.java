package rnn.sweep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The right to update a sweep's shared files ({@code sweep.json}, {@code leaderboard.*}): an operating-system lock
 * on {@code DIR/}{@value #FILE_NAME} that waits for its holder (many array tasks may finish at once), and inside
 * this JVM a lock per directory first (POSIX locks belong to the process, so two threads would not exclude each
 * other by the file alone). Held for short updates only; trials run outside it (each trial's run directory has its
 * own {@code RunLock}).
 */
public final class SweepLock implements AutoCloseable {

    /** The lock file inside the sweep's directory. */
    public static final String FILE_NAME = ".sweep.lock";

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock lock;

    private SweepLock(ReentrantLock jvmLock, FileChannel channel, FileLock lock) {
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for and takes the lock of {@code dir} (created if missing).
     *
     * @throws SweepException exit code 4 when the directory or the lock file cannot be created
     */
    public static SweepLock acquire(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        ReentrantLock jvm = IN_THIS_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        jvm.lock();
        FileChannel ch = null;
        try {
            Files.createDirectories(key);
            ch = FileChannel.open(key.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new SweepLock(jvm, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            jvm.unlock();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw SweepException.io("{{out}} " + dir + ": cannot lock the sweep's directory (" + e.getMessage()
                    + "); choose a writable {{out}}");
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was locked
            }
        }
    }

    /** Releases the lock. Never fails. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it all the same
        } finally {
            closeQuietly(channel);
            jvmLock.unlock();
        }
    }
}
