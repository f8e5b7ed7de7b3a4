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
 */
public record LoadReport(String file, long rows, long droppedRows, long filledValues, long statsRows,
        ExampleCounts counts, SplitCounts split, List<String> ignoredColumns, List<String> warnings) {

    public LoadReport {
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
