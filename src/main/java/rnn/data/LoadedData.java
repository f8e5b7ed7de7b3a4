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

    /** {@code schema().report()}. */
    public LoadReport report() {
        return schema.report();
    }
}
