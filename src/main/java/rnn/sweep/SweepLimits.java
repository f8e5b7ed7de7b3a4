package rnn.sweep;

/** Every limit of a sweep, stated once (README "Beyond one machine → sweep" quotes them). */
public final class SweepLimits {

    /** Most trials in one sweep (a grid's product or {@code --random N}); bounds every list sized by a search. */
    public static final int MAX_TRIALS = 1000;
    /** Most swept options in one search. */
    public static final int MAX_KEYS = 32;
    /** Longest value of a swept option, in characters. */
    public static final int MAX_VALUE_CHARS = 200;
    /** Largest spec file ({@code --spec}), in bytes: checked before the file is read. */
    public static final long MAX_SPEC_BYTES = 64 * 1024;
    /** Largest {@code --parallel}. */
    public static final int MAX_PARALLEL = 256;
    /** Largest halving factor {@code --eta}. */
    public static final int MAX_ETA = 100;
    /** Trials drawn as lines in {@code leaderboard.png} (the best ones); the CSV lists them all. */
    public static final int MAX_PLOTTED = 20;

    private SweepLimits() {
    }
}
