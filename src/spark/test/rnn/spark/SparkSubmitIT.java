package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.spark.SparkRuns.SUNSPOTS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark-submit --class rnn.cli.Main target/rnn-spark.jar train --spark ...} as on a cluster: Spark's
 * SparkSubmit in a child JVM whose class path is a Spark installation's (Spark and its dependencies, none of rnn's
 * own), the application jar added by Spark; the run equals the same run through scripts/rnn's class path.
 */
class SparkSubmitIT {

    /** rnn's own dependencies, which a Spark installation does not have (rnn-spark.jar carries them). */
    private static final List<String> RNN_ONLY = List.of("picocli", "commons-csv", "ejml", "xchart",
            "VectorGraphics2D", "progressbar", "jline", "tribuo", "protobuf", "junit", "onnxruntime", "opentest4j",
            "apiguardian", "jspecify");

    @TempDir
    Path dir;

    @Test
    void sparkSubmitOfTheJarTrainsAsTheLauncherDoes() throws Exception {
        String[] train = {"train", "--spark", "local[2]", "--workers", "2", "--sync-every", "2", "--epochs", "2",
            "--seed", "7", "--no-progress", "--plot", "none"};
        Path viaLauncher = dir.resolve("launcher");
        SparkRuns.train(with(Arrays.copyOfRange(train, 1, train.length), "--out", viaLauncher.toString(),
                SUNSPOTS.toString()));
        String sparkOnly = Arrays.stream(Files.readString(Path.of(System.getProperty("rnn.spark.classpath"))).strip()
                .split(java.io.File.pathSeparator)).filter(j -> RNN_ONLY.stream().noneMatch(j::contains))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        Path submitted = dir.resolve("submitted");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(SparkRuns.jvmFlags());
        cmd.addAll(List.of("-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class",
                "rnn.cli.Main", System.getProperty("rnn.spark.jar")));
        cmd.addAll(List.of(with(train, "--out", submitted.toString(), SUNSPOTS.toString())));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("submit.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "spark-submit did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("submit.log")));
        SparkRuns.assertSameTensors(viaLauncher.resolve("last.safetensors"), submitted.resolve("last.safetensors"));
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
