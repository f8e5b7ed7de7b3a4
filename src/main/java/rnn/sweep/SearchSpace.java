package rnn.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.random.Rng;

/**
 * What a sweep varies: a grid (every combination of the listed values, the first option varying slowest, like
 * {@code itertools.product}) or a random search (N trials, each option drawn from its {@link Distribution} by one
 * generator seeded with the sweep's seed, option after option, trial after trial: the same seed gives the same
 * trials). Both hold at most {@link SweepLimits#MAX_TRIALS} trials, checked before any trial is made.
 */
public sealed interface SearchSpace {

    /** The swept options, in order. */
    List<String> keys();

    /** How many trials. */
    int size();

    /** The trials, index 0 first. */
    List<Trial> trials();

    /** The search as sweep.json records it (compared to tell a changed sweep). */
    JsonNode toJson();

    /** A grid of {@code axes} (key → values, in order). */
    record Grid(Map<String, List<String>> axes) implements SearchSpace {

        public Grid {
            axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        }

        /**
         * @throws SweepException exit code 2 when the product exceeds the limit
         */
        static Grid of(String where, Map<String, List<String>> axes) {
            long n = 1;
            List<String> sizes = new ArrayList<>();
            for (List<String> values : axes.values()) {
                n *= values.size();
                sizes.add(Integer.toString(values.size()));
                if (n > SweepLimits.MAX_TRIALS) {
                    throw SweepException.usage(where + ": " + String.join(" × ", sizes) + " = " + n
                            + " or more trials, more than the limit of " + SweepLimits.MAX_TRIALS
                            + "; sweep fewer values");
                }
            }
            return new Grid(axes);
        }

        @Override
        public List<String> keys() {
            return List.copyOf(axes.keySet());
        }

        @Override
        public int size() {
            int n = 1;
            for (List<String> v : axes.values()) {
                n *= v.size();
            }
            return n;
        }

        @Override
        public List<Trial> trials() {
            int n = size();
            List<Trial> trials = new ArrayList<>(n);
            List<String> keys = keys();
            for (int i = 0; i < n; i++) {
                Map<String, String> values = new LinkedHashMap<>();
                int rest = i;
                // the last key varies fastest
                String[] chosen = new String[keys.size()];
                for (int k = keys.size() - 1; k >= 0; k--) {
                    List<String> v = axes.get(keys.get(k));
                    chosen[k] = v.get(rest % v.size());
                    rest /= v.size();
                }
                for (int k = 0; k < keys.size(); k++) {
                    values.put(keys.get(k), chosen[k]);
                }
                trials.add(new Trial(i, values));
            }
            return trials;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            ObjectNode g = o.putObject("grid");
            axes.forEach((k, v) -> v.forEach(g.withArray(k)::add));
            return o;
        }
    }

    /**
     * A random search of {@code trials} trials over {@code space} (key → distribution, in order), drawn with
     * {@code seed}.
     */
    record Random(int count, Map<String, Distribution> space, long seed) implements SearchSpace {

        public Random {
            space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
        }

        /**
         * @throws SweepException exit code 2 when {@code count} is not in 1..{@link SweepLimits#MAX_TRIALS}
         */
        static Random of(String where, int count, Map<String, Distribution> space, long seed) {
            if (count < 1 || count > SweepLimits.MAX_TRIALS) {
                throw SweepException.usage(where + ": expected a number of trials from 1 to "
                        + SweepLimits.MAX_TRIALS + ", got " + count);
            }
            return new Random(count, space, seed);
        }

        @Override
        public List<String> keys() {
            return List.copyOf(space.keySet());
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public List<Trial> trials() {
            Rng rng = new Rng(seed);
            List<Trial> trials = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Map<String, String> values = new LinkedHashMap<>();
                space.forEach((k, d) -> values.put(k, d.draw(rng)));
                trials.add(new Trial(i, values));
            }
            return trials;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            ObjectNode r = o.putObject("random");
            r.put("trials", count);
            r.put("seed", seed);
            ObjectNode s = r.putObject("space");
            space.forEach((k, d) -> s.put(k, d.text()));
            return o;
        }
    }
}
