package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.data.DataLoader;
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
    record Run(Path dir, RecurrentModel model, LoadedData data, TrainOptions options) {
    }

    /** What a command printed on stdout and through picocli's stderr writer, and its exit code. */
    record Output(int code, String out, String err) {
    }

    private UseFixture() {
    }

    /** The options of {@code rnn train} with their defaults (as config.json records them), then overrides. */
    static Map<String, String> options(Path data, Path out, String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] defaults = {"cell", "gru", "hidden", "64", "activation", "tanh", "gru-variant", "classic",
            "dropout", "0.0", "output", "last", "target", null, "features", null, "id", null, "time", null,
            "layout", null, "steps", null, "window", "20", "horizon", "1", "stride", "1", "normalize", "zscore",
            "missing", "error", "val-split", "0.2", "val", null, "delimiter", ",", "epochs", "2", "batch-size", "32",
            "lr", "0.001", "optimizer", "adam", "weight-decay", null, "momentum", null, "nesterov", null,
            "clip-norm", "5.0", "clip-value", "0.0", "tbptt", "0", "lr-schedule", "constant", "early-stopping", "0",
            "loss", "mse", "seed", "42", "threads", "1", "out", out.toString(), "checkpoint-every", "1", "keep", "3",
            "plot", "none"};
        for (int i = 0; i < defaults.length; i += 2) {
            m.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        m.put("data", data.toString());
        return m;
    }

    /** Trains with {@link #options} into {@code out}; returns the run with the in-memory model. */
    static Run train(Path data, Path out, String... overrides) throws IOException {
        TrainOptions options = new TrainOptions(options(data, out, overrides));
        TrainConfig config = options.trainConfig();
        LoadedData loaded = DataLoader.load(data, options.dataOptions());
        RunDirectory run = new RunDirectory(out);
        run.prepareNew(false);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tool_version", "test");
        meta.put("options", JSON.writeValueAsString(options.values()));
        meta.put("schema", loaded.schema().toJsonText());
        meta.put("input_sha256", "0".repeat(64));
        Trainer trainer = new Trainer(config, loaded, run, meta, new TrainingListener() {
        }, StopSignal.none());
        trainer.train(null);
        ObjectNode root = JSON.createObjectNode();
        root.put("tool", "rnn");
        root.put("command", "train");
        ObjectNode opts = root.putObject("options");
        options.values().forEach(opts::put);
        root.set("schema", loaded.schema().toJson());
        Files.writeString(run.config(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        return new Run(out, trainer.model(), loaded, options);
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
