package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import rnn.cli.Main;
import rnn.io.SafeTensors;

/** Runs of {@code rnn train} for the Spark tests: in this JVM, or in a child JVM on the Spark class path. */
final class SparkRuns {

    /** The bundled sample (289 windows, 231 of them training), absolute. */
    static final Path SUNSPOTS = Path.of("sample-data", "sunspots.csv").toAbsolutePath();

    private SparkRuns() {
    }

    /** What a run printed and returned. */
    record Result(int code, String out, String err) {
        String lastErrLine() {
            String[] lines = err.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** {@code rnn train ARGS} in this JVM; fails the test unless it exits 0. */
    static void train(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("train", "--no-progress", "--plot", "none", "--log-level", "warn"));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertEquals(0, code, "rnn " + all + ": " + err);
    }

    /** Every tensor of a checkpoint, by name. */
    static Map<String, double[]> tensors(Path checkpoint) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (SafeTensors.Tensor t : SafeTensors.read(checkpoint).tensors()) {
            m.put(t.name(), t.values());
        }
        return m;
    }

    /** The two checkpoints hold the same tensors, bit for bit. */
    static void assertSameTensors(Path expected, Path actual) {
        Map<String, double[]> e = tensors(expected);
        Map<String, double[]> a = tensors(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String name : e.keySet()) {
            assertArrayEquals(e.get(name), a.get(name), 0.0, name);
        }
    }

    /** The rows of loss.csv without the seconds column. */
    static List<String> lossRows(Path run) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("loss.csv"))) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            cells.remove(5); // epoch,train_loss,val_loss,lr,grad_norm,seconds
            rows.add(String.join(",", cells));
        }
        return rows;
    }

    /** The class path of a child JVM: the Spark build's classes, the test classes, rnn's and Spark's jars. */
    static String classPath() throws IOException {
        return System.getProperty("rnn.spark.classes") + java.io.File.pathSeparator
                + System.getProperty("rnn.spark.test.classes") + java.io.File.pathSeparator
                + Files.readString(Path.of(System.getProperty("rnn.spark.classpath"))).strip();
    }

    /** Spark's JVM flags (the spark profile's spark.jvm.flags) and the vector module. */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector"));
        flags.addAll(Arrays.asList(System.getProperty("rnn.spark.jvm.flags").strip().split("\\s+")));
        return flags;
    }

    /** A child JVM running {@code mainClass ARGS} on the Spark class path, output to files in {@code dir}. */
    static Process java(Path dir, String name, String mainClass, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        cmd.addAll(jvmFlags());
        cmd.addAll(List.of("-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("CI", "true");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code rnn ARGS} in a child JVM, to completion (at most three minutes). */
    static Result rnn(Path dir, String name, String... args) throws IOException, InterruptedException {
        Process p = java(dir, name, "rnn.cli.Main", Map.of(), args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "rnn did not finish: " + String.join(" ", args));
        return new Result(p.exitValue(), Files.readString(dir.resolve(name + ".out")),
                Files.readString(dir.resolve(name + ".err")));
    }
}
