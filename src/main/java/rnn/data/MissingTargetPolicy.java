package rnn.data;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an empty, non-numeric or non-finite value in a target column does ({@code --missing-target}); the feature
 * columns follow {@link MissingPolicy}. A target is never carried forward: a filled target would be scored
 * against by {@code rnn eval} as if it had been observed.
 */
public enum MissingTargetPolicy implements Named {
    /** The value is an error naming its position. */
    ERROR,
    /** The row is dropped (window layout: no window spans a dropped row). */
    DROP,
    /**
     * The value is interpolated linearly between the nearest known values before and after it in the same series
     * (by the time column when there is one, else by row); a missing value with no known value on one side (the
     * first or last rows of a series) is an error. Numeric targets of the window and long layouts only.
     */
    INTERPOLATE;

    /** The name (lower case): the JSON form and the command-line value. */
    @JsonValue
    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The policy in effect when none is given: {@link #DROP} under {@code --missing drop} (a dropped row goes
     * whole, as in release 1), else {@link #ERROR} ({@code --missing ffill} no longer fills a target).
     */
    public static MissingTargetPolicy byDefault(MissingPolicy features) {
        return features == MissingPolicy.DROP ? DROP : ERROR;
    }
}
