package rnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Atomic file replacement: every file of a run directory that is rewritten (checkpoints, the plot, JSON files)
 * goes through here, so a crash, a kill or a full disk leaves either the old file or the new one, never a torn
 * one. Temporary files that crashed processes left are removed on the next write into their directory.
 */
public final class AtomicFiles {

    private static final String TMP_INFIX = ".tmp-";
    /** File types of a Unix mode ({@code sys/stat.h}). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-([0-9]+)");
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** Writes UTF-8 text atomically. */
    public static void write(Path path, String text) throws IOException {
        write(path, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes the buffers to a temporary sibling, forces it to disk, and renames it over {@code path} (over the file
     * a symbolic link names, see {@link #replaceable}).
     *
     * @throws NotARegularFileException when {@code path} exists and is not a regular file (nothing is written)
     */
    public static void write(Path path, ByteBuffer... buffers) throws IOException {
        path = replaceable(path);
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = temporaryFor(path);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (ByteBuffer b : buffers) {
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        renameIntoPlace(tmp, path, dir);
    }

    /** Renames a complete temporary file over {@code target} (atomically where supported), then forces its directory. */
    private static void renameIntoPlace(Path tmp, Path target, Path dir) throws IOException {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        forceDirectory(dir);
    }

    /**
     * Makes {@code target} a second name of the bytes of {@code source} (a file written by {@link #write}, which
     * never changes a file in place), atomically: a hard link made under the temporary sibling and renamed over
     * {@code target}, then the directory forced. Where the file system has no hard links (or {@code source} lies on
     * another one), a copy, forced to disk before its rename. Either way a reader sees the old {@code target} or
     * the whole new one, and a later {@link #write} of {@code source} leaves {@code target} as it is. Costs no data
     * write: the training loop links {@code last.safetensors} and the epoch's checkpoint to the bytes it has just
     * written under another name instead of writing and syncing them again.
     *
     * @throws NotARegularFileException when {@code target} exists and is not a regular file (nothing is changed)
     */
    public static void link(Path source, Path target) throws IOException {
        target = replaceable(target);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = temporaryFor(target);
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createLink(tmp, source);
            } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                if (Files.isSymbolicLink(source) || !Files.isRegularFile(source)) {
                    throw e;
                }
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        renameIntoPlace(tmp, target, dir);
    }

    /**
     * The path a replacement of {@code target} renames onto: {@code target} when it is new or a regular file, the
     * regular file a symbolic link names (so the link stays a link). Anything else is refused before a byte is
     * written, never replaced: a rename over a device node, a FIFO or a directory would destroy it.
     *
     * @throws NotARegularFileException when {@code target} exists and is not a regular file
     */
    static Path replaceable(Path target) throws IOException {
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new NotARegularFileException(target, kind(target));
        }
        return Files.isSymbolicLink(target) && Files.exists(target) ? target.toRealPath() : target;
    }

    /** What a path that is not a regular file is, from its Unix mode where the file system gives one. */
    private static String kind(Path p) {
        if (Files.isDirectory(p)) {
            return "a directory";
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & S_IFMT;
            return switch (type) {
                case S_IFIFO -> "a FIFO (named pipe)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    /**
     * The temporary sibling {@code .NAME.tmp-PID} a file is written to before its rename; first removes what
     * crashed processes left in that directory ({@link #removeStaleTemporaries}).
     */
    static Path temporaryFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        removeStaleTemporaries(dir);
        return dir.resolve("." + target.getFileName() + TMP_INFIX + ProcessHandle.current().pid());
    }

    /**
     * Deletes the temporary files ({@code .NAME.tmp-PID}) in {@code dir} whose process is no longer alive: what a
     * crash or a {@code kill -9} during a write left behind. A file of a live process (another run writing now) is
     * left. Done once per directory in the life of this process; never fails (a file that cannot be deleted stays).
     */
    static void removeStaleTemporaries(Path dir) {
        if (!SWEPT.add(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TMP_INFIX + "*")) {
            for (Path f : files) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).length() < 19 && !alive(Long.parseLong(m.group(1)))) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory: the write itself reports what is wrong
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // left for a later sweep
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system lets a directory be opened for sync; the rename itself is still atomic
        }
    }

}
