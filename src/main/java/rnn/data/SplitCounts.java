package rnn.data;

/**
 * How the examples were divided between training and validation.
 *
 * @param trainExamples      examples used for training
 * @param validationExamples examples used for validation (from the split or {@code valFile})
 * @param valSplit           the validation fraction applied (0 with {@code valFile} or without validation)
 * @param valFile            the validation file, or {@code null}
 */
public record SplitCounts(int trainExamples, int validationExamples, double valSplit, String valFile) {
}
