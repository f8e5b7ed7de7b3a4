package rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.io.Checkpoint;
import rnn.io.RunDirectory;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.ModelSpec;
import rnn.nn.Param;
import rnn.nn.SequenceLayer;
import rnn.nn.RecurrentModel;
import rnn.train.TrainerState;

/**
 * {@code rnn inspect}: what a checkpoint holds — architecture with per-layer shapes and parameter counts, the
 * training configuration, epochs trained, best validation loss, the data schema and the file's format version
 * (1 or 2), and a {@code rnn train} command line that trains the same configuration again: every option, defaults
 * included (so it does not depend on the defaults of the rnn that reads it), quoted for a POSIX shell.
 */
@Command(name = "inspect", sortOptions = false,
        description = {"Shows what a checkpoint holds.",
            "",
            "The architecture with per-layer tensor shapes and parameter counts (and the PyTorch modules its "
                + "tensors load into), the training configuration, epochs trained, the best validation loss, the "
                + "data schema and the checkpoint format version.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn inspect runs/sunspots", "  rnn inspect --json runs/sunspots/last.safetensors | jq .model"})
final class InspectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN|FILE", description = "A run directory (its best.safetensors) or a "
            + "checkpoint file.")
    Path model;

    @Option(names = "--json", description = "Print JSON on stdout.")
    boolean json;

    @Option(names = "--schema", paramLabel = "config.json", description = "Read the file as a plain safetensors "
            + "state dict (e.g. written by PyTorch) with the architecture and schema of this config.json.")
    Path schema;

    @Option(names = "--allow-nonfinite", description = "Read a model whose weights hold NaN or infinities (one "
            + "edited on purpose); without it such a file is refused.")
    boolean allowNonfinite;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        ModelSource source = ModelSource.open(model, schema, allowNonfinite);
        ObjectNode report = report(source);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JSON.writeValueAsString(report));
        } else {
            table(out, report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private ObjectNode report(ModelSource source) throws Exception {
        Map<String, String> meta = source.checkpoint().metadata();
        ObjectNode o = JSON.createObjectNode();
        o.put("file", source.file().toString());
        o.put("format", meta.get(Checkpoint.FORMAT_KEY));
        JsonNumbers.putInt(o, "format_version", meta.get(Checkpoint.VERSION_KEY));
        o.put("tool_version", meta.get("tool_version"));

        ObjectNode m = o.putObject("model");
        ModelSpec s = source.spec();
        m.put("cell", Choice.name(s.cell()));
        if (s.cell() == CellType.GRU) {
            m.put("gru_variant", Choice.name(s.gruVariant()));
        }
        if (s.cell() == CellType.RNN) {
            m.put("activation", Choice.name(s.activation()));
        }
        ArrayNode hidden = m.putArray("hidden");
        Arrays.stream(s.hidden()).forEach(hidden::add);
        m.put("inputs", s.inputSize());
        m.put("outputs", s.outputs());
        m.put("output", Choice.name(s.output()));
        m.put("dropout", s.dropout());
        m.put("recurrent_dropout", s.recurrentDropout());
        m.put("bidirectional", s.bidirectional());
        try (Compute compute = Compute.singleThreaded()) {
            RecurrentModel net = source.build(compute);
            m.put("parameters", net.parameters().count());
            boolean pytorch = !(s.cell() == CellType.GRU && s.gruVariant() == GruVariant.CLASSIC);
            boolean table = s.tokens() != null && s.tokens().embedding() > 0;
            m.put("pytorch", pytorch ? "loads into torch.nn modules named " + (table ? "'embedding', " : "")
                    + (s.embeddings().isEmpty() ? "" : "'inputs' (nn.ModuleDict of nn.Embedding by column), ")
                    + "'layers' (nn.ModuleList) and 'head' "
                    + "with load_state_dict, tensors unchanged" : "none: the classic GRU (Keras reset_after=False) has no "
                    + "PyTorch counterpart; train with --gru-variant reset-after for nn.GRU");
            ArrayNode categorical = m.putArray("categorical");
            ArrayNode layers = m.putArray("layers");
            for (rnn.nn.EmbeddingSpec e : s.embeddings()) {
                categorical.addObject().put("column", e.column()).put("levels", e.levels()).put("dim", e.dim());
                ObjectNode n = layers.addObject();
                n.put("name", "inputs." + e.column());
                n.put("type", "embedding");
                n.put("input_size", e.rows());
                n.put("output_size", e.dim());
                tensors(n, List.of(net.parameters().get(e.tensorName())));
                n.put("pytorch", "nn.Embedding(" + e.rows() + ", " + e.dim() + ") (row 0: <unk>; row k: level k)");
            }
            rnn.nn.TokenInput tokens = s.tokens();
            if (tokens != null && tokens.embedding() > 0) { // a text model's learned table (nn.Embedding)
                ObjectNode e = layers.addObject();
                e.put("name", "embedding");
                e.put("type", "embedding");
                e.put("input_size", tokens.vocabulary());
                e.put("output_size", tokens.embedding());
                tensors(e, List.of(net.parameters().get("embedding.weight")));
                e.put("pytorch", "nn.Embedding(" + tokens.vocabulary() + ", " + tokens.embedding() + ")");
            }
            int k = 0;
            for (SequenceLayer l : net.layers()) {
                ObjectNode n = layers.addObject();
                n.put("name", "layers." + k);
                n.put("type", layerType(s));
                n.put("input_size", l.inputSize());
                n.put("hidden_size", s.hidden()[k]);
                tensors(n, l.parameters());
                if (pytorch) {
                    n.put("pytorch", torchModule(s, l.inputSize(), s.hidden()[k]));
                }
                k++;
            }
            ObjectNode head = layers.addObject();
            int top = net.layers().get(s.layers() - 1).outputSize();
            head.put("name", "head");
            head.put("type", "linear");
            head.put("input_size", top);
            head.put("output_size", s.outputs());
            List<Param> headParams = new ArrayList<>();
            headParams.add(net.parameters().get("head.weight"));
            headParams.add(net.parameters().get("head.bias"));
            tensors(head, headParams);
            rnn.data.InputContract c = source.schema().contract();
            head.put("pytorch", "nn.Linear(" + top + ", " + s.outputs() + ")" + (c.targetSteps() > 1
                    ? " (steps 1.." + c.targetSteps() + ", step-major: out.view(-1, " + c.targetSteps() + ", "
                    + s.outputs() / c.targetSteps() + ")[:, h - 1] is step h)" : ""));
        }

        RunConfig run = source.run();
        o.set("training", rnn.train.ConfigJson.training(run.config().training()));
        o.set("output", rnn.train.ConfigJson.output(run.config().files()));
        o.set("data", rnn.train.ConfigJson.data(run.data()));
        o.put("command", run.commandLine());
        JsonNumbers.putInt(o, "epoch", meta.get("epoch"));
        JsonNumbers.putInt(o, "epochs_trained", epochsTrained(source, meta));
        JsonNumbers.putLong(o, "step", meta.get("step"));
        TrainerState state = null;
        try {
            state = TrainerState.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            // a state dict from elsewhere: no training state
        }
        if (state != null && state.bestEpoch() > 0) {
            o.put("best_epoch", state.bestEpoch());
        } else {
            o.putNull("best_epoch");
        }
        String best = meta.get("best_val_loss");
        if (best != null && Double.isFinite(Double.parseDouble(best))) {
            o.put("best_val_loss", Double.parseDouble(best));
        } else {
            o.putNull("best_val_loss");
        }
        o.put("best_loss_is", source.schema().report().split().validationExamples() > 0 ? "validation" : "training (no validation "
                + "data)");
        o.put("input_sha256", meta.get("input_sha256"));
        o.set("schema", source.schema().toJson());
        return o;
    }

    /** A run's epochs: its last.safetensors' epoch when the model came from a run directory, else the file's. */
    private String epochsTrained(ModelSource source, Map<String, String> meta) {
        if (Files.isDirectory(model) && source.file().getFileName().toString().equals(RunDirectory.BEST)) {
            Path last = model.resolve(RunDirectory.LAST);
            if (Files.exists(last)) {
                return Checkpoint.read(last).metadata().get("epoch");
            }
        }
        return meta.get("epoch");
    }

    private static String layerType(ModelSpec s) {
        String type = switch (s.cell()) {
            case RNN -> "rnn (" + Choice.name(s.activation()) + ")";
            case GRU -> "gru (" + Choice.name(s.gruVariant()) + ")";
            case LSTM -> "lstm";
        };
        return s.bidirectional() ? type + ", bidirectional" : type;
    }

    private static String torchModule(ModelSpec s, int in, int h) {
        String bidirectional = s.bidirectional() ? ", bidirectional=True" : "";
        return switch (s.cell()) {
            case RNN -> "nn.RNN(" + in + ", " + h + ", nonlinearity='" + Choice.name(s.activation())
                    + "', batch_first=True" + bidirectional + ")";
            case GRU -> "nn.GRU(" + in + ", " + h + ", batch_first=True" + bidirectional + ")";
            case LSTM -> "nn.LSTM(" + in + ", " + h + ", batch_first=True" + bidirectional + ")";
        };
    }

    private static void tensors(ObjectNode n, List<Param> params) {
        long count = 0;
        ArrayNode t = n.putArray("tensors");
        for (Param p : params) {
            ObjectNode e = t.addObject();
            e.put("name", p.name());
            ArrayNode shape = e.putArray("shape");
            Arrays.stream(p.shape()).forEach(shape::add);
            count += p.size();
        }
        n.put("parameters", count);
    }

    // ---- the report as text ----

    private static void table(PrintWriter out, ObjectNode r) {
        JsonNode m = r.get("model");
        out.println("file          " + r.get("file").asText());
        out.println("format        " + text(r.get("format")) + " version " + text(r.get("format_version"))
                + ", written by rnn " + text(r.get("tool_version")));
        out.println();
        StringBuilder kind = new StringBuilder(m.get("cell").asText());
        if (m.has("gru_variant")) {
            kind.append(" (").append(m.get("gru_variant").asText()).append(')');
        }
        if (m.has("activation")) {
            kind.append(" (").append(m.get("activation").asText()).append(')');
        }
        out.println("model         " + kind + ", hidden " + m.get("hidden") + ", " + m.get("inputs").asInt()
                + " inputs, " + m.get("outputs").asInt() + " outputs, output " + m.get("output").asText()
                + ", dropout " + m.get("dropout").asText() + (m.path("bidirectional").asBoolean() ? ", bidirectional"
                : ""));
        for (JsonNode c : m.path("categorical")) {
            out.println("categorical   " + c.get("column").asText() + ": " + c.get("levels").asInt()
                    + " levels + <unk>, embedding dim " + c.get("dim").asInt());
        }
        out.println("parameters    " + m.get("parameters").asLong());
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("layer", "type", "in", "out", "tensor", "shape", "parameters"));
        for (JsonNode l : m.get("layers")) {
            boolean first = true;
            for (JsonNode t : l.get("tensors")) {
                String size = l.has("hidden_size") ? l.get("hidden_size").asText() : l.get("output_size").asText();
                long n = 1;
                for (JsonNode d : t.get("shape")) {
                    n *= d.asLong();
                }
                rows.add(List.of(first ? l.get("name").asText() : "", first ? l.get("type").asText() : "",
                        first ? l.get("input_size").asText() : "", first ? size : "", t.get("name").asText(),
                        t.get("shape").toString(), Long.toString(n)));
                first = false;
            }
            rows.add(List.of("", "", "", "", "", "", l.get("parameters").asText() + " in " + l.get("name").asText()));
        }
        out.println();
        TextTable.print(out, rows, TextTable.Align.LEFT);
        out.println();
        out.println("pytorch       " + m.get("pytorch").asText());
        for (JsonNode l : m.get("layers")) {
            if (l.has("pytorch")) {
                out.println("  " + l.get("name").asText() + " = " + l.get("pytorch").asText());
            }
        }
        out.println();
        out.println("command       " + r.get("command").asText());
        out.println("epochs        " + text(r.get("epochs_trained")) + " trained; this checkpoint after epoch "
                + text(r.get("epoch")) + " (" + text(r.get("step")) + " optimizer steps)");
        out.println("best loss     " + (r.get("best_val_loss").isNull() ? "none" : EvalCommand.number(
                r.get("best_val_loss").asDouble()) + " (" + r.get("best_loss_is").asText() + ", epoch "
                + text(r.get("best_epoch")) + ")"));
        out.println("input sha256  " + text(r.get("input_sha256")));
        out.println();
        rnn.data.DataSchema schema = rnn.data.DataSchema.fromJson(r.get("schema"));
        for (String line : schema.describe()) {
            out.println("schema        " + line);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "unknown" : n.asText();
    }
}
