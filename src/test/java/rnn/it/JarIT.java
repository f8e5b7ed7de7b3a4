package rnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar as a user does (the failsafe plugin runs this after {@code package}): the version comes
 * from the jar manifest, and a normal run prints nothing but its result (no JVM or logging noise).
 */
class JarIT {

    @Test
    void versionFromTheManifest() throws Exception {
        ProcessRun r = ProcessRun.jar("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("rnn " + System.getProperty("rnn.version") + "\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void usageErrorExitsTwoWithAOneLineMessage() throws Exception {
        ProcessRun r = ProcessRun.jar("--no-such-flag");
        assertEquals(2, r.code());
        assertEquals("rnn: Unknown option: '--no-such-flag' (see 'rnn --help')\n", r.err());
        assertEquals("", r.out());
    }

    /** The README's CI example passes on the bundled data and fails when the bar is out of reach. */
    @Test
    void ciExamplePassesAndFails() throws Exception {
        ProcessRun pass = ProcessRun.run(Map.of(), List.of("scripts/ci-example.sh"));
        assertEquals(0, pass.code(), pass.err());
        assertTrue(pass.out().startsWith("ci-example: best validation loss 0.2"), pass.out());
        ProcessRun fail = ProcessRun.run(Map.of("MAX_LOSS", "0.01"), List.of("scripts/ci-example.sh"));
        assertEquals(1, fail.code(), fail.err());
        assertTrue(fail.err().endsWith("> 0.01: FAIL\n"), fail.err());
    }
}
