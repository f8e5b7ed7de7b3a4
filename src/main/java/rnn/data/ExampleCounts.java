package rnn.data;

/**
 * The examples of the training file.
 *
 * @param series   window: series; long: sequences; wide: rows
 * @param examples windows (window), sequences (long, wide)
 * @param minSteps steps of the shortest example
 * @param maxSteps steps of the longest example
 */
public record ExampleCounts(int series, int examples, int minSteps, int maxSteps) {
}
