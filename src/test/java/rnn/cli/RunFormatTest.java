package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.io.Checkpoint;

/**
 * Checkpoint format 2 and the format-1 fixture written by the previous release (src/test/resources/format1, see
 * its README): loading, predicting and resuming give that release's own output; {@code --config} reads a run's
 * config.json; {@code rnn inspect}'s command line pastes back to the same configuration.
 */
class RunFormatTest {

    private static final Path FORMAT1 = Path.of("src", "test", "resources", "format1").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Predictions of the format-1 checkpoint equal, as text, those the release that wrote it printed. */
    @Test
    void aFormatOneRunPredictsWhatThePreviousReleasePredicted() throws IOException {
        Path out = dir.resolve("p.csv");
        UseFixture.Output o = UseFixture.run("predict", "--model", FORMAT1.resolve("run").toString(),
                FORMAT1.resolve("sunspots-60.csv").toString(), "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(FORMAT1.resolve("predictions.csv")), withoutActuals(Files.readString(out),
                FORMAT1.resolve("sunspots-60.csv")));
    }

    /**
     * Predictions as the previous release wrote them: the text without its last column, {@code actual_sunactivity}
     * (issue 12), which must hold the value of {@code data}'s line named in the row (empty on the forecast row).
     */
    static String withoutActuals(String csv, Path data) throws IOException {
        List<String> file = Files.readAllLines(data);
        StringBuilder b = new StringBuilder();
        List<String> lines = csv.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int cut = line.lastIndexOf(',');
            String last = line.substring(cut + 1);
            String first = line.substring(0, line.indexOf(','));
            String expected = i == 0 ? "actual_sunactivity" : first.isEmpty() ? ""
                    : Double.toString(Double.parseDouble(file.get(Integer.parseInt(first) - 1).split(",")[1]));
            assertEquals(expected, last, "line " + (i + 1) + ": " + line);
            b.append(line, 0, cut).append('\n');
        }
        return b.toString();
    }

    @Test
    void inspectShowsTheFormatVersionAndACommandLine() {
        UseFixture.Output o = UseFixture.run("inspect", FORMAT1.resolve("run").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("format        rnn-checkpoint version 1, written by rnn 0.1.0-SNAPSHOT"), o.out());
        assertTrue(o.out().contains("command       rnn train --cell gru --hidden 4 --activation tanh --gru-variant "
                + "classic --dropout 0.0 --recurrent-dropout 0.0 --output last --target sunactivity --features "
                + "sunactivity --layout window --window 5 "), o.out());
        assertTrue(o.out().contains(" --batch-size 8 "), o.out());
    }

    /** Resuming a format-1 run trains the epoch the previous release trained, to the same predictions. */
    @Test
    void aFormatOneRunResumesAsThePreviousReleaseResumedIt() throws Exception {
        Path run = copyFixtureRun();
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "3", FORMAT1.resolve("sunspots-60.csv")
                .toString());
        assertEquals(0, r.code(), r.err());
        Path out = dir.resolve("p.csv");
        UseFixture.Output o = UseFixture.run("predict", "--model", run.resolve("last.safetensors").toString(),
                FORMAT1.resolve("sunspots-60.csv").toString(), "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(FORMAT1.resolve("predictions-resumed.csv")), withoutActuals(Files.readString(out),
                FORMAT1.resolve("sunspots-60.csv")),
                Files.readString(run.resolve("config.json")) + r.err() + Files.readString(run.resolve("loss.csv")));
        assertEquals("3", Checkpoint.read(run.resolve("last.safetensors")).metadata().get("format_version"));
        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(3, summary.get("epochs").asInt());
        assertEquals(0.5468461400427405, summary.get("best_loss").doubleValue(), 0.0, "the old release's value");
    }

    @Test
    void resumingWithEpochsNotAboveThoseDoneIsAUsageError() throws Exception {
        copyFixtureRun();
        String data = FORMAT1.resolve("sunspots-60.csv").toString();
        for (String epochs : List.of("2", "1")) {
            UseFixture.Output o = UseFixture.run("train", "--resume", dir.resolve("run").toString(), "--epochs",
                    epochs, data);
            assertEquals(2, o.code(), o.err());
            assertEquals("rnn: --epochs: the run being resumed has done 2 epochs; give --epochs above 2 to train "
                    + "more (see 'rnn train --help')", o.err().strip());
        }
        assertEquals(Files.readString(FORMAT1.resolve("run/summary.json")),
                Files.readString(dir.resolve("run/summary.json")), "summary.json untouched");
    }

    /** config.json → --config → the same configuration; options typed on the command line override the file's. */
    @Test
    void aRunsConfigJsonIsAConfigFile() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "cell", "lstm", "hidden", "5,3", "epochs", "3",
                "lr-schedule", "cosine", "optimizer", "sgd", "momentum", "0.5", "nesterov", "true", "window", "7");
        // (train's args give --nesterov "true": TrainOptions.args writes it as a bare flag)
        Path config = dir.resolve("run/config.json");
        RunConfig written = RunConfig.fromConfigJson(JSON.readTree(config.toFile()));
        ConfigFile file = ConfigFile.read(config);
        TrainCommand parsed = TrainCommand.parse(file.args());
        assertEquals(written.config(), parsed.config());
        assertEquals(written.data(), parsed.dataOptions(parsed.config()));
        assertEquals(UseFixture.sunspots(), file.dataFile());

        List<String> args = new ArrayList<>(file.args());
        args.addAll(List.of("--epochs", "9", "--out", "other"));
        TrainCommand overridden = TrainCommand.parse(args);
        assertEquals(9, overridden.config().epochs());
        assertEquals(written.config().model(), overridden.config().model());
        assertEquals(0.5, overridden.config().optimizer().momentum(), 0.0);
        assertTrue(overridden.config().optimizer().nesterov());
    }

    /** A format-1 config.json (a flag map) is a --config file too, and gives the configuration its checkpoint has. */
    @Test
    void aFormatOneConfigJsonIsAConfigFile() throws IOException {
        ConfigFile file = ConfigFile.read(FORMAT1.resolve("run/config.json"));
        TrainCommand parsed = TrainCommand.parse(file.args());
        RunConfig stored = RunConfig.fromMetadata(Checkpoint.read(FORMAT1.resolve("run/last.safetensors"))
                .metadata());
        assertEquals(stored.config(), parsed.config());
        assertEquals(stored.data(), parsed.dataOptions(parsed.config()));
        assertEquals(8, parsed.config().batchSize());
        assertEquals(5, parsed.dataOptions(parsed.config()).window());
        assertEquals(Path.of("sunspots-60.csv"), file.dataFile());
    }

    @Test
    void inspectsCommandLinePastesBackToTheSameConfiguration() throws IOException {
        Path data = dir.resolve("my data's.csv");
        Files.copy(UseFixture.sunspots(), data);
        UseFixture.train(data, dir.resolve("run"), "cell", "rnn", "activation", "relu", "hidden", "6", "epochs", "2",
                "loss", "huber", "clip-value", "0.25", "seed", "7", "delimiter", ",");
        UseFixture.Output o = UseFixture.run("inspect", "--json", dir.resolve("run").toString());
        assertEquals(0, o.code(), o.err());
        String command = JSON.readTree(o.out()).get("command").asText();
        List<String> words = shellWords(command);
        assertEquals(List.of("rnn", "train"), words.subList(0, 2));
        assertEquals(data.toString(), words.get(words.size() - 1));
        TrainCommand parsed = TrainCommand.parse(words.subList(2, words.size() - 1));
        RunConfig stored = RunConfig.fromConfigJson(JSON.readTree(dir.resolve("run/config.json").toFile()));
        assertEquals(stored.config(), parsed.config());
        assertEquals(stored.data(), parsed.dataOptions(parsed.config()));
    }

    @Test
    void aBadConfigFileIsAUsageErrorNamingFileAndKey() throws IOException {
        String data = UseFixture.sunspots().toString();
        assertConfigError("{\"training\": {\"epoch\": 3}}", "rnn: bad.json: unknown key \"training.epoch\"; expected "
                + "one of training.batch_size, training.clip_norm, training.clip_value, training.early_stopping, "
                + "training.epochs, training.loss, training.lr, training.lr_schedule, training.momentum, "
                + "training.nesterov, training.optimizer, training.seed, training.stateful, training.tbptt, training.threads, "
                + "training.weight_decay (see 'rnn train --help')", data);
        assertConfigError("{\"trianing\": {}}", "rnn: bad.json: unknown key \"trianing\"; expected one of data, "
                + "model, output, training (see 'rnn train --help')", data);
        assertConfigError("{\"training\": {\"epochs\": \"ten\"}}", "rnn: bad.json: training.epochs: expected a whole "
                + "number, got \"ten\" (see 'rnn train --help')", data);
        assertConfigError("{\"training\": {\"epochs\": 0}}", "rnn: bad.json: training.epochs: expected a positive "
                + "integer, got 0 (see 'rnn train --help')", data);
        assertConfigError("{\"model\": {\"cell\": \"transformer\"}}", "rnn: bad.json: model.cell: expected one of "
                + "rnn, gru, lstm, got \"transformer\" (see 'rnn train --help')", data);
        assertConfigError("{\"training\": {\"lr\": -1}}", "rnn: bad.json: training.lr: expected a positive number, "
                + "got -1.0 (see 'rnn train --help')", data);
        assertConfigError("[1, 2]", "rnn: --config bad.json: expected a JSON object like a run's config.json, got "
                + "array (see 'rnn train --help')", data);
    }

    @Test
    void typedOptionsNameTheirFlagAndTheValidNames() {
        UseFixture.Output o = UseFixture.run("train", "--gru-variant", "RESET-AFTER", "--epochs", "0", "x.csv");
        assertEquals(2, o.code());
        assertEquals("rnn: --epochs: expected a positive integer, got 0 (see 'rnn train --help')", o.err().strip(),
                "case-insensitive names: RESET-AFTER is accepted");
        UseFixture.Output bad = UseFixture.run("train", "--gru-variant", "reset_before", "x.csv");
        assertEquals("rnn: --gru-variant: expected one of classic, reset-after, got \"reset_before\" (see 'rnn train "
                + "--help')", bad.err().strip());
        UseFixture.Output help = UseFixture.run("train", "--help");
        assertTrue(help.out().contains("The recurrent cell of every layer: rnn, gru, lstm."), help.out());
        UseFixture.Output threads = UseFixture.run("predict", "--model", "x", "--threads", "-1", "x.csv");
        assertEquals("rnn: --threads: expected 0 (automatic) or a positive number, got -1 (see 'rnn predict "
                + "--help')", threads.err().strip());
    }

    /** The defaults DataOptions applies to code (tests, benchmarks) are those of the command line's annotations. */
    @Test
    void theCommandLinesDataDefaultsAreDataOptions() {
        TrainCommand none = TrainCommand.parse(List.of());
        assertEquals(rnn.data.DataOptions.defaults(42), none.dataOptions(none.config()));
    }

    /** The data records check with neutral field names; the command line names its flags. */
    @Test
    void dataFlagsAreNamedAsFlags() {
        assertTrainUsage("--window: expected a positive integer, got 0", "--window", "0");
        assertTrainUsage("--val-split: expected a fraction in [0, 1), got 1", "--val-split", "1");
        assertTrainUsage("--target: expected each column once, got \"a\" twice", "--target", "a,a");
        assertTrainUsage("--layout wide: expected --steps T, the number of steps in each row, got none", "--layout",
                "wide");
        assertTrainUsage("--steps: expected --layout wide, got --layout window; add --layout wide or leave --steps "
                + "out", "--steps", "3");
        assertTrainUsage("--delimiter: expected one character other than a quote (or \\t for a tab), got \";;\"",
                "--delimiter", ";;");
    }

    private static void assertTrainUsage(String expected, String... flags) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(flags));
        args.add(UseFixture.sunspots().toString());
        UseFixture.Output o = UseFixture.run(args.toArray(String[]::new));
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: " + expected + " (see 'rnn train --help')", o.err().strip());
    }

    private void assertConfigError(String content, String expected, String data) throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, content);
        UseFixture.Output o = UseFixture.run("train", "--config", bad.toString(), "--out", dir.resolve("r").toString(),
                data);
        assertEquals(2, o.code(), o.err());
        assertEquals(expected.replace("bad.json", bad.toString()), o.err().strip());
    }

    private Path copyFixtureRun() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        try (Stream<Path> files = Files.list(FORMAT1.resolve("run"))) {
            for (Path f : files.toList()) {
                Files.copy(f, run.resolve(f.getFileName()));
            }
        }
        return run;
    }

    /** Splits a POSIX shell line of plain and single-quoted words (what RunConfig.quote writes). */
    private static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && !quoted) {
                w.append(line.charAt(++i));
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
