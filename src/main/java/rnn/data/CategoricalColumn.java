package rnn.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A categorical input column of the {@link InputContract}: its header name and its levels, the distinct values of
 * the rows the training examples touch, sorted by {@link String#compareTo}. A value's level index is 0 for
 * {@code <unk>} (a value training never saw, or a blank), and k + 1 for {@code levels.get(k)}: the row of the
 * column's embedding table ({@code inputs.<column>.weight}, [levels + 1, D]).
 *
 * @param column the header name, exactly as in the CSV
 * @param levels the sorted distinct training values, at least 1 and at most {@link #MAX_LEVELS}
 */
public record CategoricalColumn(String column, List<String> levels) {

    /**
     * The most levels a categorical column may have (its table is one row more): beyond, a column is more like an
     * id or free text than a category.
     */
    public static final int MAX_LEVELS = 100_000;
    /** The name of level index 0 in messages and output. */
    public static final String UNKNOWN = "<unk>";

    public CategoricalColumn {
        Objects.requireNonNull(column, "column");
        levels = List.copyOf(levels);
    }

    /**
     * Reads the JSON form, where each level must be a JSON string (no number coerced to text) and the count is
     * bounded before anything is copied.
     */
    @JsonCreator
    static CategoricalColumn fromJson(@JsonProperty("column") String column,
                                      @JsonProperty("levels") JsonNode levels) {
        if (column == null) {
            throw new IllegalArgumentException("categorical column: \"column\" is missing");
        }
        if (levels == null || !levels.isArray()) {
            throw new IllegalArgumentException("categorical column \"" + DataException.oneLine(column)
                    + "\": \"levels\" is not an array");
        }
        if (levels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException("categorical column \"" + DataException.oneLine(column) + "\": "
                    + levels.size() + " levels, more than " + MAX_LEVELS);
        }
        List<String> l = new ArrayList<>(levels.size());
        for (JsonNode v : levels) {
            if (!v.isTextual()) {
                throw new IllegalArgumentException("categorical column \"" + DataException.oneLine(column)
                        + "\": level " + l.size() + " is " + DataException.oneLine(String.valueOf(v))
                        + ", not a string");
            }
            l.add(v.textValue());
        }
        return new CategoricalColumn(column, l);
    }

    /** Level index of each value: k + 1 for {@code levels.get(k)}. */
    public Map<String, Integer> indexOfEach() {
        Map<String, Integer> m = new HashMap<>(levels.size() * 2);
        for (int k = 0; k < levels.size(); k++) {
            m.put(levels.get(k), k + 1);
        }
        return m;
    }

    /** The level of index i: {@link #UNKNOWN} for 0. */
    public String level(int index) {
        return index == 0 ? UNKNOWN : levels.get(index - 1);
    }

    /** The distinct values, sorted as the contract stores them. */
    static List<String> sortedLevels(java.util.Collection<String> values) {
        List<String> l = new ArrayList<>(values);
        Collections.sort(l);
        return l;
    }
}
