package rnn.train;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.data.DataOptions;
import rnn.data.Horizon;
import rnn.data.Layout;
import rnn.data.Layouts;
import rnn.data.MissingPolicy;
import rnn.data.MissingTargetPolicy;
import rnn.data.Normalization;
import rnn.data.TargetForm;
import rnn.data.TargetMode;
import rnn.data.TextOptions;
import rnn.data.TokenKind;
import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;

/**
 * The {@code model}, {@code training} and {@code output} objects of checkpoint format 2 and {@code config.json}:
 * the configuration in the project's own vocabulary (snake_case field names; choices as lower-case names with
 * {@code -} for {@code _}, e.g. {@code "reset-after"}), numbers as JSON numbers. Independent of how the command
 * line spells its flags.
 * <pre>
 * model:    cell, hidden [sizes], activation, gru_variant (read as classic when absent: {@link GruVariant#UNRECORDED}),
 *           dropout, output, recurrent_dropout (0 when absent), bidirectional (false when absent),
 *           cat_dim (null = automatic, also when absent), embedding (0 = one-hot tokens when absent)
 *           (+ inputs, outputs, and embeddings [{column, levels, dim}] with categorical columns: written, not read)
 * training: epochs, batch_size, lr, optimizer, weight_decay, momentum, nesterov, clip_norm, clip_value, tbptt,
 *           lr_schedule, early_stopping, loss, seed, threads, stateful (written when true; false when absent)
 * output:   out, checkpoint_every, keep, plot
 * data:     targets [columns], features [columns] or null, categorical [columns] or null (none besides the
 *           automatic ones; also when absent), id, time, layout, steps, window, horizon, stride,
 *           normalize, missing, missing_target (written only when given; absent or null = drop under missing
 *           drop, else error), season (written only when given; absent or null = from the time step), transform, target_mode (a table's: null = the default; an absent transform = null, an absent
 *           target_mode = level, as runs before target modes trained), val_split, val_file, delimiter (null = not set), tokens, min_count, max_vocab,
 *           text (the --text column of documents; written when set)
 *           (the defaults when absent)
 * </pre>
 * Readers throw {@link IllegalArgumentException} naming the object and field ({@code training.epochs: expected a
 * whole number, got "ten"}).
 */
public final class ConfigJson {

    /** Fields of each object that a reader accepts. */
    public static final Set<String> MODEL_FIELDS = Set.of("cell", "hidden", "activation", "gru_variant", "dropout",
            "output", "recurrent_dropout", "bidirectional", "cat_dim", "embedding", "inputs", "outputs",
            "embeddings");
    /** Fields of {@code model} that state facts of the data (written, not read back as options). */
    public static final Set<String> MODEL_FACTS = Set.of("inputs", "outputs", "embeddings");
    public static final Set<String> TRAINING_FIELDS = Set.of("epochs", "batch_size", "lr", "optimizer",
            "weight_decay", "momentum", "nesterov", "clip_norm", "clip_value", "tbptt", "lr_schedule",
            "early_stopping", "loss", "seed", "threads", "stateful");
    public static final Set<String> OUTPUT_FIELDS = Set.of("out", "checkpoint_every", "keep", "plot");
    public static final Set<String> DATA_FIELDS = Set.of("targets", "features", "categorical", "id", "time",
            "layout", "steps", "window", "horizon", "stride", "normalize", "missing", "missing_target", "season",
            "transform", "target_mode", "val_split", "val_file", "delimiter", "tokens", "min_count", "max_vocab", "text");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConfigJson() {
    }

    /** A choice's name in files: lower case, {@code -} for {@code _}. */
    public static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ObjectNode model(ModelConfig m, int inputs, int outputs) {
        return model(m, inputs, outputs, java.util.List.of());
    }

    /**
     * The model object; with categorical columns also their embeddings ({@code inputs} stays the numeric features
     * per step: the first layer reads {@code inputs} + Σ dim values).
     */
    public static ObjectNode model(ModelConfig m, int inputs, int outputs,
                                   java.util.List<rnn.nn.EmbeddingSpec> embeddings) {
        ObjectNode o = F.objectNode();
        o.put("cell", name(m.cell()));
        var h = o.putArray("hidden");
        for (int x : m.hidden()) {
            h.add(x);
        }
        o.put("activation", name(m.activation()));
        o.put("gru_variant", name(m.gruVariant()));
        o.put("dropout", m.dropout());
        o.put("output", name(m.output()));
        o.put("recurrent_dropout", m.recurrentDropout());
        o.put("bidirectional", m.bidirectional());
        if (m.catDim() == ModelConfig.AUTO_CAT_DIM) {
            o.putNull("cat_dim");
        } else {
            o.put("cat_dim", m.catDim());
        }
        o.put("embedding", m.embedding());
        o.put("inputs", inputs);
        o.put("outputs", outputs);
        if (!embeddings.isEmpty()) {
            var e = o.putArray("embeddings");
            for (rnn.nn.EmbeddingSpec s : embeddings) {
                e.addObject().put("column", s.column()).put("levels", s.levels()).put("dim", s.dim());
            }
        }
        return o;
    }

