package rnn.io;

import java.nio.file.Path;

/**
 * A child process for {@link RunDirectoryClaimTest}: locks the run directory {@code args[0]}, prints "locked",
 * and holds the lock until its standard input closes.
 */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the parent closes the pipe
            }
        }
    }
}
