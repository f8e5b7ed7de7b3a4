package rnn.data;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the target is read ({@code --output}): once per sequence, or at every step. */
public enum TargetMode implements Named {
    /** One target per sequence: on its last row (window layout: the row H steps after the window's last row). */
    LAST,
    /** A target at every step (window layout: the row H steps after each step's row). */
    SEQUENCE;

    /** The name (lower case): the JSON form and the command-line value. */
    @JsonValue
    @Override
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
