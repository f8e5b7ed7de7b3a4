package rnn.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an empty, non-numeric or non-finite value in a used column does ({@code --missing}). */
public enum MissingPolicy {
    /** The value is an error naming its position. */
    ERROR,
    /** The row is dropped (window layout: no window spans a dropped row). */
    DROP,
    /** The previous value of the same series, in time order, is carried forward. */
    FFILL;

    /** The command-line name (lower case), also the JSON form. */
    @JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value with this command-line name.
     *
     * @throws DataException (usage) {@code --missing: expected one of error, drop, ffill, got "x"}
     */
    public static MissingPolicy fromName(String name) {
        for (MissingPolicy v : values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw DataException.flag("--missing", "one of " + validNames(),
                DataException.quote(String.valueOf(name)), "");
    }

    /** The command-line names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(MissingPolicy::cliName).collect(Collectors.joining(", "));
    }
}
