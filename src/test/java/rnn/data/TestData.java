package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.function.Executable;

/** Shared helpers of the data tests: CSV files in a temporary directory, resources, error assertions. */
final class TestData {

    /** One tolerance for values that went through float storage. */
    /** A registered layout by name (fails the test when there is none). */
    static Layout layout(String name) {
        return Layouts.named(name).orElseThrow();
    }

    static final double FLOAT_TOL = 1e-5;

    private TestData() {
    }

    /** Writes {@code text} (UTF-8) to {@code dir/name}. */
    static Path csv(Path dir, String name, String text) {
        return bytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path bytes(Path dir, String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of src/test/resources/data. */
    static Path resource(String name) {
        try {
            return Path.of(TestData.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defaults with seed 42 and no validation split. */
    static DataOptions options() {
        return DataOptions.defaults(42).withValSplit(0);
    }

    /** Asserts that {@code action} throws a DataException with this exit code and exactly this message. */
    static DataException assertDataError(int exitCode, String message, Executable action) {
        DataException e = assertThrows(DataException.class, action);
        assertEquals(message, e.getMessage());
        assertEquals(exitCode, e.exitCode(), "exit code of: " + e.getMessage());
        return e;
    }
}
