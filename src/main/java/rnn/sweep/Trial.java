package rnn.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One trial of a sweep: its index (0-based: {@code --trial I}, a Slurm array index, a Kubernetes completion
 * index) and the values of the swept options, in the search's key order.
 *
 * @param index  0 to trials − 1
 * @param values swept option (long name without dashes) → its value as typed
 */
public record Trial(int index, Map<String, String> values) {

    public Trial {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    /** {@code trial-007}: the name of its run directory under the sweep's. */
    public String id() {
        return String.format(Locale.ROOT, "trial-%03d", index);
    }

    /** The swept values as {@code train} arguments: {@code --lr 0.001 --hidden 32}. */
    public List<String> args() {
        List<String> a = new ArrayList<>();
        values.forEach((k, v) -> {
            a.add("--" + k);
            a.add(v);
        });
        return a;
    }

    /** {@code hidden=32, lr=0.001}, for messages. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
