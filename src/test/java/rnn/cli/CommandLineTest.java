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

    /**
     * Every command's help renders without picocli's format warnings (printed to System.err, not to the command's
     * err writer): a description with a lone {@code %} (as "10% of a round" once was) makes picocli print its
     * "Could not format" warning once per line of the help.
     */
    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            for (String command : RnnCommand.commandLine().getSubcommands().keySet()) {
                out.getBuffer().setLength(0);
                assertEquals(ExitCodes.OK, run(command, "--help"), command);
                assertTrue(out.toString().startsWith("Usage: "), command + ": " + out);
            }
        } finally {
            System.setErr(systemErr);
        }
        assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
        out.getBuffer().setLength(0);
        run("train", "--help");
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("at most 10% of a round"), out.toString());
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
        assertUsageError("rnn: Unknown option: '--bogus' (see 'rnn --help')", "--bogus");
    }

    @Test
    void unknownOptionSuggestsTheNearestOne() {
        assertUsageError("rnn: Unknown option: '--cel'; did you mean --cell? (see 'rnn train --help')",
                "train", "--cel", "gru", "data.csv");
        assertUsageError("rnn: Unknown option: '--epoch'; did you mean --epochs? (see 'rnn train --help')",
                "train", "--epoch", "3", "data.csv");
        assertUsageError("rnn: Unknown option: '--modle'; did you mean --model? (see 'rnn eval --help')",
                "eval", "--model", "run", "--modle", "run", "data.csv");
    }

    @Test
    void unknownOptionWithNothingNearIsNamedAlone() {
        assertUsageError("rnn: Unknown option: '--no-such-flag' (see 'rnn predict --help')",
                "predict", "--model", "run", "--no-such-flag", "data.csv");
    }

    /** A hidden option (bench's --child, used between its JVMs) is never suggested. */
    @Test
    void hiddenOptionsAreNotSuggested() {
        assertUsageError("rnn: Unknown option: '--chil' (see 'rnn bench --help')", "bench", "--chil");
    }

    @Test
    void unknownCommandSaysSoAndSuggestsTheNearest() {
        assertUsageError("rnn: unknown command 'trian'; did you mean train? See 'rnn --help'.", "trian", "--cell",
                "gru");
        assertUsageError("rnn: unknown command 'predcit'; did you mean predict? See 'rnn --help'.", "predcit");
    }

    @Test
    void unknownCommandWithNothingNearIsNamedAlone() {
        assertUsageError("rnn: unknown command 'xyz'. See 'rnn --help'.", "xyz");
    }

    /** The command lines a user gets wrong most: each one line on stderr, exit 2, nothing on stdout. */
    @Test
    void missingRequiredArgumentsAreOneLine() {
        assertUsageError("rnn: Missing required options and parameters: '--model=RUN|FILE', 'DATA.csv' (see 'rnn "
                + "predict --help')", "predict");
        assertUsageError("rnn: Missing required option: '--model=RUN|FILE' (see 'rnn eval --help')", "eval",
                "data.csv");
        assertUsageError("rnn: Missing required parameter: 'RUN|FILE' (see 'rnn inspect --help')", "inspect");
        assertUsageError("rnn: Missing required parameter for option '--hidden' (H[,H...]) (see 'rnn train --help')",
                "train", "--hidden");
        assertUsageError("rnn: --batch-size: expected a whole number, got \"many\" (see 'rnn predict --help')", "predict", "--model", "run", "--batch-size", "many", "data.csv");
        assertUsageError("rnn: expected generate or load (see 'rnn bench-data --help')", "bench-data");
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
        assertUsageError("rnn: --max-loss: expected a number >= 0, got -1 (see 'rnn eval --help')", "eval",
                "@" + args, "data.csv");
    }

    @Test
    void aMissingArgumentFileIsOneLineAndExitTwo() {
        Path missing = dir.resolve("missing.args");
        assertUsageError("rnn: @" + missing + ": no such argument file; check the path, or write @@ for an argument "
                + "that starts with @ (see 'rnn --help')", "train", "@" + missing);
    }

    @Test
    void aDirectoryIsNotAnArgumentFile() {
        assertUsageError("rnn: @" + dir + ": expected a readable argument file, got a directory; check the path (see "
                + "'rnn --help')", "inspect", "@" + dir);
    }

    /** Exit 2, exactly {@code line} on stderr, nothing on stdout. */
    private void assertUsageError(String line, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(ExitCodes.USAGE, run(args), err.toString());
        assertEquals(line + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
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
