package rnn.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** How feature and target columns are scaled ({@code --normalize}), fitted on the training part only. */
public enum Normalization {
    /** (x − mean) / σ with the population standard deviation σ. */
    ZSCORE,
    /** (x − min) / (max − min): [0, 1] on the training rows. */
    MINMAX,
    /** Values used as they are. */
    NONE;

    /** The command-line name (lower case), also the JSON form. */
    @JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value with this command-line name.
     *
     * @throws DataException (usage) {@code --normalize: expected one of zscore, minmax, none, got "x"}
     */
    public static Normalization fromName(String name) {
        for (Normalization v : values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw DataException.flag("--normalize", "one of " + validNames(),
                DataException.quote(String.valueOf(name)), "");
    }

    /** The command-line names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(Normalization::cliName).collect(Collectors.joining(", "));
    }
}
