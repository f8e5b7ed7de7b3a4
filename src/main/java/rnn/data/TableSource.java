package rnn.data;

import java.io.Closeable;
import java.util.List;

/**
 * What the loader needs from a data file, whatever its format: a name for messages, the header and the first
 * data row (they decide the columns' roles, see {@link ColumnPlan}), then every record as typed columns with
 * their physical line numbers ({@link CsvTable}). {@link CsvReader} is the CSV implementation; a layout chooses
 * its source in {@link Layout#open}, so another format (plain text) is one new class beside it.
 *
 * <p>Every failure is a {@link DataException} naming {@link #name()} and, where one applies, the line.
 */
interface TableSource extends Closeable {

    /** The name for messages: a path as given, or "&lt;stdin&gt;". */
    String name();

    /** The column names (a copy). */
    String[] header();

    /** The first data row's values (a copy). */
    String[] firstRow();

    /** The physical line of the first data row. */
    long firstLine();

    /**
     * Reads every record into the typed columns {@code plan} asks for.
     *
     * @param fixedClasses      the training classes (an unknown label is an error unless
     *                          {@code keepUnseenClasses}), or {@code null} to collect and sort the labels
     * @param keepUnseenClasses a label not among {@code fixedClasses} gets the next index after them
     */
    CsvTable read(ColumnPlan plan, MissingPolicy missing, List<String> fixedClasses, boolean keepUnseenClasses);

    /**
     * {@link #read(ColumnPlan, MissingPolicy, List, boolean)} with the target columns under their own policy
     * ({@code --missing-target}); a source without missing targets (a text) ignores it.
     */
    default CsvTable read(ColumnPlan plan, MissingPolicy missing, MissingTargetPolicy missingTarget,
            List<String> fixedClasses, boolean keepUnseenClasses) {
        return read(plan, missing, fixedClasses, keepUnseenClasses);
    }

    /** Releases the input; never fails. */
    @Override
    void close();
}
