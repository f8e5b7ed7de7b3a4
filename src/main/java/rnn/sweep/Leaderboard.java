package rnn.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import rnn.io.AtomicFiles;
import rnn.io.LeaderboardPlot;
import rnn.io.LossLog;

/**
 * The trials of a sweep, best first: lowest best validation loss first, trials without one (failed, pending)
 * last, ties to the lower index. Written as {@code DIR/}{@value #CSV} (atomically), shown as a Markdown table
 * ({@link #markdown}) and drawn as {@code DIR/}{@value #PNG} (each trial's validation curve, the best
 * {@link SweepLimits#MAX_PLOTTED}).
 *
 * @param keys the swept options (the columns between the trial and its results)
 * @param rows the trials' reports, best first
 */
public record Leaderboard(List<String> keys, List<TrialReport> rows) {

    public static final String CSV = "leaderboard.csv";
    public static final String PNG = "leaderboard.png";

    /** The reports ordered best first. */
    public static Leaderboard of(List<String> keys, List<TrialReport> reports) {
        List<TrialReport> rows = new ArrayList<>(reports);
        rows.sort(Comparator.comparingDouble((TrialReport r) -> Double.isNaN(r.bestLoss()) ? Double.POSITIVE_INFINITY
                : r.bestLoss()).thenComparingInt(r -> r.trial().index()));
        return new Leaderboard(List.copyOf(keys), List.copyOf(rows));
    }

    /** The CSV's header: rank, trial, the swept options, then the results. */
    public List<String> header() {
        List<String> h = new ArrayList<>(List.of("rank", "trial"));
        h.addAll(keys);
        h.addAll(List.of("best_val_loss", "best_epoch", "epochs", "status", "error", "run_dir"));
        return h;
    }

    /** The CSV text (header and one row per trial; an absent loss is empty). */
    public String csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            p.printRecord(header());
            int rank = 1;
            for (TrialReport r : rows) {
                List<Object> row = new ArrayList<>(List.of(rank++, r.trial().id()));
                keys.forEach(k -> row.add(r.trial().values().get(k)));
                row.addAll(List.of(Double.isNaN(r.bestLoss()) ? "" : Double.toString(r.bestLoss()),
                        r.bestEpoch(), r.epochs(), r.status(), r.error() == null ? "" : r.error(),
                        r.runDir().toString()));
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        return w.toString();
    }

    /** The Markdown table for stdout (losses to 6 significant digits; the error line of a failed trial). */
    public String markdown() {
        List<String> h = new ArrayList<>(List.of("rank", "trial"));
        h.addAll(keys);
        h.addAll(List.of("best val loss", "best epoch", "epochs", "status"));
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", h)).append(" |\n");
        b.append("|").append("---|".repeat(h.size())).append("\n");
        int rank = 1;
        for (TrialReport r : rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++), r.trial().id()));
            keys.forEach(k -> cells.add(r.trial().values().get(k)));
            cells.add(Double.isNaN(r.bestLoss()) ? "" : String.format(Locale.ROOT, "%.6g", r.bestLoss()));
            cells.add(Integer.toString(r.bestEpoch()));
            cells.add(Integer.toString(r.epochs()));
            cells.add(r.error() == null ? r.status() : r.status() + ": " + r.error());
            b.append("| ").append(String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return b.toString();
    }

    /**
     * Writes {@code DIR/leaderboard.csv} and {@code DIR/leaderboard.png} atomically. The caller holds the
     * sweep's lock.
     */
    public void write(Path sweepDir) throws IOException {
        AtomicFiles.write(sweepDir.resolve(CSV), csv());
        Map<String, List<LossLog.Row>> curves = new LinkedHashMap<>();
        for (TrialReport r : rows.subList(0, Math.min(rows.size(), SweepLimits.MAX_PLOTTED))) {
            List<LossLog.Row> rowsOf = TrialReport.rows(r.runDir());
            if (!rowsOf.isEmpty()) {
                curves.put(r.trial().id() + " " + r.trial().describe(), rowsOf);
            }
        }
        String title = rows.size() > SweepLimits.MAX_PLOTTED ? "validation loss, best " + SweepLimits.MAX_PLOTTED
                + " of " + rows.size() + " trials" : "validation loss per trial";
        LeaderboardPlot.draw(sweepDir.resolve(PNG), curves, title);
    }
}
