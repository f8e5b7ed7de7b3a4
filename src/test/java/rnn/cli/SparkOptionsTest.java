package rnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn train --spark} without the Spark build (this class path has no {@code rnn.train.DataParallel}
 * implementation) and the options that go with it: each a one-line usage error, exit 2, before any data is read.
 */
class SparkOptionsTest {

    @TempDir
    Path dir;

    @Test
    void withoutSparkOnTheClassPathTheRunSaysHowToGetIt() throws IOException, InterruptedException {
        Cli.run(dir, "train", "--spark", "local[*]", "--out", "r", Cli.sunspots().toString()).assertError(2,
                "rnn: --spark: Spark is not on the class path; run through scripts/rnn (it builds the Spark part "
                        + "with Maven on first use: mvn -Pspark package) or submit target/rnn-spark.jar with "
                        + "spark-submit (see 'rnn train --help')");
        assertNothingWritten();
    }

    @Test
    void theClusterOptionsNeedSparkAndSensibleValues() throws IOException, InterruptedException {
        String data = Cli.sunspots().toString();
        Cli.run(dir, "train", "--sync-every", "4", "--out", "r", data).assertError(2,
                "rnn: --sync-every: only with --spark MASTER (data-parallel training) (see 'rnn train --help')");
        Cli.run(dir, "train", "--workers", "2", "--out", "r", data).assertError(2,
                "rnn: --workers: only with --spark MASTER (data-parallel training) (see 'rnn train --help')");
        Cli.run(dir, "train", "--lr-scaling", "none", "--out", "r", data).assertError(2,
                "rnn: --lr-scaling: only with --spark MASTER (data-parallel training) (see 'rnn train --help')");
        Cli.run(dir, "train", "--spark", "local[2]", "--lr-scaling", "sqrt", "--out", "r", data).assertError(2,
                "rnn: --lr-scaling: expected linear or none, got \"sqrt\" (see 'rnn train --help')");
        Cli.run(dir, "train", "--spark", "local[2]", "--sync-every", "-1", "--out", "r", data).assertError(2,
                "rnn: --sync-every: expected a positive number of steps (or 0 = automatic), got -1 (see 'rnn train "
                        + "--help')");
        Cli.run(dir, "train", "--spark", "local[2]", "--workers", "-3", "--out", "r", data).assertError(2,
                "rnn: --workers: expected a positive number of workers (or 0 = Spark's default parallelism), got -3 "
                        + "(see 'rnn train --help')");
        Cli.run(dir, "train", "--spark", " ", "--out", "r", data).assertError(2,
                "rnn: --spark: expected a Spark master URL such as local[*], local[4], spark://HOST:7077, yarn or "
                        + "k8s://https://HOST:443, got \"\" (see 'rnn train --help')");
        Cli.run(dir, "train", "--spark", "local[2]", "--stateful", "--out", "r",
                Path.of("sample-data", "shakespeare.txt").toAbsolutePath().toString()).assertError(2,
                "rnn: --spark: --stateful carries the state from batch to batch in order, which data-parallel "
                        + "workers cannot; train it without --spark (see 'rnn train --help')");
        Cli.run(dir, "train", "--spark", "local[2]", "--out", "r", "-").assertError(2,
                "rnn: --spark: the data must be a file that every worker can read, not standard input (see 'rnn "
                        + "train --help')");
        assertNothingWritten();
    }

    private void assertNothingWritten() {
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(dir.resolve("r")), "a run directory was made");
    }
}
