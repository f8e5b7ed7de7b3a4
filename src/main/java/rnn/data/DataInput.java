package rnn.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the bytes of a data file come from: a file, or standard input (read once, whole, when the input is
 * created; messages name it {@value #STDIN_NAME}, so a bad cell reads {@code <stdin>:LINE:COL}). A
 * {@link TableSource} turns these bytes into typed columns.
 */
public final class DataInput {

    /** How messages name standard input. */
    public static final String STDIN_NAME = "<stdin>";

    private final String name;
    private final Path path;
    private final byte[] bytes;

    private DataInput(String name, Path path, byte[] bytes) {
        this.name = name;
        this.path = path;
        this.bytes = bytes;
    }

    /** The file at {@code path}, named in messages as given. */
    public static DataInput file(Path path) {
        return new DataInput(path.toString(), path, null);
    }

    /**
     * The whole of {@code in} (standard input), read now.
     *
     * @throws DataException (data) when it cannot be read
     */
    public static DataInput stdin(InputStream in) {
        try {
            return new DataInput(STDIN_NAME, null, in.readAllBytes());
        } catch (IOException e) {
            throw DataException.file(STDIN_NAME, "a readable stream", "an I/O error (" + DataException.oneLine(
                    String.valueOf(e.getMessage())) + ")", "check the pipe");
        }
    }

    /** The name for messages: the path as given, or {@value #STDIN_NAME}. */
    public String name() {
        return name;
    }

    /** The file, or {@code null} for standard input. */
    public Path path() {
        return path;
    }

    /** The bytes from the start (again on every call; standard input is kept in memory). */
    InputStream open() throws IOException {
        return path != null ? Files.newInputStream(path) : new ByteArrayInputStream(bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
