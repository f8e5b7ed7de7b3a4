package rnn.sweep;

import java.util.Map;
import java.util.Set;

/**
 * The options a sweep may vary: the long names of {@code rnn train}'s options without their dashes ({@code lr},
 * {@code batch-size}), given by the command line (this package does not know how flags are spelled), less the
 * ones the sweep sets itself or that make no sense per trial ({@code reserved}, each with its reason).
 *
 * @param options  every long option name of {@code rnn train}, without dashes
 * @param reserved option name → why a sweep may not vary it
 */
public record TrainKeys(Set<String> options, Map<String, String> reserved) {

    /**
     * Checks one key.
     *
     * @throws SweepException exit code 2: {@code --grid: "hiden" is not an option of rnn train; did you mean
     *                        "hidden"?}
     */
    public void check(String where, String key) {
        if (key.isEmpty()) {
            throw SweepException.usage(where + ": expected an option name before \"=\", got none");
        }
        String why = reserved.get(key);
        if (why != null) {
            throw SweepException.usage(where + ": \"" + key + "\" cannot be swept (" + why + ")");
        }
        if (!options.contains(key)) {
            String near = nearest(key);
            throw SweepException.usage(where + ": \"" + SearchText.cut(key) + "\" is not an option of rnn train"
                    + (near == null ? "; give a long option name without dashes, such as lr or hidden"
                    : "; did you mean \"" + near + "\"?"));
        }
    }

    /** The option within edit distance 2 of {@code key}, the nearest first, or null. */
    private String nearest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String o : options.stream().sorted().toList()) {
            int d = distance(key, o);
            if (d < bestDistance && !reserved.containsKey(o)) {
                best = o;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > SweepLimits.MAX_VALUE_CHARS) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
