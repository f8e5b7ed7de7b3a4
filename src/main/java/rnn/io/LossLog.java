package rnn.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code RUN/loss.csv}: one row per epoch, appended and flushed to disk as soon as the epoch ends, so a killed
 * run keeps its curve. Columns: {@code epoch,train_loss,val_loss,lr,grad_norm,seconds[,val_accuracy]} (losses
 * are the training objective in normalised units; {@code grad_norm} is the largest global gradient norm of the
 * epoch before clipping; {@code val_loss} is empty without validation data).
 */
public final class LossLog {

    public static final String FILE_NAME = "loss.csv";

    /** One epoch's row. {@code valLoss} and {@code valAccuracy} are NaN when absent. */
    public record Row(int epoch, double trainLoss, double valLoss, double lr, double gradNorm, double seconds,
                      double valAccuracy) {
    }

    private final Path path;
    private final boolean accuracy;

    /** A log at {@code RUN/loss.csv}; {@code accuracy} adds the {@code val_accuracy} column (classification). */
    public LossLog(Path runDir, boolean accuracy) {
        this.path = runDir.resolve(FILE_NAME);
        this.accuracy = accuracy;
    }

    public Path path() {
        return path;
    }

    /** The header line (without newline). */
    public String header() {
        return "epoch,train_loss,val_loss,lr,grad_norm,seconds" + (accuracy ? ",val_accuracy" : "");
    }

    /**
     * Keeps the rows of epochs up to {@code lastEpoch} and drops later ones (a run resumed from an earlier
     * checkpoint rewrites the epochs after it); creates the file with its header when missing.
     */
    public void truncateAfter(int lastEpoch) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(header());
        if (Files.exists(path)) {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String l = lines.get(i);
                int comma = l.indexOf(',');
                if (comma > 0 && isInt(l.substring(0, comma)) && Integer.parseInt(l.substring(0, comma)) <= lastEpoch) {
                    kept.add(l);
                }
            }
        }
        AtomicFiles.write(path, java.nio.ByteBuffer.wrap(
                (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** Appends one row and forces it to disk. */
    public void append(Row r) throws IOException {
        String line = String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%.3f%s%n", r.epoch(), num(r.trainLoss()),
                num(r.valLoss()), num(r.lr()), num(r.gradNorm()), r.seconds(),
                accuracy ? "," + num(r.valAccuracy()) : "");
        try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC)) {
            w.write(line);
        }
    }

    /** Reads the rows back (for the plot and for tests). */
    public List<Row> read() throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.exists(path)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length < 6) {
                continue;
            }
            rows.add(new Row(Integer.parseInt(f[0]), parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]),
                    parse(f[5]), f.length > 6 ? parse(f[6]) : Double.NaN));
        }
        return rows;
    }

    private static boolean isInt(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
    }

    /** Shortest text that reads back as the same double; empty for NaN (an absent value). */
    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
