package rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import rnn.data.DataLoader;
import rnn.data.Dataset;
import rnn.nn.Compute;
import rnn.nn.RecurrentModel;
import rnn.use.TextEvaluation;
import rnn.use.EvalReport;
import rnn.use.Evaluator;
import rnn.use.Predictor;

/**
 * {@code rnn eval}: a trained model's metrics on a labelled CSV file, with quality gates for CI (DESIGN §2, §5):
 * when a gate fails, one line on stderr names the metric and by how much it missed, and the exit code is 5.
 */
@Command(name = "eval", sortOptions = false,
        description = {"Scores a trained model on labelled data, with quality gates for CI.",
            "",
            "DATA.csv is read with the model's schema, like predict, with the targets. Regression: MSE, RMSE, MAE "
                + "and R² in the target's units, the loss in normalised units (as loss.csv), and naive baselines on "
                + "the same examples (last value and seasonal naive for windows whose target is an input; mean of "
                + "the training targets). Classification: accuracy, macro-F1, the confusion matrix, log-loss and the "
                + "majority class of the training part.",
            "The training file (by its SHA-256) is scored on the examples training validated on, any other file "
                + "whole (--split).",
            "Gates: when a metric misses its limit, one line on stderr says which and by how much, and the exit "
                + "code is 5.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn eval --model runs/spots sample-data/sunspots.csv",
            "  rnn eval --model runs/spots --max-rmse 30 --max-loss 0.5 --json test.csv",
            "  rnn eval --model runs/activity --min-accuracy 0.9 test.csv"})
