package rnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs {@code scripts/rnn} as a user does, after the jar is built: the JVM's incubator-module note (the vector
 * kernels need jdk.incubator.vector) never reaches stderr, and exit codes and messages pass through.
 */
class LauncherIT {

    @Test
    void versionPrintsNoWarning() throws Exception {
        ProcessRun first = ProcessRun.launcher("--version"); // the first run after a build also writes the archive
        ProcessRun r = ProcessRun.launcher("--version");
        for (ProcessRun run : new ProcessRun[] {first, r}) {
            assertEquals(0, run.code());
            assertTrue(run.out().startsWith("rnn " + System.getProperty("rnn.version") + "\n"), run.out());
            assertEquals("", run.err(), "nothing on stderr (no JVM notes)");
        }
    }

    @Test
    void usageErrorsKeepTheirMessageAndExitCode() throws Exception {
        ProcessRun r = ProcessRun.launcher("--no-such-flag");
        assertEquals(2, r.code());
        assertEquals("rnn: Unknown option: '--no-such-flag' (see 'rnn --help')\n", r.err());
        ProcessRun command = ProcessRun.launcher("trian");
        assertEquals(2, command.code());
        assertEquals("rnn: unknown command 'trian'; did you mean train? See 'rnn --help'.\n", command.err());
        assertEquals("", command.out());
    }
}
