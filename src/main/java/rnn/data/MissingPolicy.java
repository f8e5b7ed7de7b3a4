package rnn.data;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an empty, non-numeric or non-finite value in a used column does ({@code --missing}). */
public enum MissingPolicy implements Named {
    /** The value is an error naming its position. */
    ERROR,
    /** The row is dropped (window layout: no window spans a dropped row). */
    DROP,
    /** The previous value of the same series, in time order, is carried forward. */
    FFILL;

    /** The name (lower case): the JSON form and the command-line value. */
    @JsonValue
    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
