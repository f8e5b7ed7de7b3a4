package rnn.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    /**
     * The files rnn writes at the top of a run directory (with the epoch checkpoints, all that it writes); the
     * last checkpoint first, as the one set aside first (its presence tells a replacement that finished).
     */
    public static final List<String> RUN_FILES = List.of(LAST, BEST, CONFIG, SUMMARY, LOG, LossLog.FILE_NAME,
            "loss.png", "loss.svg");

    private static final String SET_ASIDE_PREFIX = ".replaced-by-";
    private static final Pattern SET_ASIDE = Pattern.compile("\\.replaced-by-([0-9]+)");
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
     * Claims the directory for a new run: creates it, locks it ({@link RunLock}) and, with {@code overwrite},
     * sets the files of an earlier run aside in {@code RUN/.replaced-by-PID/}. Only the files rnn writes are
     * touched ({@link #RUN_FILES} and the epoch checkpoints), and only when {@code config.json} shows that rnn
     * wrote them; other files stay where they are. Closing the claim keeps the new run when it wrote
     * {@code last.safetensors} (the earlier run's files are deleted), and otherwise puts the earlier run back as it
     * was. The caller checks the data and builds the model first, so that nothing is touched before they are
     * known to be good.
     *
     * @throws RunDirectoryException exit code 2 (exists and is not empty, or holds files rnn did not write) or 4
     *                               (not writable, or another run holds it)
     */
    public Claim claimNew(boolean overwrite) {
        requireUsableForNew(overwrite); // refused before anything is created; checked again under the lock
        RunLock lock = lock("{{out}} " + root + ": cannot create the run directory", "; choose a writable {{out}}");
        Claim claim = new Claim(lock, null);
        try {
            recoverAbandoned();
            List<String> earlier = earlierRun(overwrite);
            if (!earlier.isEmpty()) {
                claim = new Claim(lock, root.resolve(SET_ASIDE_PREFIX + ProcessHandle.current().pid()));
                setAside(earlier, claim.aside);
            }
            Files.createDirectories(root.resolve(CHECKPOINTS));
            probeWritable();
            return claim;
        } catch (IOException e) {
            claim.close();
            throw new RunDirectoryException(4, "{{out}} " + root + ": cannot create the run directory ("
                    + describe(e) + "); choose a writable {{out}}");
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /**
     * The checks of {@link #claimNew} that need no lock and change nothing, so that a command can refuse a
     * directory before its longer work (reading the data): a path that is not a directory, a directory that is
     * not empty without {@code overwrite}, or whose run files rnn did not write.
     *
     * @throws RunDirectoryException exit code 2, or 4 when the directory cannot be read
     */
    public void requireUsableForNew(boolean overwrite) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new RunDirectoryException(2, "{{out}} " + root + ": exists and is not a directory; choose "
                    + "another {{out}}");
        }
        try {
            if (Files.isDirectory(root)) {
                earlierRun(overwrite);
            }
        } catch (IOException e) {
            throw new RunDirectoryException(4, "{{out}} " + root + ": cannot read the directory (" + describe(e)
                    + "); choose a readable {{out}}");
        }
    }

    /**
     * Claims the directory of a resumed run: locks it (a second run into it is refused) and checks that it can
     * write there.
     *
     * @throws RunDirectoryException exit code 4
     */
    public Claim claimResume() {
        RunLock lock = lock(root + ": cannot write into the run directory", "");
        try {
            recoverAbandoned();
            Files.createDirectories(root.resolve(CHECKPOINTS));
            probeWritable();
            return new Claim(lock, null);
        } catch (IOException e) {
            lock.close();
            throw new RunDirectoryException(4, root + ": cannot write into the run directory (" + describe(e) + ")");
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A run's hold on its directory: the lock, and the earlier run set aside by {@link #claimNew} (if any).
     * {@link #close()} settles the replacement and releases the lock.
     */
    public final class Claim implements AutoCloseable {

        private final RunLock lock;
        private final Path aside;

        private Claim(RunLock lock, Path aside) {
            this.lock = lock;
            this.aside = aside;
        }

        /** Whether an earlier run was set aside, to be replaced once this run has written a checkpoint. */
        public boolean replacing() {
            return aside != null;
        }

        /**
         * Keeps this run if it wrote {@code last.safetensors}, else restores the earlier run; releases the lock.
         *
         * @throws RunDirectoryException exit code 4 when the earlier run cannot be put back (its files stay in
         *                               the {@code .replaced-by-PID} directory, named in the message)
         */
        @Override
        public void close() {
            try {
                if (aside != null) {
                    settle(aside);
                }
            } finally {
                lock.close();
            }
        }
    }

    /**
     * The files of an earlier run that {@code overwrite} may replace (none in an empty directory).
     *
     * @throws RunDirectoryException exit code 2 for a directory that is not empty without {@code overwrite}, or
     *                               whose files rnn did not write
     */
    private List<String> earlierRun(boolean overwrite) throws IOException {
        if (isEmpty(root)) {
            return List.of();
        }
        if (!overwrite) {
            throw new RunDirectoryException(2, "{{out}} " + root + ": exists and is not empty; choose "
                    + "another {{out}}, add {{overwrite}} to replace the earlier run, or {{resume}} it");
        }
        List<String> earlier = runFilesPresent();
        if (!earlier.isEmpty()) {
            requireWrittenByRnn(earlier);
        }
        return earlier;
    }

    private RunLock lock(String what, String fix) {
        try {
            Files.createDirectories(root);
            return RunLock.acquire(root);
        } catch (IOException e) {
            throw new RunDirectoryException(4, what + " (" + describe(e) + ")" + fix);
        }
    }

    /**
     * The replacement of an earlier run, settled: the new run stays if it wrote {@code last.safetensors} (the
     * earlier files are deleted), else its files go and the earlier ones come back.
     */
    private void settle(Path aside) {
        try {
            if (Files.exists(last())) {
                deleteTree(aside);
                return;
            }
            for (String f : runFilesPresent()) {
                Files.deleteIfExists(root.resolve(f));
            }
            for (String f : runFilesIn(aside)) {
                Files.move(aside.resolve(f), root.resolve(f));
            }
            deleteTree(aside);
        } catch (IOException e) {
            throw new RunDirectoryException(4, root + ": cannot put the earlier run back (" + describe(e)
                    + "); its files are in " + aside);
        }
    }

    /**
     * Settles the replacements that a run killed before it could settle them left ({@code .replaced-by-PID}).
     * Called under the lock: the process that set them aside no longer holds the directory, so it is gone (whatever
     * its PID now names, on this host or another).
     */
    private void recoverAbandoned() throws IOException {
        String mine = SET_ASIDE_PREFIX + ProcessHandle.current().pid();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, SET_ASIDE_PREFIX + "*")) {
            for (Path p : ds) {
                if (SET_ASIDE.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)
                        && !p.getFileName().toString().equals(mine)) {
                    settle(p);
                }
            }
        }
    }

    /** Moves the files of an earlier run into {@code .replaced-by-PID/}, keeping their relative names. */
    private void setAside(List<String> files, Path aside) throws IOException {
        Files.createDirectories(aside.resolve(CHECKPOINTS));
        for (String f : files) {
            Files.move(root.resolve(f), aside.resolve(f));
        }
    }

    /**
     * Refuses to replace files that may be the user's own: an earlier run is recognised by its
     * {@code config.json} ({@code "tool": "rnn"}).
     */
    private void requireWrittenByRnn(List<String> files) {
        if (writtenByRnn(config())) {
            return;
        }
        String reason = Files.exists(config()) ? "config.json there was not written by rnn"
                : "it holds " + String.join(", ", files.subList(0, Math.min(files.size(), 5)))
                        + (files.size() > 5 ? ", ..." : "") + " but no config.json of an rnn run";
        throw new RunDirectoryException(2, "{{out}} " + root + ": " + reason + "; {{overwrite}} replaces only the "
                + "files of an earlier rnn run, never others; choose another {{out}}");
    }

    private static boolean writtenByRnn(Path config) {
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(config.toFile());
            return n != null && n.isObject() && "rnn".equals(n.path("tool").asText(null));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The files of a run (relative names) present in this directory. */
    private List<String> runFilesPresent() throws IOException {
        return runFilesIn(root);
    }

    private static List<String> runFilesIn(Path dir) throws IOException {
        List<String> present = new ArrayList<>();
        for (String f : RUN_FILES) {
            if (Files.exists(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                present.add(f);
            }
        }
        for (Path p : epochCheckpoints(dir)) {
            present.add(CHECKPOINTS + "/" + p.getFileName());
        }
        return present;
    }

    private static void deleteTree(Path dir) throws IOException {
        for (String f : runFilesIn(dir)) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Files.deleteIfExists(dir.resolve(CHECKPOINTS));
        Files.deleteIfExists(dir);
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
        return epochCheckpoints(root);
    }

    private static List<Path> epochCheckpoints(Path runDir) throws IOException {
        List<Path> files = new ArrayList<>();
        Path dir = runDir.resolve(CHECKPOINTS);
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

    private void probeWritable() throws IOException {
        Path probe = Files.createTempFile(root, ".write-test", ".tmp");
        Files.delete(probe);
    }

    /** Empty but for the lock file and the checkpoints directory of a run that wrote none. */
    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean emptyCheckpoints = name.equals(CHECKPOINTS) && Files.isDirectory(p) && isEmpty(p);
                if (!name.equals(RunLock.FILE_NAME) && !emptyCheckpoints) {
                    return false;
                }
            }
            return true;
        }
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + ": " + e.getMessage();
    }
}
