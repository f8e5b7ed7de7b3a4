package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The root command's exit codes and messages (DESIGN §5). */
class CommandLineTest {

    @TempDir
    Path dir;

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

    @Test
    void unknownOptionSuggestsTheNearestOne() {
        assertEquals(ExitCodes.USAGE, run("train", "--cel", "gru", "data.csv"));
        assertEquals("rnn: Unknown option: '--cel'; did you mean --cell? (see 'rnn train --help')"
                + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unknownOptionWithNothingNearIsNamedAlone() {
        assertEquals(ExitCodes.USAGE, run("predict", "--model", "run", "--no-such-flag", "data.csv"));
        assertEquals("rnn: Unknown option: '--no-such-flag' (see 'rnn predict --help')" + System.lineSeparator(),
                err.toString());
    }

    @Test
    void unknownCommandSaysSoAndSuggestsTheNearest() {
        assertEquals(ExitCodes.USAGE, run("trian", "--cell", "gru"));
        assertEquals("rnn: unknown command 'trian'; did you mean train? See 'rnn --help'." + System.lineSeparator(),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unknownCommandWithNothingNearIsNamedAlone() {
        assertEquals(ExitCodes.USAGE, run("xyz"));
        assertEquals("rnn: unknown command 'xyz'. See 'rnn --help'." + System.lineSeparator(), err.toString());
    }

    /** picocli expands @FILE for every command: the file's options take its place, quotes and comments allowed. */
    @Test
    void everyCommandReadsOptionsFromAnArgumentFile() throws IOException {
        assertArgumentFile("--hidden", "8,4", "train", "--hidden 8,4   # two layers", "--epochs \"3\"", "data.csv");
        assertArgumentFile("--batch-size", "7", "predict", "--model run", "--batch-size 7", "data.csv");
        assertArgumentFile("--max-loss", "0.5", "eval", "--model run --max-loss 0.5", "data.csv");
        assertArgumentFile("--schema", "config.json", "inspect", "--schema config.json", "run");
        assertArgumentFile("--epochs", "2", "bench", "--quick --epochs 2");
    }

    /** An option read from a file is validated like a typed one (the command runs with it). */
    @Test
    void optionsFromAnArgumentFileAreValidated() throws IOException {
        Path args = Files.writeString(dir.resolve("gate.args"), "--model run\n--max-loss -1\n");
        assertEquals(ExitCodes.USAGE, run("eval", "@" + args, "data.csv"));
        assertEquals("rnn: --max-loss: expected a number >= 0, got -1 (see 'rnn eval --help')"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void aMissingArgumentFileIsOneLineAndExitTwo() {
        Path missing = dir.resolve("missing.args");
        assertEquals(ExitCodes.USAGE, run("train", "@" + missing));
        assertEquals("rnn: @" + missing + ": no such argument file; check the path, or write @@ for an argument "
                + "that starts with @ (see 'rnn --help')" + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aDirectoryIsNotAnArgumentFile() {
        assertEquals(ExitCodes.USAGE, run("inspect", "@" + dir));
        assertEquals("rnn: @" + dir + ": expected a readable argument file, got a directory; check the path (see "
                + "'rnn --help')" + System.lineSeparator(), err.toString());
    }

    /** Writes {@code lines} to a file, parses {@code command @file} and checks one option's value. */
    private void assertArgumentFile(String option, String expected, String command, String... lines)
            throws IOException {
        Path file = Files.write(dir.resolve(command + ".args"), java.util.List.of(lines));
        CommandLine.ParseResult parsed = RnnCommand.commandLine().parseArgs(command, "@" + file).subcommand();
        assertEquals(command, parsed.commandSpec().name());
        assertEquals(expected, parsed.matchedOption(option).stringValues().get(0), command);
    }
}
