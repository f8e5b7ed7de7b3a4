package rnn.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command of the packaged product (the jar, a script) as a user's shell does and collects what it printed.
 * stdout and stderr are read to their end: the end comes when every process writing to them has closed them
 * (scripts/rnn's stderr filter included), so nothing needs a sleep to settle.
 */
record ProcessRun(int code, String out, String err) {

    /** A guard against a hung child, not a time limit of the test: far above any run's duration. */
    private static final long HANG_GUARD_SECONDS = 300;

    /** {@code java -jar target/rnn.jar ARGS}. */
    static ProcessRun jar(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "rnn.jar");
        assertTrue(Files.isRegularFile(jar), "the jar is built before integration tests");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return run(Map.of(), cmd);
    }

    /** {@code bash scripts/rnn ARGS}. */
    static ProcessRun launcher(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(Path.of("target", "rnn.jar")), "the jar is built before integration tests");
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("scripts", "rnn").toString()));
        cmd.addAll(List.of(args));
        return run(Map.of(), cmd);
    }

    /** Runs {@code cmd} with {@code env} added to the environment, to its end. */
    static ProcessRun run(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertTrue(p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "did not finish: " + String.join(" ", cmd));
        try {
            return new ProcessRun(p.exitValue(), out.get(), err.get());
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + String.join(" ", cmd), e.getCause());
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
