package rnn.sweep;

import java.util.List;
import java.util.Map;

/** The searches a command line or a spec file gives, checked (each factory throws {@link SweepException}, 2). */
public final class Searches {

    private Searches() {
    }

    /** {@code --grid 'KEY=V1,V2;...'}. */
    public static SearchSpace grid(String where, String text, TrainKeys keys) {
        return SearchSpace.Grid.of(where, SearchText.grid(where, text, keys));
    }

    /** A spec file's grid (keys already checked). */
    public static SearchSpace grid(String where, Map<String, List<String>> axes) {
        return SearchSpace.Grid.of(where, axes);
    }

    /** {@code --random N --space 'KEY=DIST;...'} drawn with {@code seed}. */
    public static SearchSpace random(String countWhere, int count, String spaceWhere, String space, TrainKeys keys,
                                     long seed) {
        SearchSpace.Random.of(countWhere, count, Map.of(), seed); // the count first: its message is the first
        return SearchSpace.Random.of(countWhere, count, SearchText.space(spaceWhere, space, keys), seed);
    }

    /** A spec file's random search (keys already checked). */
    public static SearchSpace random(String where, int count, Map<String, Distribution> space, long seed) {
        return SearchSpace.Random.of(where, count, space, seed);
    }
}
