package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

/** The root command's exit codes and messages (DESIGN §5). */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void helpListsUsageAndExitCodesOnStdout() {
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().startsWith("Usage: rnn "), out.toString());
        assertTrue(out.toString().contains("3   data error (file, line, column and reason)"));
        assertEquals("", err.toString());
    }

    @Test
    void versionOnStdout() {
        assertEquals(ExitCodes.OK, run("--version"));
        assertTrue(out.toString().startsWith("rnn "), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run());
        assertTrue(err.toString().startsWith("rnn: missing a command." + System.lineSeparator() + "Usage: rnn"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unknownOptionIsAUsageErrorWithOneLine() {
        assertEquals(ExitCodes.USAGE, run("--bogus"));
        assertEquals("rnn: Unknown option: '--bogus' (see 'rnn --help')" + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }
}
