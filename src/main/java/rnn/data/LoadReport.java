package rnn.data;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What loading the training data found: provenance and counts for people and run records; nothing here is needed
 * to read new data (that is the {@link InputContract}).
 *
 * @param file           the training file as given ("&lt;stdin&gt;" for standard input)
 * @param rows           data rows in the file (kept and dropped)
 * @param droppedRows    rows dropped for missing values
 * @param filledValues   values filled forward
 * @param statsRows      the training rows the normalisation statistics come from
 * @param counts         series, examples and their steps
 * @param split          training and validation examples
 * @param ignoredColumns columns with no role, and why
 * @param warnings       the warnings given while loading (also logged)
 * @param droppedExamples examples the dropped rows removed (window layout: windows that would span or reach
 *                       them), 0 when none or not counted (a report written before it existed)
 * @param notes          what the loader decided for the user, one line each (the time column it found and
 *                       why), printed after the layout line; empty in a report written before it existed
 * @param season         how the seasonal period of the window layout's regression was chosen, or that there is
 *                       none ("season: 12 rows (the monthly step of \"date\"; …)"): the line the train log prints
 *                       before the baselines; {@code null} for the other layouts and in a report written before it
 */
public record LoadReport(String file, long rows, long droppedRows, long filledValues, long statsRows,
        ExampleCounts counts, SplitCounts split, List<String> ignoredColumns, List<String> warnings,
        long droppedExamples, List<String> notes,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        String season) {

    /** A report without a season line. */
    public LoadReport(String file, long rows, long droppedRows, long filledValues, long statsRows,
            ExampleCounts counts, SplitCounts split, List<String> ignoredColumns, List<String> warnings,
            long droppedExamples, List<String> notes) {
        this(file, rows, droppedRows, filledValues, statsRows, counts, split, ignoredColumns, warnings,
                droppedExamples, notes, null);
    }

    /** A report without dropped examples counted and without notes. */
    public LoadReport(String file, long rows, long droppedRows, long filledValues, long statsRows,
            ExampleCounts counts, SplitCounts split, List<String> ignoredColumns, List<String> warnings) {
        this(file, rows, droppedRows, filledValues, statsRows, counts, split, ignoredColumns, warnings, 0, List.of());
    }

    public LoadReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(split, "split");
        ignoredColumns = List.copyOf(ignoredColumns);
        warnings = List.copyOf(warnings);
    }

    /** This report as JSON (the form {@link #fromJson} reads). */
    public ObjectNode toJson() {
        return DataSchema.JSON.valueToTree(this);
    }

    /**
     * A report read from {@link #toJson()}, or from a data schema of format 1 (the flat object of release 1).
     *
     * @throws IllegalArgumentException when the tree is neither
     */
    public static LoadReport fromJson(JsonNode node) {
        return DataSchema.read(node, LoadReport.class, "a data load report", "counts", "counts", "split");
    }
}
