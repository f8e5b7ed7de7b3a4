package rnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Categorical columns from value codes to level indices: {@link #fit} takes the levels of the rows the training
 * examples touch (as normalisation does), {@link #encode} writes each row's level index (0 = {@code <unk>}: a blank,
 * or a value not among the levels) into the table's numeric columns, where {@link Dataset} reads it as an input.
 */
final class CategoryCoding {

    private CategoryCoding() {
    }

    /**
     * The levels of each categorical column of {@code t} over {@code rows}: its distinct non-blank values, sorted. A
     * column the default rule chose ({@link ColumnPlan#automatic}) that shows no category there (a single value, or
     * more levels than the limits below) is left out of {@code t.plan}, and out of {@code val.plan} when given,
     * and listed among the ignored columns.
     *
     * @throws DataException (usage) for a named column with no value in those rows, or with more levels than
     *                       {@link CategoricalColumn#MAX_LEVELS} or than half the rows (an id or free text, not a
     *                       category)
     */
    static List<CategoricalColumn> fit(CsvTable t, int[] rows, CsvTable val) {
        int[] cols = t.plan.categorical();
        List<CategoricalColumn> columns = new ArrayList<>();
        boolean[] keep = new boolean[cols.length];
        String[] reasons = new String[cols.length];
        for (int k = 0; k < cols.length; k++) {
            int c = cols[k];
            TreeSet<String> levels = levels(t, c, rows);
            String name = DataException.quote(t.header[c]);
            boolean tooMany = levels.size() > CategoricalColumn.MAX_LEVELS || 2L * levels.size() > rows.length;
            if (ColumnPlan.contains(t.plan.automatic(), c) && (levels.size() < 2 || tooMany)) {
                reasons[k] = name + " (text with " + (levels.size() < 2 ? levels.size() == 0 ? "no value"
                        : "a single value" : levels.size() + " distinct values") + " in the " + rows.length
                        + " training rows: not a category; name it with --categorical to embed it)";
                continue;
            }
            if (levels.isEmpty()) {
                throw DataException.option("categorical", "a categorical column with values in the training rows",
                        name + " blank in all " + rows.length + " of them", "leave the column out with {{features}}");
            }
            if (tooMany) {
                throw DataException.option("categorical", "a column of repeated categories (at most "
                        + CategoricalColumn.MAX_LEVELS + " levels and at most half the training rows)", name + " with "
                        + levels.size() + " distinct values in " + rows.length + " training rows",
                        "if it names the series, give it as {{id}}; else leave it out with {{features}}");
            }
            keep[k] = true;
            columns.add(new CategoricalColumn(t.header[c], CategoricalColumn.sortedLevels(levels)));
        }
        t.plan = t.plan.retainCategorical(keep, reasons);
        if (val != null) {
            val.plan = val.plan.retainCategorical(keep, null);
        }
        return columns;
    }

    private static TreeSet<String> levels(CsvTable t, int c, int[] rows) {
        IntColumn codes = t.categories[c];
        List<String> names = t.categoryNames.get(c);
        boolean[] seen = new boolean[names.size()];
        TreeSet<String> levels = new TreeSet<>();
        for (int r : rows) {
            int code = codes.get(r);
            if (code >= 0 && !seen[code]) {
                seen[code] = true;
                levels.add(names.get(code));
            }
        }
        return levels;
    }

    /**
     * Writes the level index of every row of each categorical column of {@code t} (in {@code t.plan}'s order, the
     * order of {@code levels}) into {@code t.numbers}.
     *
     * @return per column, the rows whose non-blank value is not among the levels (they read {@code <unk>})
     */
    static long[] encode(CsvTable t, List<CategoricalColumn> levels) {
        int[] cols = t.plan.categorical();
        long[] unseen = new long[cols.length];
        for (int k = 0; k < cols.length; k++) {
            int c = cols[k];
            Map<String, Integer> index = levels.get(k).indexOfEach();
            List<String> names = t.categoryNames.get(c);
            int[] indexOfCode = new int[names.size()];
            for (int code = 0; code < indexOfCode.length; code++) {
                indexOfCode[code] = index.getOrDefault(names.get(code), 0);
            }
            IntColumn codes = t.categories[c];
            FloatColumn out = new FloatColumn();
            for (int r = 0; r < t.rows; r++) {
                int code = codes.get(r);
                int level = code < 0 ? 0 : indexOfCode[code];
                if (code >= 0 && level == 0) {
                    unseen[k]++;
                }
                out.add(level);
            }
            t.numbers[c] = out;
        }
        return unseen;
    }

    /**
     * The warning for values training never saw ("store": 3 rows, …), or {@code null} when there are none.
     */
    static String unseenWarning(String file, List<CategoricalColumn> levels, long[] unseen) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < unseen.length; k++) {
            if (unseen[k] > 0) {
                parts.add("\"" + DataException.oneLine(levels.get(k).column()) + "\" " + unseen[k]
                        + (unseen[k] == 1 ? " row" : " rows"));
            }
        }
        return parts.isEmpty() ? null : file + ": values training never saw, read as " + CategoricalColumn.UNKNOWN
                + ": " + String.join(", ", parts);
    }
}