final class EvalCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(EvalCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Significant digits of numbers in the table and in gate messages. */
    private static final int DIGITS = 6;

    @Spec
    CommandSpec spec;

    @Mixin
    UseOptions use;

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "DATA.csv", description =
            UseOptions.DATA_DESCRIPTION + " A text model without it scores the validation part of its training file "
            + "(as it does given that file).")
    Path data;

    @Option(names = "--json", order = 6, description = "Print the report as JSON on stdout (and nothing else there).")
    boolean json;

    @Option(names = "--max-loss", paramLabel = "X", order = 7, description = "Gate: fail (exit 5) when the loss, in "
            + "normalised units as in loss.csv, is above X.")
    Double maxLoss;

    @Option(names = "--max-rmse", paramLabel = "X", order = 8, description = "Gate (regression): fail (exit 5) when "
            + "the RMSE, in the target's units, is above X.")
    Double maxRmse;

    @Option(names = "--min-accuracy", paramLabel = "A", order = 9, description = "Gate (classification): fail "
            + "(exit 5) when the accuracy is below A (a fraction in [0, 1]).")
    Double minAccuracy;

    @Option(names = "--plot", paramLabel = "FILE.png|svg", order = 12, description = "Also draw the model: a forecast"
            + " model's actual values, predictions, naive forecast (faint) and forecast after the end of the file per "
            + "series (the first 12), the validation part marked; a classifier's confusion matrix.")
    Path plot;

    @Option(names = "--split", paramLabel = "PART", order = 11, converter = EvalSplit.Parts.class,
            completionCandidates = EvalSplit.Parts.class, description = "Which examples to score: "
            + "${COMPLETION-CANDIDATES}: the examples training validated or trained on (DATA must be the model's "
            + "training file, by its SHA-256), or every example. Default: validation for the training file, all for "
            + "another file; the report says which and why.")
    EvalSplit.Part split;

    @Option(names = "--max-perplexity", paramLabel = "X", order = 10, description = "Gate (text models): fail "
            + "(exit 5) when the perplexity, e^(nats per token), is above X.")
    Double maxPerplexity;

    /** One gate and how the metric fared. */
    record Gate(String flag, String metric, double limit, boolean upper, double value) {
        boolean passed() {
            return upper ? value <= limit : value >= limit;
        }

        /** The one line on stderr. */
        String line() {
            if (passed()) {
                return "gate passed: " + flag + " " + number(limit) + ": " + metric + " is " + number(value);
            }
            if (Double.isNaN(value)) {
                return "gate failed: " + flag + " " + number(limit) + ": " + metric + " is undefined (NaN)";
            }
            return "gate failed: " + flag + " " + number(limit) + ": " + metric + " is " + number(value) + ", "
                    + number(Math.abs(value - limit)) + (upper ? " too high" : " too low");
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        use.data = data;
        use.apply(cl);
        checkLimit(cl, "--max-loss", maxLoss, false);
        checkLimit(cl, "--max-rmse", maxRmse, false);
        checkLimit(cl, "--min-accuracy", minAccuracy, true);
        checkLimit(cl, "--max-perplexity", maxPerplexity, false);
        ModelSource source = use.open();
        if (source.schema().contract().layout().readsText()) {
            return text(cl, source);
        }
        if (maxPerplexity != null) {
            throw new CommandLine.ParameterException(cl, "--max-perplexity: expected a text model (--layout text), "
                    + "got a " + source.schema().contract().layout().cliName() + " model (" + source.file()
                    + "); use --max-loss");
        }
        boolean classification = source.schema().contract().classification();
        if (classification && maxRmse != null) {
            throw new CommandLine.ParameterException(cl, "--max-rmse: expected a regression model, got a "
                    + "classification model (" + source.file() + "); use --min-accuracy or --max-loss");
        }
        if (!classification && minAccuracy != null) {
            throw new CommandLine.ParameterException(cl, "--min-accuracy: expected a classification model, got a "
                    + "regression model (" + source.file() + "); use --max-rmse or --max-loss");
        }
        use.requireData(cl, " (only a text model's eval scores the validation part of its training file without"
                + " one)");
        if (plot != null) {
            Pictures.check(cl, plot, source.schema().contract(), true);
        }
        rnn.data.DataInput input = DataArgument.input(use.data).withSha256();
        Dataset whole = DataLoader.loadForModel(input, source.schema().contract(), use.delimiter(cl, source),
                DataLoader.Purpose.EVALUATE);
        String dataSha = input.sha256(); // once: the digest is taken when asked
        EvalSplit.Chosen part = EvalSplit.choose(cl, split, whole, source.schema(), trainedSha(source), dataSha,
                use.data);
        Dataset dataset = part.data();
        LOG.info("model: {}: {}", source.file(), source.describe());
        LOG.info("evaluating {} {} of {}: {}", dataset.size(), PredictCommand.noun(source), use.data,
                part.describe());
        EvalReport report;
        try (Compute compute = use.compute(source.spec(), dataset)) {
            RecurrentModel model = source.build(compute);
            report = Evaluator.evaluate(model, dataset, source.schema().contract(), source.config().loss(),
                    use.batchSize, use.allowNonfinite ? (batch, pred) -> { }
                            : (batch, pred) -> source.checkPredictions(pred, batch));
        }
        EvalReport.ClassBaseline majority = rnn.use.Baselines.majority(dataset, source.schema().contract(),
                source.schema().report().split().trainClasses());
        if (report.classification() != null && report.classification().unseen() > 0) {
            EvalReport.Classification c = report.classification();
            LOG.warn("{} of {} {} have a class training never saw ({}): counted as wrong, left out of log-loss",
                    c.unseen(), c.total(), source.schema().contract().output() == rnn.data.TargetMode.SEQUENCE ? "steps"
                            : PredictCommand.noun(source), String.join(", ", c.unseenClasses().stream()
                            .map(s -> "\"" + s + "\"").toList()));
        }
        if (plot != null) {
            draw(source, report, whole, dataSha, trainedSha(source));
        }
        List<Gate> gates = gates(report);
        PrintWriter out = cl.getOut();
        if (json) {
            out.println(JSON.writeValueAsString(toJson(report, source, gates, part, majority)));
        } else {
            table(out, report, source, part, majority);
        }
        out.flush();
        return reportGates(cl, gates);
    }

    /**
     * {@code --plot}: a classifier's confusion matrix; a forecast model's picture from a second pass over DATA read
     * for prediction (every window, so that the forecast after the end is there too; DATA from standard input is
     * read once: its picture has the scored windows only), the validation part marked when DATA is the training file.
     */
    private void draw(ModelSource source, EvalReport report, Dataset whole, String dataSha, String trainedSha)
            throws java.io.IOException {
        rnn.data.InputContract c = source.schema().contract();
        if (report.classification() != null) {
            Pictures.write(plot, report.classification());
            return;
        }
        boolean again = !"-".equals(use.data.toString());
        Dataset all = again ? DataLoader.loadForModel(DataArgument.input(use.data), c, use.delimiter(
                spec.commandLine(), source), DataLoader.Purpose.PREDICT) : whole;
        rnn.use.ForecastPicture picture = Pictures.forecast(all, c);
        try (Compute compute = use.compute(source.spec(), all)) {
            Predictor.forEachBatch(source.build(compute), all, use.batchSize, picture::add);
        }
        Dataset validation = EvalSplit.validationPart(whole, source.schema(), trainedSha, dataSha);
        if (validation != null) {
            for (int k = 0; k < validation.size(); k++) {
                picture.markValidation(validation.series(k), validation.stepX(k, validation.steps(k) - 1, 0));
            }
        }
        Pictures.write(plot, picture, c);
    }

    /**
     * A text model: nats per token, bits per character (per token for a word model), perplexity and top-1
     * accuracy over every window of DATA read as training read its text; gates --max-loss (nats per token),
     * --max-perplexity, --min-accuracy.
     */
    private int text(CommandLine cl, ModelSource source) throws java.io.IOException {
        if (maxRmse != null) {
            throw new CommandLine.ParameterException(cl, "--max-rmse: expected a regression model, got a text model ("
                    + source.file() + "); use --max-perplexity, --max-loss or --min-accuracy");
        }
        TextPart part = textPart(cl, source);
        Dataset dataset = part.windows();
        LOG.info("model: {}: {}", source.file(), source.describe());
        LOG.info("evaluating {} windows of {}: {}", dataset.size(), part.file(), part.description());
        TextEvaluation e;
        try (Compute compute = use.compute(source.spec(), dataset)) {
            RecurrentModel model = source.build(compute);
            e = TextEvaluation.of(model, dataset, use.batchSize, use.allowNonfinite ? (batch, pred) -> { }
                    : (batch, pred) -> source.checkPredictions(pred, batch));
        }
        boolean chars = source.schema().contract().shape().tokens() == rnn.data.TokenKind.CHAR;
        String bitsName = chars ? "bits/char" : "bits/token";
        List<Gate> gates = new ArrayList<>();
        if (maxLoss != null) {
            gates.add(new Gate("--max-loss", "loss (xent, nats/token)", maxLoss, true, e.natsPerToken()));
        }
        if (maxPerplexity != null) {
            gates.add(new Gate("--max-perplexity", "perplexity", maxPerplexity, true, e.perplexity()));
        }
        if (minAccuracy != null) {
            gates.add(new Gate("--min-accuracy", "accuracy", minAccuracy, false, e.accuracy()));
        }
        PrintWriter out = cl.getOut();
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            o.put("model", source.file().toString());
            o.put("data", part.file().toString());
            o.put("part", part.part() == EvalSplit.Part.ALL ? "whole" : Choice.name(part.part()));
            o.put("split", Choice.name(part.part()));
            o.put("task", "text");
            o.put("examples", e.windows());
            o.put("scored", e.tokens());
            o.put("loss_function", "xent");
            JsonNumbers.putFinite(o, "loss", e.natsPerToken());
            ObjectNode m = o.putObject("metrics");
            JsonNumbers.putFinite(m, "nats_per_token", e.natsPerToken());
            JsonNumbers.putFinite(m, chars ? "bits_per_char" : "bits_per_token", e.bitsPerToken());
            JsonNumbers.putFinite(m, "perplexity", e.perplexity());
            JsonNumbers.putFinite(m, "accuracy", e.accuracy());
            m.put("correct", e.correct());
            m.put("total", e.tokens());
            gatesJson(o, gates);
            out.println(JSON.writeValueAsString(o));
        } else {
            out.println("model       " + source.file() + " (" + source.describe() + ")");
            out.println("data        " + part.file() + ": " + part.description() + ", " + e.windows() + " windows, "
                    + e.tokens() + " tokens predicted");
            out.println();
            out.println("nats/token  " + number(e.natsPerToken()) + " (the training objective, xent)");
            out.println(String.format(Locale.ROOT, "%-11s %s", bitsName, number(e.bitsPerToken())));
            out.println("perplexity  " + number(e.perplexity()));
            out.println("accuracy    " + number(e.accuracy()) + " (" + e.correct() + " of " + e.tokens()
                    + " next tokens were the top prediction)");
        }
        out.flush();
        return reportGates(cl, gates);
    }

    /**
     * What a text model's eval scores: DATA whole, or the validation part of the training file when DATA is left
     * out or has the training file's contents (its SHA-256 and token count as the checkpoint records them), read
     * as training read it (in streams with the state carried for a {@code --stateful} model).
     *
     * @param file        the text read
     * @param windows     its windows scored
     * @param part        which part of the text they are ({@code --split})
     * @param description "the whole file" or "the validation part (tokens A to N−1 of N, the last F)"
     */
    private record TextPart(Path file, Dataset windows, EvalSplit.Part part, String description) {
    }

    private TextPart textPart(CommandLine cl, ModelSource source) {
        rnn.data.DataSchema schema = source.schema();
        long tokens = schema.report().rows();
        long start = schema.textValidationStart();
        String sha = source.checkpoint().metadata().get(rnn.io.Checkpoint.INPUT_SHA256_KEY);
        Path file = use.data;
        if (file == null) {
            Path trained = source.run().dataFile();
            if (trained == null || sha == null) {
                throw new CommandLine.ParameterException(cl, "Missing required parameter: 'DATA.csv' (the model does "
                        + "not record its training file, whose validation part eval scores without one)");
            }
            if (start >= tokens) {
                throw new CommandLine.ParameterException(cl, "Missing required parameter: 'DATA.csv' (the model was "
                        + "trained without a validation part, --val-split 0, so there is none to score)");
            }
            if (!Files.isRegularFile(trained)) {
                throw rnn.data.DataException.data(trained + ": expected the model's training file, whose validation "
                        + "part eval scores without DATA, got no such file; give the text to score as DATA");
            }
            file = trained;
        }
        rnn.data.DataInput input = DataArgument.input(file).withSha256();
        Dataset whole = DataLoader.loadForModel(input, schema.contract(), use.delimiter(cl, source),
                DataLoader.Purpose.EVALUATE);
        boolean training = input.sha256().equals(sha) && whole.textTokens() == tokens;
        if (use.data == null && !training) {
            throw rnn.data.DataException.data(file + ": expected the model's training file (SHA-256 "
                    + shortSha(sha) + "), whose validation part eval scores without DATA, got other contents (SHA-256 "
                    + shortSha(input.sha256()) + "); give the text to score as DATA (it is scored whole)");
        }
        if (split == EvalSplit.Part.ALL) {
            return new TextPart(file, whole, EvalSplit.Part.ALL, "the whole file, as --split all asks");
        }
        String flag = split == null ? null : "--split " + Choice.name(split);
        if (split != null && !training) {
            throw new CommandLine.ParameterException(cl, flag + ": expected the model's training file (SHA-256 "
                    + shortSha(sha) + " and " + tokens + " tokens), got " + file + " (SHA-256 "
                    + shortSha(input.sha256()) + "); use --split all (the default for another file)");
        }
        if (split == EvalSplit.Part.VALIDATION && start >= tokens) {
            throw new CommandLine.ParameterException(cl, flag + ": expected a model validated on a part of " + file
                    + ", got one trained without a validation part (--val-split 0); use --split all");
        }
        if (split == null && (!training || start >= tokens)) {
            return new TextPart(file, whole, EvalSplit.Part.ALL, "the whole file");
        }
        boolean validation = split != EvalSplit.Part.TRAINING;
        Dataset part = validation ? whole.textFrom(start) : whole.textUpTo(start);
        String streams = "";
        if (source.config().training().stateful()) {
            part = part.textInStreams(source.config().batchSize());
            streams = String.format(Locale.ROOT, ", in %d streams with the state carried, as --stateful training"
                    + " read it", part.streams());
        }
        String description = validation ? String.format(Locale.ROOT, "the validation part (tokens %d to %d of"
                + " %d, the last %s)%s", start, tokens - 1, tokens,
                rnn.data.DataSchema.percent(schema.report().split().valSplit()), streams)
                : String.format(Locale.ROOT, "the training part (tokens 0 to %d of %d)%s", start - 1, tokens, streams);
        return new TextPart(file, part, validation ? EvalSplit.Part.VALIDATION : EvalSplit.Part.TRAINING,
                description + (flag == null ? "" : ", as " + flag + " asks"));
    }

    /** The training file's SHA-256 as the checkpoint records it, or {@code null}. */
    private static String trainedSha(ModelSource source) {
        return source.checkpoint().metadata().get(rnn.io.Checkpoint.INPUT_SHA256_KEY);
    }

    private static String shortSha(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }

    private int reportGates(CommandLine cl, List<Gate> gates) {
        PrintWriter err = cl.getErr();
        boolean failed = false;
        for (Gate g : gates) {
            if (!g.passed()) {
                failed = true;
                err.println(g.line());
            } else if (!use.quiet) {
                err.println(g.line());
            }
        }
        err.flush();
        return failed ? ExitCodes.GATE_FAILED : ExitCodes.OK;
    }

    private static void gatesJson(ObjectNode o, List<Gate> gates) {
        ArrayNode g = o.putArray("gates");
        for (Gate gate : gates) {
            ObjectNode n = g.addObject();
            n.put("gate", gate.flag());
            n.put("limit", gate.limit());
            JsonNumbers.putFinite(n, "value", gate.value());
            n.put("passed", gate.passed());
        }
    }

    private static void checkLimit(CommandLine cl, String flag, Double v, boolean fraction) {
        if (v == null) {
            return;
        }
        if (fraction ? !(v >= 0 && v <= 1) : !(v >= 0 && v < Double.POSITIVE_INFINITY)) {
            throw new CommandLine.ParameterException(cl, flag + ": expected " + (fraction ? "a fraction in [0, 1]"
                    : "a number >= 0") + ", got " + number(v));
        }
    }

    private List<Gate> gates(EvalReport r) {
        List<Gate> g = new ArrayList<>();
        if (maxLoss != null) {
            g.add(new Gate("--max-loss", "loss (" + r.lossName() + ", normalised)", maxLoss, true, r.loss()));
        }
        if (maxRmse != null) {
            g.add(new Gate("--max-rmse", "rmse", maxRmse, true, r.regression().model().rmse()));
        }
        if (minAccuracy != null) {
            g.add(new Gate("--min-accuracy", "accuracy", minAccuracy, false, r.classification().accuracy()));
        }
        return g;
    }

    // ---- the report as a table ----

    private void table(PrintWriter out, EvalReport r, ModelSource source, EvalSplit.Chosen part,
                       EvalReport.ClassBaseline majority) {
        out.println("model     " + source.file() + " (" + source.describe() + ")");
        out.println("data      " + use.data + ": " + r.examples() + " " + PredictCommand.noun(source)
                + (r.scored() != r.examples() ? ", " + r.scored() + " scored steps" : ""));
        out.println("split     " + part.describe());
        if (r.regression() != null) {
            EvalReport.Regression g = r.regression();
            List<String> head = new ArrayList<>(List.of("", "model"));
            g.baselines().forEach(b -> head.add(b.name()));
            List<List<String>> rows = new ArrayList<>();
            rows.add(head);
            rows.add(metricRow("loss (" + r.lossName() + ", normalised)", r.loss(), g, EvalReport.Baseline::loss));
            rows.add(metricRow("mse", g.model().mse(), g, b -> b.errors().mse()));
            rows.add(metricRow("rmse", g.model().rmse(), g, b -> b.errors().rmse()));
            rows.add(metricRow("mae", g.model().mae(), g, b -> b.errors().mae()));
            rows.add(metricRow("r2", g.model().r2(), g, b -> b.errors().r2()));
            out.println();
            TextTable.print(out, rows, TextTable.Align.RIGHT);
            if (g.perTarget().size() > 1) {
                List<List<String>> per = new ArrayList<>();
                per.add(List.of("target", "mse", "rmse", "mae", "r2"));
                for (Map.Entry<String, EvalReport.Errors> e : g.perTarget().entrySet()) {
                    EvalReport.Errors x = e.getValue();
                    per.add(List.of(e.getKey(), number(x.mse()), number(x.rmse()), number(x.mae()), number(x.r2())));
                }
                out.println();
                TextTable.print(out, per, TextTable.Align.RIGHT);
            }
            if (!g.perStep().isEmpty()) {
                List<List<String>> per = new ArrayList<>();
                per.add(List.of("step", "mse", "rmse", "mae", "r2"));
                for (int h = 0; h < g.perStep().size(); h++) {
                    EvalReport.Errors x = g.perStep().get(h);
                    per.add(List.of(Integer.toString(h + 1), number(x.mse()), number(x.rmse()), number(x.mae()),
                            number(x.r2())));
                }
                out.println();
                TextTable.print(out, per, TextTable.Align.RIGHT);
            }
            out.println();
            for (EvalReport.Baseline b : g.baselines()) {
                out.println(b.name() + ": " + b.description());
            }
            if (g.baselineNote() != null) {
                out.println(g.baselineNote());
            }
            out.println("mse, rmse, mae and r2 are in the target's units");
        } else {
            EvalReport.Classification c = r.classification();
            out.println();
            out.println("accuracy  " + number(c.accuracy()) + " (" + c.correct() + " of " + c.total() + ")");
            out.println("macro-F1  " + number(c.macroF1()));
            out.println("log-loss  " + number(c.logLoss()) + " (the training objective, xent)");
            if (majority != null) {
                out.println("majority  accuracy " + number(majority.accuracy()) + ", log-loss "
                        + number(majority.logLoss()) + " (baseline: " + majority.description() + ")");
            }
            out.println();
            out.println("confusion matrix (rows: true class, columns: predicted class)");
            List<List<String>> rows = new ArrayList<>();
            List<String> head = new ArrayList<>(List.of(""));
            head.addAll(c.classes());
            rows.add(head);
            for (int i = 0; i < c.confusion().length; i++) {
                List<String> row = new ArrayList<>();
                row.add(i < c.classes().size() ? c.classes().get(i)
                        : c.unseenClasses().get(i - c.classes().size()) + " (unseen)");
                for (long v : c.confusion()[i]) {
                    row.add(Long.toString(v));
                }
                rows.add(row);
            }
            TextTable.print(out, rows, TextTable.Align.RIGHT);
        }
    }

    private static List<String> metricRow(String name, double model, EvalReport.Regression g,
                                          java.util.function.ToDoubleFunction<EvalReport.Baseline> of) {
        List<String> row = new ArrayList<>(List.of(name, number(model)));
        // a baseline's loss is undefined for a transformed target (the model's loss is in transformed units)
        g.baselines().forEach(b -> row.add(Double.isNaN(of.applyAsDouble(b)) ? "-" : number(of.applyAsDouble(b))));
        return row;
    }

    /** {@value #DIGITS} significant digits, no trailing zeros, no exponent for ordinary magnitudes. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(DIGITS)).stripTrailingZeros();
        if (d.compareTo(BigDecimal.ZERO) == 0) {
            return "0";
        }
        int exp = d.precision() - d.scale() - 1;
        return exp < -6 || exp > 12 ? String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", v) : d.toPlainString();
    }

    // ---- the report as JSON ----

    private ObjectNode toJson(EvalReport r, ModelSource source, List<Gate> gates, EvalSplit.Chosen part,
                              EvalReport.ClassBaseline majority) {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", source.file().toString());
        o.put("data", use.data.toString());
        o.put("split", Choice.name(part.part()));
        o.put("split_reason", part.reason());
        o.put("task", r.task());
        o.put("examples", r.examples());
        o.put("scored", r.scored());
        o.put("loss_function", r.lossName());
        JsonNumbers.putFinite(o, "loss", r.loss());
        if (r.regression() != null) {
            EvalReport.Regression g = r.regression();
            o.set("metrics", errors(g.model()));
            ObjectNode per = o.putObject("per_target");
            g.perTarget().forEach((k, v) -> per.set(k, errors(v)));
            if (!g.perStep().isEmpty()) { // a path 1..H: {"step": h, mse, rmse, mae, r2} for h = 1..H
                ArrayNode steps = o.putArray("per_step");
                for (int h = 0; h < g.perStep().size(); h++) {
                    steps.add(JSON.createObjectNode().put("step", h + 1).setAll(errors(g.perStep().get(h))));
                }
            }
            ObjectNode base = o.putObject("baselines");
            for (EvalReport.Baseline b : g.baselines()) {
                ObjectNode n = errors(b.errors());
                JsonNumbers.putFinite(n, "loss", b.loss());
                n.put("description", b.description());
                base.set(b.name(), n);
            }
            if (g.baselineNote() != null) {
                o.put("baseline_note", g.baselineNote());
            }
        } else {
            EvalReport.Classification c = r.classification();
            ObjectNode m = o.putObject("metrics");
            JsonNumbers.putFinite(m, "accuracy", c.accuracy());
            JsonNumbers.putFinite(m, "macro_f1", c.macroF1());
            JsonNumbers.putFinite(m, "log_loss", c.logLoss());
            m.put("correct", c.correct());
            m.put("total", c.total());
            ArrayNode classes = o.putArray("classes");
            c.classes().forEach(classes::add);
            ArrayNode unseen = o.putArray("unseen_classes");
            c.unseenClasses().forEach(unseen::add);
            o.put("unseen_class_examples", c.unseen());
            if (majority != null) {
                ObjectNode n = o.putObject("baselines").putObject(majority.name());
                n.put("class", majority.predicted());
                JsonNumbers.putFinite(n, "accuracy", majority.accuracy());
                JsonNumbers.putFinite(n, "log_loss", majority.logLoss());
                n.put("description", majority.description());
            }
            ArrayNode cm = o.putArray("confusion_matrix");
            for (long[] row : c.confusion()) {
                ArrayNode a = cm.addArray();
                for (long v : row) {
                    a.add(v);
                }
            }
        }
        gatesJson(o, gates);
        return o;
    }

    private static ObjectNode errors(EvalReport.Errors e) {
        ObjectNode n = JSON.createObjectNode();
        JsonNumbers.putFinite(n, "mse", e.mse());
        JsonNumbers.putFinite(n, "rmse", e.rmse());
        JsonNumbers.putFinite(n, "mae", e.mae());
        JsonNumbers.putFinite(n, "r2", e.r2());
        return n;
    }
}
