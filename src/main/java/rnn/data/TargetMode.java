package rnn.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where the target is read ({@code --output}): once per sequence, or at every step. */
public enum TargetMode {
    /** One target per sequence: on its last row (window layout: the row H steps after the window's last row). */
    LAST,
    /** A target at every step (window layout: the row H steps after each step's row). */
    SEQUENCE;

    /** The command-line name (lower case), also the JSON form. */
    @JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value with this command-line name.
     *
     * @throws DataException (usage) {@code --output: expected one of last, sequence, got "x"}
     */
    public static TargetMode fromName(String name) {
        for (TargetMode v : values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw DataException.flag("--output", "one of " + validNames(),
                DataException.quote(String.valueOf(name)), "");
    }

    /** The command-line names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(TargetMode::cliName).collect(Collectors.joining(", "));
    }
}
