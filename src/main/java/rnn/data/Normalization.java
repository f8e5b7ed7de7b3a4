package rnn.data;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** How feature and target columns are scaled ({@code --normalize}), fitted on the training part only. */
public enum Normalization implements Named {
    /** (x − mean) / σ with the population standard deviation σ. */
    ZSCORE,
    /** (x − min) / (max − min): [0, 1] on the training rows. */
    MINMAX,
    /** Values used as they are. */
    NONE;

    /** The name (lower case): the JSON form and the command-line value. */
    @JsonValue
    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
