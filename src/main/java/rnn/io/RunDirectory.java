package rnn.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a run directory (DESIGN §4):
 * <pre>
 * RUN/config.json  RUN/summary.json  RUN/train.log  RUN/loss.csv  RUN/loss.png
 * RUN/checkpoints/epoch-0007.safetensors   (the last K)
 * RUN/best.safetensors  RUN/last.safetensors
 * </pre>
 */
public final class RunDirectory {

    public static final String CONFIG = "config.json";
    public static final String SUMMARY = "summary.json";
    public static final String LOG = "train.log";
    public static final String BEST = "best.safetensors";
    public static final String LAST = "last.safetensors";
    public static final String CHECKPOINTS = "checkpoints";

    private static final Pattern EPOCH_FILE = Pattern.compile("epoch-(\\d{4,})\\.safetensors");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A fresh directory name {@code runs/<timestamp>-<cell>} (with a suffix when it already exists). */
    public static Path defaultFor(Path runsDir, String cell, LocalDateTime now) {
        Path p = runsDir.resolve(now.format(STAMP) + "-" + cell);
        for (int i = 2; Files.exists(p); i++) {
            p = runsDir.resolve(now.format(STAMP) + "-" + cell + "-" + i);
        }
        return p;
    }

    /**
     * Prepares the directory for a new run: creates it, or refuses one that exists and is not empty unless
     * {@code overwrite}, in which case the files of an earlier run are removed.
     *
     * @throws RunDirectoryException exit code 4 (not writable) or 2 (exists and is not empty)
     */
    public void prepareNew(boolean overwrite) {
        try {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new RunDirectoryException(2, "{{out}} " + root + ": exists and is not a directory; choose "
                        + "another {{out}}");
            }
            if (Files.isDirectory(root) && !isEmpty(root)) {
                if (!overwrite) {
                    throw new RunDirectoryException(2, "{{out}} " + root + ": exists and is not empty; choose another "
                            + "{{out}}, add {{overwrite}} to replace the earlier run, or {{resume}} it");
                }
                clearRunFiles();
            }
            Files.createDirectories(root.resolve(CHECKPOINTS));
            probeWritable();
        } catch (IOException e) {
            throw new RunDirectoryException(4, "{{out}} " + root + ": cannot create the run directory ("
                    + describe(e) + "); choose a writable {{out}}");
        }
    }

    /** Checks that a resumed run can write into its directory. */
    public void prepareResume() {
        try {
            Files.createDirectories(root.resolve(CHECKPOINTS));
            probeWritable();
        } catch (IOException e) {
            throw new RunDirectoryException(4, root + ": cannot write into the run directory (" + describe(e) + ")");
        }
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path summary() {
        return root.resolve(SUMMARY);
    }

    public Path log() {
        return root.resolve(LOG);
    }

    public Path best() {
        return root.resolve(BEST);
    }

    public Path last() {
        return root.resolve(LAST);
    }

    /** {@code checkpoints/epoch-0007.safetensors}. */
    public Path epochCheckpoint(int epoch) {
        return root.resolve(CHECKPOINTS).resolve(String.format(Locale.ROOT, "epoch-%04d.safetensors", epoch));
    }

    /** Deletes the epoch checkpoints beyond the newest {@code keep}. */
    public void pruneCheckpoints(int keep) throws IOException {
        List<Path> files = epochCheckpoints();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
        }
    }

    /** The epoch checkpoints, oldest first. */
    public List<Path> epochCheckpoints() throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = root.resolve(CHECKPOINTS);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (EPOCH_FILE.matcher(p.getFileName().toString()).matches()) {
                    files.add(p);
                }
            }
        }
        files.sort((a, b) -> Integer.compare(epochOf(a), epochOf(b)));
        return files;
    }

    private static int epochOf(Path p) {
        Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private void clearRunFiles() throws IOException {
        for (String f : List.of(CONFIG, SUMMARY, LOG, BEST, LAST, LossLog.FILE_NAME, "loss.png", "loss.svg")) {
            Files.deleteIfExists(root.resolve(f));
        }
        for (Path p : epochCheckpoints()) {
            Files.deleteIfExists(p);
        }
    }

    private void probeWritable() throws IOException {
        Path probe = Files.createTempFile(root, ".write-test", ".tmp");
        Files.delete(probe);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