    public static ObjectNode training(TrainingConfig t) {
        ObjectNode o = F.objectNode();
        o.put("epochs", t.epochs());
        o.put("batch_size", t.batchSize());
        o.put("lr", t.lr());
        o.put("optimizer", name(t.optimizer().kind()));
        o.put("weight_decay", t.optimizer().weightDecay());
        o.put("momentum", t.optimizer().momentum());
        o.put("nesterov", t.optimizer().nesterov());
        o.put("clip_norm", t.clipNorm());
        o.put("clip_value", t.clipValue());
        o.put("tbptt", t.tbptt());
        o.put("lr_schedule", t.lrSchedule());
        o.put("early_stopping", t.earlyStopping());
        o.put("loss", name(t.loss()));
        o.put("seed", t.seed());
        o.put("threads", t.threads());
        if (t.stateful()) {
            o.put("stateful", true);
        }
        return o;
    }

    public static ObjectNode output(OutputConfig c) {
        ObjectNode o = F.objectNode();
        if (c.out() == null) {
            o.putNull("out");
        } else {
            o.put("out", c.out().toString());
        }
        o.put("checkpoint_every", c.checkpointEvery());
        o.put("keep", c.keep());
        o.put("plot", name(c.plot()));
        return o;
    }

    /** The data options; seed, target mode and classification are the training configuration's. */
    public static ObjectNode data(DataOptions d) {
        ObjectNode o = F.objectNode();
        var t = o.putArray("targets");
        d.targets().forEach(t::add);
        if (d.features() == null) {
            o.putNull("features");
        } else {
            var f = o.putArray("features");
            d.features().forEach(f::add);
        }
        if (d.categorical().isEmpty()) {
            o.putNull("categorical");
        } else {
            var cat = o.putArray("categorical");
            d.categorical().forEach(cat::add);
        }
        o.put("id", d.id());
        o.put("time", d.time());
        o.put("layout", d.layout() == null ? null : d.layout().cliName());
        o.put("steps", d.steps());
        o.put("window", d.window());
        if (d.horizonFrom() == null) {
            o.put("horizon", d.horizon());
        } else {
            o.put("horizon", Horizon.of(d).toString()); // a path: "1..H", the flag's form
        }
        o.put("stride", d.stride());
        o.put("normalize", name(d.normalize()));
        o.put("missing", name(d.missing()));
        if (d.missingTarget() != null) { // written only when given: the default follows "missing"
            o.put("missing_target", name(d.missingTarget()));
        }
        if (d.season() != null) { // written only when given: the default comes from the time column's step
            o.put("season", d.season());
        }
        if (!d.resolvedLayout().readsText()) { // a text run's description is unchanged
            o.put("transform", d.transform() == null ? null : d.transform().toString());
            o.put("target_mode", d.targetMode() == null ? null : d.targetMode().cliName());
        }
        o.put("val_split", d.valSplit());
        o.put("val_file", d.valFile() == null ? null : d.valFile().toString());
        o.put("delimiter", String.valueOf(d.delimiter()));
        if (d.resolvedLayout().readsText()) { // written for a text run only: a table's description is unchanged
            o.put("tokens", d.text().tokens().cliName());
            o.put("min_count", d.text().minCount());
            o.put("max_vocab", d.text().maxVocab());
            if (d.text().column() != null) {
                o.put("text", d.text().column());
            }
        }
        return o;
    }

