package rnn.data;

import java.util.List;
import java.util.Optional;

/**
 * The registry of layouts: each layout once, in the order help texts list them. A new layout is one class and one
 * entry in {@link #ALL}. The command line builds its {@code --layout} converter and messages from
 * {@link #named} and {@link #names}.
 */
public final class Layouts {

    private static final Layout WITHOUT_ID = new WindowLayout();
    private static final Layout WITH_ID = new LongLayout();
    private static final Layout TEXT = new TextLayout();
    private static final List<Layout> ALL = List.of(WITHOUT_ID, WITH_ID, new WideLayout(), TEXT);

    private Layouts() {
    }

    /** Every layout, in registration order. */
    public static List<Layout> all() {
        return ALL;
    }

    /** The layout called {@code name} ("window", "long", "wide"), or empty (also for {@code null}). */
    public static Optional<Layout> named(String name) {
        return Named.lookup(ALL, name);
    }

    /** The names, comma-separated: "window, long, wide". */
    public static String names() {
        return Named.names(ALL);
    }

    /** The layout used when none is chosen: long when the rows have a sequence id column, else window. */
    public static Layout byDefault(boolean hasId) {
        return hasId ? WITH_ID : WITHOUT_ID;
    }

    /**
     * The layout used when none is chosen for the file {@code fileName}: text for a name ending in ".txt"
     * (any case), else {@link #byDefault(boolean)}.
     */
    public static Layout byDefault(boolean hasId, String fileName) {
        return fileName != null && fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".txt") ? TEXT
                : byDefault(hasId);
    }
}
