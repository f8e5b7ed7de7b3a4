package rnn.data;

/**
 * What {@link DataLoader#load} returns: the schema ("what was understood", stored in config.json and
 * checkpoints) and the training and validation examples, already normalised with the training statistics.
 *
 * @param schema     the data schema
 * @param train      the training examples
 * @param validation the validation examples, or {@code null} with {@code --val-split 0} and no {@code --val}
 */
public record LoadedData(DataSchema schema, Dataset train, Dataset validation) {
}
