package rnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive right of one process to write into a run directory: an operating-system lock
 * ({@link FileChannel#tryLock()}) on {@code RUN/}{@value #FILE_NAME}, which holds the holder's PID, host and start
 * time so that a refused run can name it. The lock ends with the process (a crash or {@code kill -9} included):
 * the file may stay, but only a held lock counts.
 *
 * <p>POSIX locks belong to the process, and closing any channel of the file releases them, so this JVM keeps its
 * own set of the lock files it holds and never opens a second channel to one of them.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file inside the run directory. */
    public static final String FILE_NAME = ".rnn.lock";

    private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks the existing directory {@code dir} for this process.
     *
     * @throws RunDirectoryException exit code 4 when another run holds it (naming the holder), or the lock
     *                               file cannot be created
     * @throws IOException           the lock file cannot be opened
     */
    static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME).toAbsolutePath().normalize();
        Path key = dir.toRealPath().resolve(FILE_NAME);
        if (!HELD_BY_THIS_JVM.add(key)) {
            throw inUse(dir, holder(ProcessHandle.current().pid()) + " (this process)");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String who = readHolder(ch);
                throw inUse(dir, who.isEmpty() ? "another process (it has not written its name yet)" : who);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((holder(ProcessHandle.current().pid()) + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            RunLock held = new RunLock(key, ch, lock);
            ch = null;
            return held;
        } finally {
            if (ch != null) {
                HELD_BY_THIS_JVM.remove(key);
                ch.close();
            }
        }
    }

    /** Releases the lock (the file stays, empty). Never fails. */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases the lock all the same
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the process's lock ends with the channel or, at worst, with the process
            }
            HELD_BY_THIS_JVM.remove(file);
        }
    }

    private static RunDirectoryException inUse(Path dir, String who) {
        return new RunDirectoryException(4, dir + ": another rnn run is writing into this run directory: " + who
                + "; wait for it to finish, or write elsewhere with {{out}}");
    }

    /** {@code pid 4242 on host lab1 since 2026-11-29T18:00:00Z}. */
    private static String holder(long pid) {
        return "pid " + pid + " on host " + hostName() + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String readHolder(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
            // reads what the holder wrote (a line)
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    }

    /** The host name without a network lookup (which may hang where name resolution is broken). */
    static String hostName() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                return Files.readString(proc, StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown" : env;
    }
}
