package rnn.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The typed columns read from one CSV file: only the columns a {@link ColumnPlan} uses, one value per kept row
 * (rows dropped under {@code --missing drop} are not stored), with each row's physical line for messages.
 * Rows are in file order.
 */
final class CsvTable {

    final String file;
    final String[] header;
    /** The roles; the loader may leave out automatic categorical columns once it has seen their values. */
    ColumnPlan plan;

    /** Kept rows. */
    int rows;
    /** Data records read (kept or dropped; blank lines do not count). */
    long records;
    long droppedRows;
    /** Rows dropped for missing values, by id value ("" without an id column or for a blank id). */
    final java.util.Map<String, Integer> droppedById = new java.util.HashMap<>();
    /** Missing values of the input columns, to be filled forward ({@code --missing ffill}). */
    long missingValues;
    /** Missing values of the target columns, to be interpolated ({@code --missing-target interpolate}). */
    long missingTargets;

    /** The physical line of each kept row (where its record starts), in its file. */
    final IntColumn lines = new IntColumn();
    /** The first row of each file that holds kept rows ({@link #startFile}), and the files' names. */
    private int[] fileStarts = new int[1];
    private int fileCount;
    private final List<String> fileNames = new ArrayList<>();
    /** Numeric columns by header index; {@code null} for columns not read as numbers. */
    final FloatColumn[] numbers;

    /**
     * The values of the plan's {@link ColumnPlan#actuals} per row as written (double precision, NaN where not a
     * number; never normalised or filled), in target order, or {@code null} when the plan has none.
     */
    final DoubleColumn[] actuals;

    /** Series/sequence id code per row (first-seen order), when there is an id column. */
    final IntColumn ids;
    final List<String> idNames = new ArrayList<>();

    /** Time key per row (seconds for ISO text), when there is a time column. */
    DoubleColumn times;
    /** The time text per row when the time column is ISO text; {@code null} when it is numeric. */
    List<String> timeTexts;

    /** Class index per row (−1: missing, to be filled), for classification. */
    final IntColumn labels;
    /** The class labels; index = class index once {@link CsvReader} has sorted them. */
    final List<String> classes = new ArrayList<>();

    /**
     * Categorical columns by header index: each row's value code (first-seen order, −1 for a blank), and the values
     * of the codes; {@code null} for other columns. {@link DataLoader} turns them into level indices in
     * {@link #numbers}.
     */
    final IntColumn[] categories;
    final List<List<String>> categoryNames;

    /** Rows that follow a dropped row of the same series: a window may not span them. */
    final BitSet gapBefore = new BitSet();
    /**
     * Rows at the start of each run of consecutive rows (a series, or its part after a dropped row) whose target
     * has no transformed value (the differences of {@link TargetTransforms#warmup()}): no window starts there.
     */
    int warmup;

    CsvTable(String file, String[] header, ColumnPlan plan) {
        this.file = file;
        this.header = header;
        this.plan = plan;
        this.numbers = new FloatColumn[header.length];
        boolean[] numeric = plan.numeric(header.length);
        for (int c = 0; c < numeric.length; c++) {
            if (numeric[c]) {
                numbers[c] = new FloatColumn();
            }
        }
        this.actuals = plan.actuals().length == 0 ? null : new DoubleColumn[plan.actuals().length];
        for (int o = 0; actuals != null && o < actuals.length; o++) {
            actuals[o] = new DoubleColumn();
        }
        this.categories = new IntColumn[header.length];
        this.categoryNames = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            categoryNames.add(null);
        }
        for (int c : plan.categorical()) {
            categories[c] = new IntColumn();
            categoryNames.set(c, new ArrayList<>());
        }
        this.ids = plan.id() >= 0 ? new IntColumn() : null;
        this.times = plan.time() >= 0 ? new DoubleColumn() : null;
        this.labels = plan.classification() ? new IntColumn() : null;
    }

    int line(int row) {
        return lines.get(row);
    }

    /**
     * The file row {@code row} was read from, as messages name it: {@link #file} itself, or for a data set of
     * several files the one holding the row.
     */
    String fileOf(int row) {
        if (fileCount == 0) {
            return file;
        }
        int i = java.util.Arrays.binarySearch(fileStarts, 0, fileCount, row);
        return fileNames.get(i >= 0 ? i : -i - 2);
    }

    /** "line N" of row {@code row} when it is in the same file as row {@code near}, else "file:N". */
    String lineNear(int row, int near) {
        return fileOf(row).equals(fileOf(near)) ? "line " + line(row) : where(row);
    }

    /** "file:line" of row {@code row}. */
    String where(int row) {
        return fileOf(row) + ":" + line(row);
    }

    /** The rows after the ones read so far come from {@code name} (called at the start, and by each next file). */
    void startFile(String name) {
        if (fileCount > 0 && fileStarts[fileCount - 1] == rows) {
            fileNames.set(fileCount - 1, name); // the file before held no kept row
            return;
        }
        if (fileCount == fileStarts.length) {
            fileStarts = java.util.Arrays.copyOf(fileStarts, 2 * fileCount);
        }
        fileStarts[fileCount++] = rows;
        fileNames.add(name);
    }

    /** The id of row {@code r}'s series ("" without an id column). */
    String idOf(int row) {
        return ids == null ? "" : idNames.get(ids.get(row));
    }

    /** The time of row {@code r} as written (numbers without a trailing ".0"), or {@code null} without --time. */
    String timeText(int row) {
        if (times == null) {
            return null;
        }
        return timeTexts != null ? timeTexts.get(row) : formatNumber(times.get(row));
    }

    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
