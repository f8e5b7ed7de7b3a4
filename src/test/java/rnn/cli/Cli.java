package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rnn} in a child JVM, as a user's shell does: real stdout, stderr, exit code and signals.
 * The child gets {@code CI=true} and no terminal, like a batch job.
 */
final class Cli {

    /** What a finished run printed and returned. */
    record Result(int code, String out, String err) {
        /** The last line of stderr (where the one-line error message stands). */
        String lastErrLine() {
            String[] lines = err.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** The exit code is {@code expected} and the last line of stderr is {@code message}, exactly. */
        void assertError(int expected, String message) {
            assertEquals(expected, code, err);
            assertEquals(message, lastErrLine());
        }
    }

    private Cli() {
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "rnn.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs to completion (at most two minutes) in {@code dir}. */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rnn-out", ".txt");
        Path err = Files.createTempFile("rnn-err", ".txt");
        try {
            Process p = start(dir, out, err, args);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rnn did not finish: " + String.join(" ", args));
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts without waiting; stdout and stderr go to the given files. */
    static Process start(Path dir, Path out, Path err, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("CI", "true");
        return pb.start();
    }

    /** The bundled sample file, absolute. */
    static Path sunspots() {
        return Path.of("sample-data", "sunspots.csv").toAbsolutePath();
    }
}
