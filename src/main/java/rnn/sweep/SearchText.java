package rnn.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text forms of a search on the command line: {@code --grid 'hidden=32,64;lr=1e-3,3e-3'} and
 * {@code --space 'lr=log-uniform(1e-4,1e-2);hidden=choice(32,64)'}: {@code KEY=...} parts separated by
 * {@code ;}, values by {@code ,} (a value holding a comma, such as a two-layer {@code --hidden 64,32}, is written
 * in a spec file's list instead). Every part is checked with a message naming it.
 */
final class SearchText {

    private SearchText() {
    }

    /**
     * {@code KEY=V1,V2;...} as key → values, in the written order.
     *
     * @throws SweepException exit code 2
     */
    static Map<String, List<String>> grid(String where, String text, TrainKeys keys) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, String> part : parts(where, text, "KEY=V1,V2[;KEY=V1,V2...]", keys).entrySet()) {
            axes.put(part.getKey(), values(where + " " + part.getKey(), part.getValue()));
        }
        return axes;
    }

    /**
     * {@code KEY=DIST(...);...} as key → distribution, in the written order.
     *
     * @throws SweepException exit code 2
     */
    static Map<String, Distribution> space(String where, String text, TrainKeys keys) {
        Map<String, Distribution> dims = new LinkedHashMap<>();
        for (Map.Entry<String, String> part : parts(where, text, "KEY=DIST(...)[;KEY=DIST(...)...]", keys)
                .entrySet()) {
            dims.put(part.getKey(), Distribution.parse(where + " " + part.getKey(), part.getValue()));
        }
        return dims;
    }

    /** The {@code KEY=REST} parts, keys checked and given once. */
    private static Map<String, String> parts(String where, String text, String form, TrainKeys keys) {
        if (text == null || text.isBlank()) {
            throw SweepException.usage(where + ": expected " + form + ", got \"\"");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(";", -1)) {
            if (part.isBlank()) {
                continue; // a trailing ';' or ';;'
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw SweepException.usage(where + ": expected " + form + ", got \"" + cut(part.strip()) + "\"");
            }
            String key = part.substring(0, eq).strip();
            keys.check(where, key);
            if (parts.containsKey(key)) {
                throw SweepException.usage(where + ": \"" + key + "\" is given twice; give each option once");
            }
            if (parts.size() == SweepLimits.MAX_KEYS) {
                throw SweepException.usage(where + ": more than " + SweepLimits.MAX_KEYS + " options; sweep fewer");
            }
            parts.put(key, part.substring(eq + 1));
        }
        if (parts.isEmpty()) {
            throw SweepException.usage(where + ": expected " + form + ", got \"" + cut(text) + "\"");
        }
        return parts;
    }

    /** {@code V1,V2,...}: stripped, none empty, none twice, none longer than the limit. */
    static List<String> values(String where, String text) {
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String v : text.split(",", -1)) {
            values.add(value(where, v, seen));
            if (values.size() > SweepLimits.MAX_TRIALS) {
                throw SweepException.usage(where + ": more than " + SweepLimits.MAX_TRIALS + " values; sweep fewer");
            }
        }
        return values;
    }

    /** One value, checked: not empty, not too long, not seen before (then added to {@code seen}). */
    static String value(String where, String raw, Set<String> seen) {
        String v = raw.strip();
        if (v.isEmpty()) {
            throw SweepException.usage(where + ": expected values separated by commas, got an empty value");
        }
        if (v.length() > SweepLimits.MAX_VALUE_CHARS) {
            throw SweepException.usage(where + ": a value of " + v.length() + " characters, more than "
                    + SweepLimits.MAX_VALUE_CHARS);
        }
        if (!seen.add(v)) {
            throw SweepException.usage(where + ": the value \"" + v + "\" is given twice; give each value once");
        }
        return v;
    }

    /** {@code s} cut to 40 characters for a message. */
    static String cut(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
