package rnn.sweep;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A sweep's trials as tasks of a cluster ({@code rnn sweep --spark MASTER}: one Spark task per trial), found
 * through {@link ServiceLoader}: the implementation ({@code rnn.spark.SparkTrials}) lives in
 * {@code target/rnn-spark.jar}, built by the Maven profile {@code spark}, never in {@code target/rnn.jar}.
 * Each task runs its trial in a child JVM on the worker that runs the task (trials side by side never share a
 * JVM's logging and signal handling), writing into the sweep's directory: every worker must see the same storage.
 */
public interface ClusterTrials {

    /**
     * Starts the cluster session.
     *
     * @param master Spark's master URL ({@code local[*]}, {@code spark://HOST:PORT}, {@code yarn}, {@code k8s://...})
     * @return the executor; {@link Cluster#parallelism} says how many trials it runs at once
     */
    Cluster start(String master);

    /** A started session: its executor and how many tasks it runs at once. */
    record Cluster(TrialExecutor executor, int parallelism) {
    }

    /** The implementation on the class path, if any. */
    static Optional<ClusterTrials> find() {
        return ServiceLoader.load(ClusterTrials.class).findFirst();
    }
}