    /** Reads {@link #data(DataOptions)}'s object for a run of {@code config}. */
    public static DataOptions data(JsonNode o, TrainConfig config) {
        Reader r = new Reader("data", o, DATA_FIELDS);
        DataOptions.Builder b = DataOptions.builder(config.seed())
                .output(config.output() == OutputMode.SEQUENCE ? TargetMode.SEQUENCE : TargetMode.LAST)
                .classification(config.loss().isClassification())
                .targets(r.columns("targets")).features(r.node("features").isNull() ? null : r.columns("features"))
                .categorical(!r.has("categorical") || r.node("categorical").isNull() ? java.util.List.of()
                        : r.columns("categorical"))
                .id(r.optionalText("id")).time(r.optionalText("time"))
                .layout(r.node("layout").isNull() ? null : r.layout("layout"))
                .steps(r.node("steps").isNull() ? null : r.whole("steps"))
                .window(r.whole("window")).horizon(horizon(r)).stride(r.whole("stride"))
                .normalize(r.choice("normalize", Normalization.class)).missing(r.choice("missing", MissingPolicy.class))
                .missingTarget(!r.has("missing_target") || r.node("missing_target").isNull() ? null
                        : r.choice("missing_target", MissingTargetPolicy.class))
                .season(!r.has("season") || r.node("season").isNull() ? null : r.whole("season"))
                .transform(!r.has("transform") || r.node("transform").isNull() ? null : r.transform("transform"))
                .targetMode(!r.has("target_mode") ? TargetForm.LEVEL // written before target modes: what it trained
                        : r.node("target_mode").isNull() ? null : r.choice("target_mode", TargetForm.class))
                .valSplit(r.number("val_split"))
                .valFile(r.node("val_file").isNull() ? null : Path.of(r.text("val_file")));
        if (r.has("tokens") || r.has("min_count") || r.has("max_vocab")) { // a text run's
            try {
                b.text(new TextOptions(r.has("tokens") ? TokenKind.fromJson(r.text("tokens"))
                        : TextOptions.DEFAULT_TOKENS,
                        r.has("min_count") ? r.whole("min_count") : TextOptions.DEFAULT_MIN_COUNT,
                        r.has("max_vocab") ? r.whole("max_vocab") : TextOptions.DEFAULT_MAX_VOCAB,
                        r.has("text") ? r.optionalText("text") : null));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("data." + rnn.option.OptionRef.render(e.getMessage(), f -> f), e);
            }
        }
        String delimiter = r.text("delimiter");
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("data.delimiter: expected one character, got \"" + delimiter + "\"");
        }
        try {
            return b.delimiter(delimiter.charAt(0)).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("data: " + e.getMessage(), e);
        }
    }

    /** {@code "horizon"}: a whole number H (one step) or the text {@code "1..H"} (a path), as on the command line. */
    private static Horizon horizon(Reader r) {
        if (!r.node("horizon").isTextual()) {
            return Horizon.step(r.whole("horizon"));
        }
        try {
            return Horizon.parse(r.text("horizon"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data.horizon: " + e.getMessage(), e);
        }
    }

    /** The configuration of {@code model}, {@code training} and {@code output} objects written by the methods above. */
    public static TrainConfig config(JsonNode model, JsonNode training, JsonNode output) {
        return new TrainConfig(model(model), training(training), output(output));
    }

    public static ModelConfig model(JsonNode o) {
        Reader r = new Reader("model", o, MODEL_FIELDS);
        JsonNode h = r.node("hidden");
        if (!h.isArray() || h.isEmpty()) {
            throw new IllegalArgumentException("model.hidden: expected an array of layer sizes, got " + h);
        }
        int[] hidden = new int[h.size()];
        for (int i = 0; i < hidden.length; i++) {
            if (!h.get(i).canConvertToInt() || !h.get(i).isIntegralNumber()) {
                throw new IllegalArgumentException("model.hidden: expected an array of layer sizes, got " + h);
            }
            hidden[i] = h.get(i).intValue();
        }
        CellType cell = r.choice("cell", CellType.class);
        Activation activation = r.choice("activation", Activation.class);
        // a description that records no variant was written when classic was the default
        GruVariant variant = r.has("gru_variant") ? r.choice("gru_variant", GruVariant.class)
                : GruVariant.UNRECORDED;
        double dropout = r.number("dropout");
        OutputMode output = r.choice("output", OutputMode.class);
        double recurrentDropout = r.has("recurrent_dropout") ? r.number("recurrent_dropout")
                : ModelConfig.DEFAULT_RECURRENT_DROPOUT;
        boolean bidirectional = o.has("bidirectional") && r.bool("bidirectional"); // absent before [layers]
        int catDim = !o.has("cat_dim") || o.get("cat_dim").isNull() ? ModelConfig.AUTO_CAT_DIM : r.whole("cat_dim");
        if (catDim == ModelConfig.AUTO_CAT_DIM && o.has("cat_dim") && !o.get("cat_dim").isNull()) {
            throw new IllegalArgumentException("model.cat_dim: expected a whole number from 1 to "
                    + ModelConfig.MAX_CAT_DIM + " or null, got 0");
        }
        int embedding = o.has("embedding") ? r.whole("embedding") : ModelConfig.DEFAULT_EMBEDDING; // before [text]
        try {
            return new ModelConfig(cell, hidden, activation, variant, dropout, output, recurrentDropout,
                    bidirectional, catDim, embedding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model." + e.getMessage(), e);
        }
    }

    public static TrainingConfig training(JsonNode o) {
        Reader r = new Reader("training", o, TRAINING_FIELDS);
        OptimizerSettings opt = OptimizerSettings.defaults(r.choice("optimizer", OptimizerSettings.Kind.class))
                .withWeightDecay(r.number("weight_decay")).withMomentum(r.number("momentum"))
                .withNesterov(r.bool("nesterov"));
        int epochs = r.whole("epochs");
        int batch = r.whole("batch_size");
        double lr = r.number("lr");
        double clipNorm = r.number("clip_norm");
        double clipValue = r.number("clip_value");
        int tbptt = r.whole("tbptt");
        String schedule = r.text("lr_schedule");
        int patience = r.whole("early_stopping");
        Loss loss = r.choice("loss", Loss.class);
        long seed = r.wholeLong("seed");
        int threads = r.whole("threads");
        boolean stateful = o.has("stateful") && r.bool("stateful"); // absent before [text] --stateful
        try {
            return new TrainingConfig(epochs, batch, lr, opt, clipNorm, clipValue, tbptt, schedule, patience, loss,
                    seed, threads, stateful);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training." + e.getMessage(), e);
        }
    }

    public static OutputConfig output(JsonNode o) {
        Reader r = new Reader("output", o, OUTPUT_FIELDS);
        Path out = r.node("out").isNull() ? null : Path.of(r.text("out"));
        int every = r.whole("checkpoint_every");
        int keep = r.whole("keep");
        LossPlot.Format plot = r.choice("plot", LossPlot.Format.class);
        try {
            return new OutputConfig(out, every, keep, plot);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output." + e.getMessage(), e);
        }
    }

    /** Typed access to one object's fields, with messages naming {@code object.field}. */
    private record Reader(String object, JsonNode o, Set<String> fields) {

        Reader {
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException(object + ": expected an object, got " + o);
            }
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!fields.contains(f)) {
                    throw new IllegalArgumentException(object + "." + f + ": not a field of " + object);
                }
            }
        }

        boolean has(String f) {
            return o.has(f);
        }

        JsonNode node(String f) {
            JsonNode n = o.get(f);
            if (n == null) {
                throw new IllegalArgumentException(object + "." + f + ": missing");
            }
            return n;
        }

        String text(String f) {
            return typed(f, JsonNode::isTextual, "a string").textValue();
        }

        /** The field's node when {@code ok} accepts it. */
        private JsonNode typed(String f, java.util.function.Predicate<JsonNode> ok, String expected) {
            JsonNode n = node(f);
            if (!ok.test(n)) {
                throw bad(f, expected, n);
            }
            return n;
        }

        String optionalText(String f) {
            return node(f).isNull() ? null : text(f);
        }

        java.util.List<String> columns(String f) {
            JsonNode n = node(f);
            java.util.List<String> l = new java.util.ArrayList<>();
            if (n.isArray()) {
                for (JsonNode c : n) {
                    if (!c.isTextual()) {
                        throw bad(f, "an array of column names", n);
                    }
                    l.add(c.textValue());
                }
                return l;
            }
            throw bad(f, "an array of column names", n);
        }

        int whole(String f) {
            long v = wholeLong(f);
            if (v != (int) v) {
                throw bad(f, "a whole number", node(f));
            }
            return (int) v;
        }

        long wholeLong(String f) {
            return typed(f, n -> n.isIntegralNumber() && n.canConvertToLong(), "a whole number").longValue();
        }

        double number(String f) {
            return typed(f, JsonNode::isNumber, "a number").doubleValue();
        }

        boolean bool(String f) {
            return typed(f, JsonNode::isBoolean, "true or false").booleanValue();
        }

        <E extends Enum<E>> E choice(String f, Class<E> type) {
            String v = text(f);
            for (E e : type.getEnumConstants()) {
                if (name(e).equals(v)) {
                    return e;
                }
            }
            throw bad(f, "one of " + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                    .map(ConfigJson::name).toList()), node(f));
        }

        rnn.data.TargetTransforms transform(String f) {
            try {
                return rnn.data.TargetTransforms.parseValue(text(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(object + "." + f + ": " + e.getMessage(), e);
            }
        }

        Layout layout(String f) {
            return Layouts.named(text(f)).orElseThrow(() -> bad(f, "one of " + Layouts.names(), node(f)));
        }

        private IllegalArgumentException bad(String f, String expected, JsonNode got) {
            return new IllegalArgumentException(object + "." + f + ": expected " + expected + ", got " + got);
        }
    }
}
