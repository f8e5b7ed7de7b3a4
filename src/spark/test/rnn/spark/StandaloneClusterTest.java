package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.spark.SparkRuns.SUNSPOTS;
import static rnn.spark.SparkRuns.assertSameTensors;
import static rnn.spark.SparkRuns.train;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Spark cluster on localhost, started by the test from the Maven jars: one master and two workers of
 * one core each (org.apache.spark.deploy.master.Master / deploy.worker.Worker in child JVMs; a SPARK_HOME whose
 * jars/ links the resolved jars, from which a worker builds its executors' class path). The driver is this JVM.
 */
class StandaloneClusterTest {

    private static final String[] TWO_WORKERS = {"--workers", "2", "--sync-every", "2", "--epochs", "3",
        "--seed", "7", SUNSPOTS.toString()};

    @TempDir
    static Path dir;
    private static final List<Process> CLUSTER = new ArrayList<>();
    private static String master;
    private static Path local;

    @BeforeAll
    static void startCluster() throws Exception {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        for (String jar : Files.readString(Path.of(System.getProperty("rnn.spark.classpath"))).strip()
                .split(java.io.File.pathSeparator)) {
            Path j = Path.of(jar);
            Files.createSymbolicLink(home.resolve("jars").resolve(j.getFileName()), j);
        }
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        CLUSTER.add(SparkRuns.java(dir, "master", "org.apache.spark.deploy.master.Master", env, "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", "0"));
        awaitListening(port);
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(dir.resolve("work-" + w));
            CLUSTER.add(SparkRuns.java(dir, "worker-" + w, "org.apache.spark.deploy.worker.Worker", env, "--host",
                    "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work.toString(),
                    master));
        }
        System.setProperty("spark.executor.extraClassPath", SparkRuns.classPath());
        System.setProperty("spark.executor.extraJavaOptions", String.join(" ", SparkRuns.jvmFlags()));
        System.setProperty("spark.driver.host", "127.0.0.1");
        local = dir.resolve("local");
        train(with("--spark", "local[2]", "--out", local.toString()));
    }

    @AfterAll
    static void stopCluster() {
        for (String p : List.of("spark.executor.extraClassPath", "spark.executor.extraJavaOptions",
                "spark.driver.host")) {
            System.clearProperty(p);
        }
        for (Process p : CLUSTER) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @AfterEach
    void noHook() {
        System.clearProperty("rnn.spark.failOnce");
    }

    @Test
    void twoWorkersOnTheClusterGiveTheLocalResult() {
        Path run = dir.resolve("cluster");
        train(with("--spark", master, "--out", run.toString()));
        assertSameTensors(local.resolve("last.safetensors"), run.resolve("last.safetensors"));
    }

    @Test
    void aKilledExecutorIsSurvivedWithTheSameResult() throws IOException {
        System.setProperty("rnn.spark.failOnce", "2:1:exit");
        Path run = dir.resolve("killed");
        train(with("--spark", master, "--out", run.toString()));
        assertSameTensors(local.resolve("last.safetensors"), run.resolve("last.safetensors"));
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("data-parallel: a worker's task of round 3 failed on executor"), log);
        assertTrue(log.contains("Spark runs it again from the round's start state"), log);
    }

    private static String[] with(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(TWO_WORKERS));
        return all.toArray(String[]::new);
    }

    /** Polls until something accepts connections on {@code port} (at most a minute). */
    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the Spark master did not listen on port " + port + " within a minute");
    }
}
