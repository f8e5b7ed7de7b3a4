package rnn.io;

import java.nio.file.Path;

/**
 * A child process for the lock tests: locks the run directory {@code args[0]}, prints "locked" and holds the lock
 * until its standard input closes; or, when another process holds it, prints "refused: MESSAGE" and exits 4.
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        RunLock lock;
        try {
            lock = RunLock.acquire(Path.of(args[0]));
        } catch (RunDirectoryException e) {
            System.out.println("refused: " + e.getMessage());
            System.out.flush();
            System.exit(e.exitCode());
            return;
        }
        try (lock) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the parent closes the pipe
            }
        }
    }

    /** Starts the holder for {@code dir} (stderr discarded). */
    public static Process start(Path dir) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(),
                dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
