package rnn.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;

import rnn.random.Rng;

/**
 * How the rows of a table form examples (DESIGN §3): one class per layout ({@link WindowLayout},
 * {@link LongLayout}, {@link WideLayout}), each registered once in {@link Layouts}. A layout is a stateless
 * strategy; its parameters (W, H, S; T) travel beside it as a {@link LayoutShape}.
 *
 * <p>A layout decides, for the loader: how the rows are grouped and ordered ({@link #index}), how missing values
 * are carried forward ({@link #fillForward}), which examples the rows give and where each example's target rows
 * are ({@link #examples}, {@link #targetOffset}, {@link #stepsInColumns}), which examples validate
 * ({@link #split}); for the model's contract: its parameters ({@link #shape}); for people: the "layout:" line and
 * the validation rule of the "what was understood" block ({@link #describe}, {@link #validationRule}), and its
 * noun; for predictions: which target statistics de-normalise an output ({@link #targetColumn}).
 *
 * <p>The methods taking package-private types ({@link CsvTable}, {@link SeriesIndex}, {@link Examples}) are for
 * {@code rnn.data} only. Adding a layout is one new class here plus one line in {@link Layouts}; nothing switches
 * on the layout elsewhere. A layout never knows how a command-line flag is spelled, except in the error messages
 * it shares with the rest of the data layer.
 */
public interface Layout extends Named {

    /** The layout's name ("window", "long", "wide"): the JSON form and the command-line value. */
    @JsonValue
    @Override
    String cliName();

    /** The layout called {@code name} in JSON (a name {@link Layouts} does not know is an error). */
    @JsonCreator
    static Layout fromJson(String name) {
        return Layouts.named(name).orElseThrow(() -> new IllegalArgumentException("layout: expected one of "
                + Layouts.names() + ", got " + DataException.quote(String.valueOf(name))));
    }

    /** What one example is called: "window", "sequence", "row". */
    String exampleNoun();

    /** The plural of {@link #exampleNoun()}. */
    default String examplesNoun() {
        return exampleNoun() + "s";
    }

    /** Whether the table must have a sequence id column (the long layout). */
    default boolean requiresId() {
        return false;
    }

    /**
     * Whether the steps of an example lie across the columns of one row (the wide layout: feature i at step t is
     * feature column t·I + i, and {@link LayoutShape#steps()} T is required) rather than down consecutive rows.
     */
    default boolean stepsInColumns() {
        return false;
    }

    /**
     * Whether an example's target row lies after its input rows (the window layout, H rows ahead): a target that
     * is also an input is then not leakage, a univariate series can be its own input, and the target's last input
     * value is a meaningful "no change" baseline.
     */
    default boolean targetFollowsInputs() {
        return false;
    }

    /** The layout's parameters from the options: the part of the {@link InputContract} it owns. */
    LayoutShape shape(DataOptions options);

    /**
     * How many rows after an example's step t its target row lies (window: H; others 0).
     */
    default int targetOffset(LayoutShape shape) {
        return 0;
    }

    /**
     * The target column (index into the contract's target statistics) of output o at step t, for a model of
     * {@code outputs} outputs: o, except where the steps lie in columns and each step has its own targets.
     */
    default int targetColumn(int t, int o, int outputs, boolean perStep) {
        return o;
    }

    /**
     * The "layout: ..." line of the "what was understood" block.
     */
    String describe(InputContract contract, LoadReport report);

    /** A note after the feature list of the "what was understood" block ("" for none). */
    default String featureNote(InputContract contract) {
        return "";
    }

    /**
     * How validation examples are chosen with a split fraction, for the "split:" line; by default the rule of
     * the default {@link #split}.
     */
    default String validationRule(double valSplit, boolean classification) {
        return "validation = a seeded random " + DataSchema.percent(valSplit)
                + (classification ? ", stratified by class" : "");
    }

    /**
     * Opens the source of this layout's tables: CSV for the layouts of release 1. A layout that reads another
     * format (plain text) returns its own {@link TableSource} here.
     */
    default TableSource open(DataInput input, char delimiter) {
        return CsvReader.open(input, delimiter);
    }

    /**
     * Whether this layout reads a text (a stream of tokens, {@link TextLayout}) rather than a table: its shape then
     * holds the token kind and its contract's classes are the vocabulary.
     */
    default boolean readsText() {
        return false;
    }

    /** The lines of "what was understood" for {@code schema}: by default those of a table. */
    default List<String> understood(DataSchema schema) {
        return schema.describeTable();
    }

    /** Loads a training file in this layout (by default a table, see {@link DataLoader}). */
    default LoadedData load(DataInput input, DataOptions options) {
        return DataLoader.loadTable(input, options);
    }

    /** Loads a file for a trained model in this layout (by default a table, see {@link DataLoader}). */
    default Dataset loadForModel(DataInput input, InputContract contract, char delimiter,
                                 DataLoader.Purpose purpose) {
        return DataLoader.loadTableForModel(input, contract, delimiter, purpose);
    }

    /** Groups and orders the rows of {@code t} into series or sequences; checks the time column. */
    SeriesIndex index(CsvTable t);

    /**
     * Applies {@code --missing ffill} in the layout's order (a no-op when nothing is missing): by default down each
     * series of the index.
     */
    default void fillForward(CsvTable t, SeriesIndex index, LayoutShape shape, TargetMode mode) {
        index.fillForward(t);
    }

    /**
     * The examples of a training (or validation) file.
     *
     * @throws DataException (data) when the file gives none
     */
    Examples examples(CsvTable t, SeriesIndex index, LayoutShape shape);

    /**
     * How many examples the rows dropped for missing values removed, given the {@code examples} formed without
     * them: by default 0 (not counted).
     */
    default long examplesLost(CsvTable t, SeriesIndex index, LayoutShape shape, int examples) {
        return 0;
    }

    /**
     * A warning about rows the examples leave out (the window layout: series too short for one window, skipped),
     * or {@code null}.
     */
    default String skippedNote(CsvTable t, SeriesIndex index, LayoutShape shape) {
        return null;
    }

    /**
     * The examples of a file read for a trained model: with {@code withTargets}, as in training; without (for
     * prediction), also the examples whose target rows lie beyond the file.
     */
    default Examples examplesForModel(CsvTable t, SeriesIndex index, LayoutShape shape, boolean withTargets) {
        return examples(t, index, shape);
    }

    /**
     * The validation rule: {train, validation} parts of {@code all}. By default round(F·N) examples chosen at
     * random with {@code rng}, stratified by class for class labels (see {@link Examples#splitRandom}).
     *
     * @param rng     the seeded generator of a random split
     * @param classOf the class of each example (stratification), or {@code null}
     * @param classes the number of classes
     */
    default Examples[] split(Examples all, double valSplit, Rng rng, int[] classOf, int classes, String file) {
        return all.splitRandom(valSplit, rng, classOf, classes, file, exampleNoun());
    }
}
