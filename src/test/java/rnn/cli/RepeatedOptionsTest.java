package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import rnn.data.DataOptions;
import rnn.nn.CellType;
import rnn.train.TrainConfig;

/**
 * An option typed twice: its last value wins and every other option keeps its value (the options once sat in
 * picocli argument groups, and a repeated one started a new group with the others back at their defaults).
 */
class RepeatedOptionsTest {

    @TempDir
    Path dir;

    /** {@code rnn train ARGS} parsed by the command line users run. */
    private static TrainCommand parsed(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult r = RnnCommand.commandLine().parseArgs(all);
        return (TrainCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void aRepeatedCellKeepsTheHiddenSizes() {
        TrainConfig c = parsed("--cell", "lstm", "--hidden", "4", "--cell", "lstm").config();
        assertEquals(CellType.LSTM, c.cell());
        assertArrayEquals(new int[] {4}, c.hidden());
    }

    @Test
    void aRepeatedDropoutKeepsTheRestOfItsGroupAndTakesTheLastValue() {
        TrainConfig c = parsed("--cell", "rnn", "--activation", "relu", "--dropout", "0.5", "--hidden", "8,4",
                "--dropout", "0.25").config();
        assertEquals(0.25, c.dropout());
        assertEquals(CellType.RNN, c.cell());
        assertEquals("RELU", c.activation().name());
        assertArrayEquals(new int[] {8, 4}, c.hidden());
    }

    @Test
    void aRepeatedDataOption() {
        TrainCommand t = parsed("--window", "5", "--horizon", "2", "--target", "y", "--window=7");
        DataOptions d = t.dataOptions(t.config());
        assertEquals(7, d.window());
        assertEquals(2, d.horizon());
        assertEquals(java.util.List.of("y"), d.targets());
    }

    @Test
    void aRepeatedTrainingOption() {
        TrainConfig c = parsed("--epochs", "3", "--lr", "0.01", "--optimizer", "sgd", "--epochs", "4").config();
        assertEquals(4, c.epochs());
        assertEquals(0.01, c.lr());
        assertEquals("SGD", c.optimizer().kind().name());
    }

    @Test
    void aRepeatedOutputOption() {
        TrainCommand t = parsed("--keep", "2", "--checkpoint-every", "3", "--out", "a", "--keep", "5", "--quiet",
                "--quiet");
        TrainConfig c = t.config();
        assertEquals(5, c.keep());
        assertEquals(3, c.checkpointEvery());
        assertEquals(Path.of("a"), c.out());
        assertTrue(t.output.quiet);
    }

    @Test
    void everyCommandTakesTheLastValueOfARepeatedOption() {
        CommandLine.ParseResult r = RnnCommand.commandLine().parseArgs("eval", "--model", "a", "--max-loss", "1",
                "--model", "b", "--max-loss", "2", "data.csv");
        EvalCommand eval = (EvalCommand) r.subcommand().commandSpec().userObject();
        assertEquals(Path.of("b"), eval.use.model);
        assertEquals(2.0, eval.maxLoss);
    }

    @Test
    void theHelpKeepsItsSections() {
        java.io.StringWriter help = new java.io.StringWriter();
        RnnCommand.commandLine().getSubcommands().get("train").usage(new java.io.PrintWriter(help));
        String text = help.toString();
        int model = text.indexOf("\nModel:\n");
        int data = text.indexOf("\nData:\n");
        int training = text.indexOf("\nTraining:\n");
        int output = text.indexOf("\nOutput:\n");
        assertTrue(at(text, "-h, --help") < model && model < at(text, "--cell=CELL")
                && at(text, "--dropout=P") < data && data < at(text, "--window=W")
                && at(text, "--delimiter=C") < training && training < at(text, "--epochs=N")
                && at(text, "--threads=N") < output && output < at(text, "--out=DIR")
                && at(text, "--debug") > output, text);
    }

    /** Where the option list describes {@code option} (not the synopsis). */
    private static int at(String help, String option) {
        int i = help.indexOf("\n      " + option);
        return i >= 0 ? i : help.indexOf("\n  " + option);
    }

    @Test
    void aConfigFileThenARepeatedOptionOnTheCommandLine() throws Exception {
        Files.writeString(dir.resolve("c.json"), "{\"model\": {\"cell\": \"lstm\", \"hidden\": [16], \"dropout\": 0.1},"
                + " \"training\": {\"epochs\": 1, \"lr\": 0.01}}");
        Cli.Result r = Cli.run(dir, "train", "--config", "c.json", "--hidden", "3", "--hidden", "2", "--plot", "none",
                "--out", "run", Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode config = new ObjectMapper().readTree(dir.resolve("run/config.json").toFile());
        assertEquals("lstm", config.at("/model/cell").asText());
        assertEquals("[2]", config.at("/model/hidden").toString());
        assertEquals(0.1, config.at("/model/dropout").doubleValue());
        assertEquals(0.01, config.at("/training/lr").doubleValue());
        assertEquals(1, config.at("/training/epochs").asInt());
    }
}
