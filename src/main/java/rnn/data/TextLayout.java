package rnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A UTF-8 text as one stream of tokens (issue #11): the next-token layout. The training part is the first
 * ⌊(1 − F)·N⌋ tokens of the N (F = {@code --val-split}), validation the rest; in each part window i has inputs at
 * tokens i·S … i·S + T − 1 and targets one token later (T = {@code --window}, S = {@code --stride}; see
 * {@link TokenWindows}). The vocabulary comes from the training part only ({@link Vocabulary}); a symbol it does
 * not know reads as {@code <unk>}, with one warning giving the count. The contract stores the vocabulary as its
 * classes and the token kind in its shape; input 1 (the token id), outputs V, output sequence.
 *
 * <p>This layout reads no table: it overrides {@link #load} and {@link #loadForModel}, and the table methods are
 * never called on it.
 */
final class TextLayout extends NamedLayout {

    private static final Logger LOG = LogManager.getLogger(TextLayout.class);
    /** The contract's (only) feature and target "column": the token. */
    static final String TOKEN = "token";

    TextLayout() {
        super("text", "window");
    }

    @Override
    public boolean targetFollowsInputs() {
        return true;
    }

    @Override
    public boolean readsText() {
        return true;
    }

    @Override
    public LayoutShape shape(DataOptions options) {
        return new LayoutShape(options.window(), 1, options.stride(), null, options.text().tokens());
    }

    @Override
    public int targetOffset(LayoutShape shape) {
        return 1;
    }

    @Override
    public String describe(InputContract c, LoadReport r) {
        return String.format(Locale.ROOT, "layout: text, window %d, stride %d: %s", c.shape().window(),
                c.shape().stride(), DataSchema.plural(r.counts().examples(), "window"));
    }

    @Override
    public String validationRule(double valSplit, boolean classification) {
        return "validation = the last " + DataSchema.percent(valSplit) + " of the tokens";
    }

    /** The lines of "what was understood" for a text. */
    @Override
    public List<String> understood(DataSchema schema) {
        InputContract c = schema.contract();
        LoadReport r = schema.report();
        SplitCounts split = r.split();
        long trainTokens = trainTokens(r.rows(), split.valSplit());
        List<String> lines = new ArrayList<>();
        TokenKind kind = c.shape().tokens();
        String source = isDocumentsModel(c) ? String.format(Locale.ROOT, "%s column %s (one document per row, %s"
                + " after each)", r.file(), DataException.quote(c.features().get(0)), DocumentSource.EOD) : r.file();
        lines.add(String.format(Locale.ROOT, "data: %s, %s (%s)", source, DataSchema.plural(r.rows(), "token"),
                kind == TokenKind.CHAR ? "char: Unicode code points" : "word: words, numbers, punctuation, line breaks"));
        lines.add(String.format(Locale.ROOT, "vocabulary: %d symbols (with %s) from the %d training tokens",
                c.classes().size(), Vocabulary.UNK, trainTokens));
        lines.add(String.format(Locale.ROOT, "layout: text, window %d, stride %d: %d training windows of %d tokens,"
                        + " %d validation windows of %d tokens (%s)", c.shape().window(), c.shape().stride(),
                split.trainExamples(), trainTokens, split.validationExamples(), r.rows() - trainTokens,
                split.valSplit() == 0 ? "no validation" : validationRule(split.valSplit(), true)));
        lines.add("target: the next token (softmax over " + c.classes().size() + " symbols at every step)");
        for (String w : r.warnings()) {
            lines.add("warning: " + w);
        }
        return lines;
    }

    /** ⌊(1 − F)·N⌋: the tokens of the training part. */
    static long trainTokens(long tokens, double valSplit) {
        return (long) Math.floor((1 - valSplit) * tokens);
    }

    @Override
    public LoadedData load(DataInput input, DataOptions options) {
        if (options.valFile() != null) {
            throw DataException.option("val_file", "no validation file with the text layout (validation is the last"
                    + " part of the text)", DataException.quote(options.valFile().toString()), "use {{val_split}}");
        }
        TextOptions text = options.text();
        DocumentSource.Documents documents = text.column() == null ? null
                : DocumentSource.read(input, options.delimiter(), text.column(), text.tokens());
        TextSource.Symbols symbols = documents == null ? TextSource.read(input, text.tokens()) : documents.symbols();
        String column = documents == null ? TOKEN : documents.column();
        documents = null;
        int n = symbols.size();
        int trainTokens = (int) trainTokens(n, options.valSplit());
        int valTokens = n - trainTokens;
        int window = options.window();
        int stride = options.stride();
        String file = symbols.file;
        if (trainTokens < window + 1L) {
            throw DataException.file(file, "at least " + (window + 1L) + " tokens in the training part (the window of "
                    + window + " and the token after it)", trainTokens + " (the first " + trainTokens + " of "
                    + DataSchema.plural(n, text.tokens().cliName() + " token") + ")", "use a smaller {{window}} or a "
                    + "longer text");
        }
        if (valTokens > 0 && valTokens < window + 1L) {
            throw DataException.file(file, "at least " + (window + 1L) + " tokens in the validation part (the window"
                    + " of " + window + " and the token after it)", valTokens + " (the last " + valTokens + " of "
                    + DataSchema.plural(n, text.tokens().cliName() + " token") + ")",
                    "use a larger {{val_split}}, a smaller {{window}}, or {{val_split}} 0");
        }
        Vocabulary vocabulary = Vocabulary.build(symbols, trainTokens, text);
        TokenIds ids = new TokenIds(symbols, vocabulary, trainTokens);
        symbols = null;
        List<String> warnings = new ArrayList<>();
        if (ids.unknownBefore > 0) {
            warnings.add(ids.unknownBefore + " training tokens are rarer than the minimum count " + text.minCount()
                    + ": read as " + Vocabulary.UNK);
        }
        if (ids.unknownAfter > 0) {
            warnings.add(ids.unknownAfter + " validation tokens are not in the training part's vocabulary: read as "
                    + Vocabulary.UNK);
        }
        for (String w : warnings) {
            LOG.warn(w);
        }
        TokenWindows trainWindows = new TokenWindows(ids, 0, trainTokens, window, stride);
        TokenWindows valWindows = valTokens > 0 ? new TokenWindows(ids, trainTokens, valTokens, window, stride)
                : null;
        Dataset train = new Dataset(trainWindows, vocabulary.symbols());
        Dataset val = valWindows == null ? null : new Dataset(valWindows, vocabulary.symbols());
        InputContract contract = contract(shape(options), vocabulary.symbols(), column);
        int total = trainWindows.size() + (valWindows == null ? 0 : valWindows.size());
        LoadReport report = new LoadReport(file, n, 0, 0, trainTokens, new ExampleCounts(1, total, window, window),
                new SplitCounts(trainWindows.size(), valWindows == null ? 0 : valWindows.size(),
                        valTokens > 0 ? options.valSplit() : 0, null), List.of(), warnings);
        return new LoadedData(new DataSchema(contract, report), train, val);
    }

    /**
     * The contract of a text model: one input (the token id), the vocabulary as classes, output sequence; its one
     * column is {@value #TOKEN} for a text file, the CSV column of documents for a documents model (whose
     * vocabulary has {@code <eod>} as id 1).
     */
    static InputContract contract(LayoutShape shape, List<String> vocabulary, String column) {
        ColumnStats identity = new ColumnStats(column, 0, 1, 0, 0, 0, 0, 0);
        return new InputContract(new TextLayout(), shape, new ColumnRoles(List.of(column), List.of(column), null,
                null),
                1, vocabulary.size(), TargetMode.SEQUENCE, vocabulary,
                new Scaling(Normalization.NONE, List.of(identity), List.of()), MissingPolicy.ERROR);
    }

    /**
     * Every window of a text read with a trained model's vocabulary (the whole file is one part); symbols the
     * vocabulary does not know read as {@code <unk>} with one warning giving the count.
     */
    @Override
    public Dataset loadForModel(DataInput input, InputContract contract, char delimiter,
                                DataLoader.Purpose purpose) {
        LayoutShape shape = contract.shape();
        TextSource.Symbols symbols = isDocumentsModel(contract)
                ? DocumentSource.readForModel(input, delimiter, contract.features().get(0), shape.tokens())
                : TextSource.read(input, shape.tokens());
        int n = symbols.size();
        int window = shape.window();
        if (n < window + 1L) {
            throw DataException.file(symbols.file, "at least " + (window + 1L) + " tokens (the model's window of "
                    + window + " and the token after it)", String.valueOf(n), "give a longer text");
        }
        TokenIds ids = new TokenIds(symbols, Vocabulary.of(contract.classes()), n);
        if (ids.unknownBefore > 0) {
            LOG.warn("{}: {} tokens are not in the model's vocabulary: read as {}", symbols.file, ids.unknownBefore,
                    Vocabulary.UNK);
        }
        return new Dataset(new TokenWindows(ids, 0, n, window, shape.stride()), contract.classes());
    }

    /** Whether the model reads a CSV column of documents ({@code --text COL}): {@code <eod>} is its id 1. */
    static boolean isDocumentsModel(InputContract contract) {
        List<String> classes = contract.classes();
        return classes.size() > 1 && DocumentSource.EOD.equals(classes.get(1));
    }

    @Override
    public TableSource open(DataInput input, char delimiter) {
        throw new UnsupportedOperationException("the text layout reads no table");
    }

    @Override
    public SeriesIndex index(CsvTable t) {
        throw new UnsupportedOperationException("the text layout reads no table");
    }

    @Override
    public Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape) {
        throw new UnsupportedOperationException("the text layout reads no table");
    }
}
