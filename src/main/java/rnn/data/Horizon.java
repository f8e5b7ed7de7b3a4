package rnn.data;

/**
 * The {@code horizon} option as written: one step {@code H} (the target H rows after a window's last row, as in
 * release 1) or the path {@code 1..H} (every step from 1 to H, one model with H outputs per target: direct
 * multi-output forecasting, issue 12 item 1). The command line and config.json share this one parser.
 *
 * @param from the first step of a path (always 1), or {@code null} for one step
 * @param to   H: the one step, or the path's last step
 */
public record Horizon(Integer from, int to) {

    /** The text every bad value is told to look like. */
    static final String EXPECTED = "a whole number H >= 0, or 1..H (every step from 1 to H, H >= 1)";

    /** One step H. */
    public static Horizon step(int h) {
        return new Horizon(null, h);
    }

    /**
     * Reads {@code "H"} or {@code "1..H"}. A single step's range (H ≥ 0) is checked by {@link DataOptions}; a path
     * must start at 1 and end at H ≥ 1.
     *
     * @throws IllegalArgumentException "expected …, got "text"" for anything else (the caller names the field)
     */
    public static Horizon parse(String text) {
        String s = text == null ? "" : text.strip();
        int dots = s.indexOf("..");
        try {
            if (dots < 0) {
                return step(Integer.parseInt(s));
            }
            int from = Integer.parseInt(s.substring(0, dots).strip());
            int to = Integer.parseInt(s.substring(dots + 2).strip());
            if (from == 1 && to >= 1) {
                return new Horizon(1, to);
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("expected " + EXPECTED + ", got " + DataException.quote(String.valueOf(text)));
    }

    /** Whether this is a path of steps 1..H rather than one step. */
    public boolean path() {
        return from != null;
    }

    /** The horizon of {@code options}. */
    public static Horizon of(DataOptions options) {
        return new Horizon(options.horizonFrom(), options.horizon());
    }

    /** {@code "H"} or {@code "1..H"}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return from == null ? Integer.toString(to) : from + ".." + to;
    }
}
