package rnn.data;

/**
 * What {@link DataLoader#load} returns: the schema ("what was understood", stored in config.json and
 * checkpoints) and the training and validation examples, already normalised with the training statistics.
 *
 * @param schema     the data schema: the model's input contract and the load report
 * @param train      the training examples
 * @param validation the validation examples, or {@code null} without validation
 */
public record LoadedData(DataSchema schema, Dataset train, Dataset validation) {

    /** {@code schema().contract()}. */
    public InputContract contract() {
        return schema.contract();
    }

    /**
     * This text's windows in streams, for {@code --stateful} (char-rnn's layout, see {@link TokenWindows}): the
     * training part in {@code streams} streams (B = {@code --batch-size}), the validation part in as many as it
     * holds up to B (each stream at least one window).
     *
     * @throws DataException (data) when the training part is too short for B streams of one window
     */
    public LoadedData inStreams(int streams) {
        if (!train.isText()) {
            throw new IllegalStateException("streams are a text's layout");
        }
        TokenWindows part = train.textWindows();
        if (part.maxStreams() < streams) {
            int window = part.window;
            throw DataException.file(report().file(), "at least " + ((long) streams * window + 1)
                    + " tokens in the training part for {{stateful}} ({{batch_size}} " + streams + " streams of at"
                    + " least one window of " + window + ", and the token after)", String.valueOf(part.length),
                    "use a smaller {{batch_size}} or {{window}}, or a longer text");
        }
        Dataset val = validation == null ? null : validation.textInStreams(streams);
        return new LoadedData(schema, train.inStreams(streams), val);
    }

    /** {@code schema().report()}. */
    public LoadReport report() {
        return schema.report();
    }
}
