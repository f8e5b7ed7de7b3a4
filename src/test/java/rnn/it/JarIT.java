package rnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs the packaged jar as a user does (the failsafe plugin runs this after {@code package}): the version comes
 * from the jar manifest, and a normal run prints nothing but its result (no JVM or logging noise).
 */
class JarIT {

    private static final Path JAR = Path.of("target", "rnn.jar");

    @Test
    void versionFromTheManifest() throws Exception {
        Result r = run("--version");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("rnn " + System.getProperty("rnn.version") + "\n"), r.out);
        assertEquals("", r.err);
    }

    @Test
    void usageErrorExitsTwoWithAOneLineMessage() throws Exception {
        Result r = run("--no-such-flag");
        assertEquals(2, r.code);
        assertEquals("rnn: Unknown option: '--no-such-flag' (see 'rnn --help')\n", r.err);
        assertEquals("", r.out);
    }

    /** The README's CI example passes on the bundled data and fails when the bar is out of reach. */
    @Test
    void ciExamplePassesAndFails() throws Exception {
        Result pass = script(Map.of(), "scripts/ci-example.sh");
        assertEquals(0, pass.code, pass.err);
        assertTrue(pass.out.startsWith("ci-example: best validation loss 0.2"), pass.out);
        Result fail = script(Map.of("MAX_LOSS", "0.01"), "scripts/ci-example.sh");
        assertEquals(1, fail.code, fail.err);
        assertTrue(fail.err.endsWith("> 0.01: FAIL\n"), fail.err);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result script(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rnn-out", ".txt");
        Path err = Files.createTempFile("rnn-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the script did not finish");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), "the jar is built before integration tests");
        Path out = Files.createTempFile("rnn-out", ".txt");
        Path err = Files.createTempFile("rnn-err", ".txt");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar did not finish");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
