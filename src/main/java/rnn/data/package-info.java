/**
 * CSV files into training batches (DESIGN §2 data options, §3 layouts), with a clear error for every bad input.
 *
 * <h2>From a CSV row to a batch</h2>
 * <ol>
 * <li>{@link rnn.data.DataInput}: where the bytes come from (a file, or standard input as "&lt;stdin&gt;").</li>
 * <li>{@link rnn.data.Layout#open}: the layout's {@link rnn.data.TableSource} ({@link rnn.data.CsvReader} for the
 * layouts of release 1) gives the header and first row; {@link rnn.data.ColumnPlan} decides each column's role
 * (from the options in training, from the model's {@link rnn.data.InputContract} later); the source then reads
 * the used columns into a {@link rnn.data.CsvTable} of typed chunked columns with each row's line.</li>
 * <li>The {@link rnn.data.Layout} groups and orders the rows ({@link rnn.data.SeriesIndex}), fills missing
 * values, forms the {@link rnn.data.Examples} (index ranges, never copies) and, in training, splits off the
 * validation examples by its own rule.</li>
 * <li>{@link rnn.data.DataLoader} fits the normalisation on the rows the training examples touch and applies it in
 * place; the result is a {@link rnn.data.DataSchema}: the model's {@link rnn.data.InputContract} and the
 * {@link rnn.data.LoadReport}.</li>
 * <li>{@link rnn.data.Dataset#fill} writes examples into a reused {@link rnn.data.Batch} (time-major, padded,
 * masked); the layout enters only as two facts fixed at construction (steps across columns or down rows, and the
 * target offset H), so the per-step loop has no virtual call.</li>
 * </ol>
 * A new layout is one class implementing {@link rnn.data.Layout} (usually extending
 * {@link rnn.data.NamedLayout}) plus one entry in {@link rnn.data.Layouts}; a new file format is one
 * {@link rnn.data.TableSource}, returned by the layout's {@code open}.
 *
 * <h2>Flow</h2>
 * <pre>{@code
 * LoadedData data = DataLoader.load(file, options);        // DataOptions: one immutable record of the flags
 * data.schema().describe().forEach(log::info);            // "what was understood"; toJson() for config.json
 * Dataset train = data.train();                            // data.validation() may be null
 * Batch batch = train.newBatch(batchSize);                 // buffers allocated once, reused for every batch
 * BatchIterator it = train.batches(batchSize, rng.split());
 * it.startEpoch();
 * while (it.next(batch)) {
 *     SequenceInput in = new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(), batch.steps(),
 *             batch.inputs());                             // rnn.nn, wrapped by train; no copy
 *     ... batch.targets() ...                              // B×O, (T·B)×O, or class indexes
 * }
 * }</pre>
 *
 * <h2>Reading</h2>
 * Apache Commons CSV parses every file: a header row is required; {@code --delimiter} (default ','); RFC 4180
 * quotes; UTF-8 with or without a byte order mark; LF or CRLF; blank lines are skipped. Numbers are parsed
 * locale-independently: '.' decimals and exponents ("1.5", "-2e-3"); "1,5" is not a number. Columns are named by
 * header name or 0-based index. A column is numeric when its first data row holds a number. Only the columns in
 * use are kept, as 32-bit floats in chunked columns (4 bytes a value) with each row's line number.
 *
 * <h2>Layouts</h2>
 * <ul>
 * <li>{@link rnn.data.WindowLayout window} (default without {@code --id}): rows are consecutive steps of one
 * series, or of several with {@code --id}. A run of N rows has N − W − H + 1 windows (stride 1); window i is
 * rows i..i+W−1 and its target is on row i+W−1+H. Windows are index ranges, never copies. No window spans a row
 * dropped by {@code --missing drop}. Validation: the first floor((1 − F)·M) windows of each series train, the rest
 * validate; statistics come from the rows the training windows touch (the first n_train + W + H − 1 rows).</li>
 * <li>{@link rnn.data.LongLayout long} ({@code --id}): each id's rows, in file order or sorted by
 * {@code --time}, form one sequence; ids need not be contiguous; sequences of different lengths are padded per
 * batch, with a mask. Validation: round(F·N) sequences drawn with the seed, stratified by class for
 * classification.</li>
 * <li>{@link rnn.data.WideLayout wide} ({@code --layout wide --steps T}): each row is a sequence; its T×F
 * feature columns are step-major (all features of step 0, then of step 1, ...).</li>
 * </ul>
 * A {@code --time} column (numeric or ISO-8601 text) is never a feature; within a series its values must
 * increase (window layout: in file order; long layout: after sorting, no repeats). Class labels
 * ({@code --loss xent}) may be text or integers; class indexes follow the sorted labels (numeric order when all are
 * integers, else {@link java.lang.String#compareTo}).
 *
 * <h2>Errors</h2>
 * Every bad input is a {@link rnn.data.DataException} whose {@code exitCode()} is 3 for a problem in a file and 2
 * for options that do not fit it, with a one-line message: {@code FILE:LINE:COLUMN (column "name"): expected X,
 * got Y; what to do} (LINE: the 1-based physical line; COLUMN: the 1-based field), {@code FILE:LINE: ...} or
 * {@code FILE: ...} where no column or line applies, and {@code {{field}}: expected X, got Y} for options, which
 * messages name by field ({@link rnn.option.OptionRef}; the command line spells them as flags). For example
 * {@code sales.csv:812:4 (column "temp"): expected a number, got "n/a"; fix the value or use {{missing}}
 * drop|ffill}. Nothing from Commons CSV or the decoder escapes as another exception type. Warnings (a constant
 * column, a target among the features of the long layout) are logged and kept in the schema.
 */
package rnn.data;
