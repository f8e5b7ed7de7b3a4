package rnn.data;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A choice known by a lower-case name, the same in JSON files and on the command line ({@code "zscore"},
 * {@code "ffill"}, {@code "window"}). The data layer only maps names to values; how a wrong name is reported
 * (which flag, which words) is the command line's business, so there is no throwing {@code fromName} here.
 */
public interface Named {

    /** The name, lower case: the JSON form and the command-line value. */
    String cliName();

    /** The value called {@code name} among {@code values}, or empty (also for {@code null}). */
    static <T extends Named> Optional<T> lookup(List<T> values, String name) {
        return values.stream().filter(v -> v.cliName().equals(name)).findFirst();
    }

    /** {@link #lookup(List, String)} over an enum's (or any array's) values. */
    static <T extends Named> Optional<T> lookup(T[] values, String name) {
        return lookup(Arrays.asList(values), name);
    }

    /** The names of {@code values} in order, comma-separated ("error, drop, ffill"), for messages and help. */
    static String names(List<? extends Named> values) {
        return values.stream().map(Named::cliName).collect(Collectors.joining(", "));
    }

    /** {@link #names(List)} over an enum's values. */
    static String names(Named[] values) {
        return names(Arrays.asList(values));
    }
}
