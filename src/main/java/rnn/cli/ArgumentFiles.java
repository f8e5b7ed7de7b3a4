package rnn.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The {@code @FILE} arguments of the command line (picocli's argument files: FILE's options stand in the place of
 * {@code @FILE}). picocli takes an {@code @FILE} whose file is missing as a literal argument, which would surface
 * later as an odd "unknown command" or data-file error; {@link #problem} names it instead.
 */
final class ArgumentFiles {

    private ArgumentFiles() {
    }

    /**
     * The one-line problem with the first {@code @FILE} argument that names no readable file, or null when there is
     * none. {@code @@x} (picocli's escape for a literal {@code @x}) and arguments after {@code --} are not files.
     */
    static String problem(String... args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (a.length() < 2 || a.charAt(0) != '@' || a.charAt(1) == '@') {
                continue;
            }
            Path file;
            try {
                file = Path.of(a.substring(1));
            } catch (InvalidPathException e) {
                return a + ": expected an argument file, got an invalid path; write @@ for an argument that starts "
                        + "with @";
            }
            if (!Files.exists(file)) {
                return a + ": no such argument file; check the path, or write @@ for an argument that starts with @";
            }
            if (Files.isDirectory(file) || !Files.isReadable(file)) {
                return a + ": expected a readable argument file, got " + (Files.isDirectory(file) ? "a directory"
                        : "a file that cannot be read") + "; check the path";
            }
        }
        return null;
    }
}
