package rnn.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the rows of a CSV file form sequences ({@code --layout}, DESIGN §3). */
public enum Layout {
    /** Rows are consecutive time steps of one series, or of several with {@code --id}; examples are windows. */
    WINDOW,
    /** Each id's rows form one sequence ({@code --id}); ids need not be contiguous. */
    LONG,
    /** Each row is one sequence of {@code --steps} T steps; its feature columns are T×F values, step-major. */
    WIDE;

    /** The command-line name (lower case), also the JSON form. */
    @JsonValue
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value with this command-line name.
     *
     * @throws DataException (usage) {@code --layout: expected one of window, long, wide, got "x"}
     */
    public static Layout fromName(String name) {
        for (Layout v : values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw DataException.flag("--layout", "one of " + validNames(),
                DataException.quote(String.valueOf(name)), "");
    }

    /** The command-line names, comma-separated, for messages and help texts. */
    public static String validNames() {
        return Arrays.stream(values()).map(Layout::cliName).collect(Collectors.joining(", "));
    }
}
