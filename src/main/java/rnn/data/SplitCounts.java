package rnn.data;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the examples were divided between training and validation.
 *
 * @param trainExamples      examples used for training
 * @param validationExamples examples used for validation (from the split or {@code valFile})
 * @param valSplit           the validation fraction applied (0 with {@code valFile} or without validation)
 * @param valFile            the validation file, or {@code null}
 * @param runs               which examples of the training file validate (issue 12 item 4), exactly: the examples
 *                           in their order (series by series, in time order; sequences and rows in file order) as
 *                           alternating run lengths, training first: {@code [3, 2, 4, 1]} = 3 training, 2
 *                           validation, 4 training, 1 validation (the window layout: two runs per series); the
 *                           runs add up to the file's examples. {@code null} in a report written before it existed
 *                           and for a text (whose split is a token boundary).
 * @param trainClasses       classification: the training targets of each class (class-index order), whose largest is
 *                           the majority-class baseline; {@code null} for regression and in a report written before
 *                           it existed
 */
public record SplitCounts(int trainExamples, int validationExamples, double valSplit, String valFile,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> runs,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> trainClasses) {

    /** Counts without the recorded split. */
    public SplitCounts(int trainExamples, int validationExamples, double valSplit, String valFile) {
        this(trainExamples, validationExamples, valSplit, valFile, null, null);
    }

    public SplitCounts {
        runs = runs == null ? null : List.copyOf(runs);
        trainClasses = trainClasses == null ? null : List.copyOf(trainClasses);
    }
}
