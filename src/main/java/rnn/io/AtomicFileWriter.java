package rnn.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A text file written as a stream and replaced atomically, for output too large to hold in memory
 * ({@code rnn predict -o}): the text goes to a temporary sibling; {@link #commit()} forces it to disk and renames
 * it over the target; {@link #close()} without a commit deletes it. A failure half-way therefore leaves the
 * previous file (or none), never a truncated one.
 *
 * <pre>{@code
 * try (AtomicFileWriter f = AtomicFileWriter.open(path)) {
 *     f.writer().append(...);
 *     f.commit();
 * }
 * }</pre>
 */
public final class AtomicFileWriter implements AutoCloseable {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private final Writer writer;
    private boolean committed;

    private AtomicFileWriter(Path target, Path tmp, FileChannel channel) {
        this.target = target;
        this.tmp = tmp;
        this.channel = channel;
        this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), BUFFER_CHARS);
    }

    /**
     * Creates the temporary sibling of {@code target}: a new path or a regular file (a symbolic link to one is
     * followed, so the link stays and its file is replaced). Anything else is refused before any byte is written,
     * never replaced: a rename over a device node, a FIFO or a directory would destroy it.
     *
     * @throws NotARegularFileException when {@code target} exists and is not a regular file
     */
    public static AtomicFileWriter open(Path target) throws IOException {
        target = AtomicFiles.replaceable(target);
        Path tmp = AtomicFiles.temporaryFor(target);
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new AtomicFileWriter(target, tmp, ch);
    }

    /** The (buffered, UTF-8) writer of the temporary file. */
    public Writer writer() {
        return writer;
    }

    /** Flushes, forces to disk and renames the file into place. */
    public void commit() throws IOException {
        writer.flush();
        channel.force(true);
        channel.close();
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Without a {@link #commit()}: discards the temporary file. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
