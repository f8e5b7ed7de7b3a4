package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.LoadedData;
import rnn.io.RunDirectory;
import rnn.nn.RecurrentModel;
import rnn.train.StopSignal;
import rnn.train.TrainConfig;
import rnn.train.Trainer;
import rnn.train.TrainingListener;

/**
 * Trains small models in-process for the predict/eval/inspect tests — a run directory as {@code rnn train}
 * leaves it (checkpoints with options and schema metadata, config.json) — and keeps the in-memory model, without
 * a child JVM and without installing signal handlers in the test JVM.
 */
final class UseFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A finished run: its directory, the model as training left it (= last.safetensors), the data as loaded. */
    record Run(Path dir, RecurrentModel model, LoadedData data, TrainConfig config) {
    }

    /** What a command printed on stdout and through picocli's stderr writer, and its exit code. */
    record Output(int code, String out, String err) {
    }

    private UseFixture() {
    }

    /**
     * The command-line arguments of {@code rnn train} for a fixture run: 2 epochs, 1 thread, no plot, into
     * {@code out}, then the overrides (pairs of option name without dashes and value).
     */
    static List<String> args(Path out, String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--epochs", "2");
        m.put("--threads", "1");
        m.put("--plot", "none");
        m.put("--out", out.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            m.put("--" + overrides[i], overrides[i + 1]);
        }
        return TrainOptions.args(m);
    }

    /** Trains with {@link #args} into {@code out}; returns the run with the in-memory model. */
    static Run train(Path data, Path out, String... overrides) throws IOException {
        TrainCommand options = TrainCommand.parse(args(out, overrides));
        TrainConfig config = options.config();
        LoadedData loaded = DataLoader.load(data, options.dataOptions(config));
        RunDirectory run = new RunDirectory(out);
        run.claimNew(false).close();
        DataOptions resolved = TrainCommand.resolved(options.dataOptions(config), loaded);
        RunDescription description = new RunDescription(config, resolved, loaded, data, "0".repeat(64));
        Map<String, String> meta = new LinkedHashMap<>(description.metadata());
        meta.put("tool_version", "test");
        Trainer trainer = new Trainer(config, loaded, run, meta, new TrainingListener() {
        }, StopSignal.none());
        trainer.train(null);
        Files.writeString(run.config(), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(description.configJson()));
        return new Run(out, trainer.model(), loaded, config);
    }

    /** Runs {@code rnn ARGS} in-process. */
    static Output run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Output(code, out.toString(), err.toString());
    }

    /** The bundled sample file. */
    static Path sunspots() {
        return Path.of("sample-data", "sunspots.csv").toAbsolutePath();
    }
}
