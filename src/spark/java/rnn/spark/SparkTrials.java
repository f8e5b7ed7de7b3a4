package rnn.spark;

import java.io.File;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import rnn.sweep.ChildProcessExecutor;
import rnn.sweep.ClusterTrials;
import rnn.sweep.Trial;
import rnn.sweep.TrialExecutor;

/**
 * {@code rnn sweep --spark MASTER}: each attempt of a trial is one Spark job of one task, which runs
 * {@code rnn train ARGS} in a child JVM on the worker that got the task ({@link TrialTask}), its output appended to
 * the trial's log in the sweep's directory. The sweep submits up to {@code --parallel} attempts at once from its
 * threads; Spark places the tasks on free cores (one per task unless {@code spark.task.cpus} says more). A task
 * whose executor is lost is run again by Spark; the trial's own failure (a non-zero exit) is a result, not a task
 * failure, and is listed in the leaderboard.
 */
public final class SparkTrials implements ClusterTrials {

    private static final Logger LOG = LogManager.getLogger(SparkTrials.class);

    @Override
    public Cluster start(String master) {
        SparkEpochTraining.quietSparkLogs();
        SparkConf conf = SparkEpochTraining.conf("rnn sweep", master);
        JavaSparkContext spark = new JavaSparkContext(conf);
        int parallelism = spark.defaultParallelism();
        LOG.info("Spark {} ({}): {} task slots", spark.version(), conf.get("spark.master"), parallelism);
        return new Cluster(new Executor(spark), parallelism);
    }

    /** One Spark job per attempt, from the sweep's threads. */
    private static final class Executor implements TrialExecutor {
        private final JavaSparkContext spark;

        Executor(JavaSparkContext spark) {
            this.spark = spark;
        }

        @Override
        public Result run(Launch launch) {
            TrialTask task = new TrialTask(launch.trial().index(), launch.trial().values(),
                    new ArrayList<>(launch.trainArgs()), launch.log().toString());
            spark.setJobGroup(launch.trial().id(), "rnn sweep: " + launch.trial().id(), true);
            try {
                TrialTask.Outcome o = spark.parallelize(List.of(task), 1).map(TrialTask::run).collect().get(0);
                return new Result(o.exitCode(), o.error());
            } catch (RuntimeException e) {
                // the task itself failed on every attempt (a lost executor each time, or no java on a worker)
                return new Result(1, "Spark could not run the trial's task (" + rootMessage(e) + ")");
            }
        }

        @Override
        public void close() {
            spark.cancelAllJobs(); // a task's child JVM is stopped with its executor's task (SIGTERM: it checkpoints)
            spark.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * What a task carries (serialised by Spark to the worker): the trial and its {@code train} arguments, and the
     * trial's log file. On the worker it starts {@code rnn.cli.Main train ARGS} in a child JVM like the executor's,
     * on the class path of rnn (the jar or directory this class was loaded from) and the executor's own, and waits.
     */
    record TrialTask(int index, java.util.Map<String, String> values, List<String> args, String log)
            implements Serializable {

        /** How the attempt ended (serialised back to the driver). */
        record Outcome(int exitCode, String error) implements Serializable {
        }

        Outcome run() {
            String classPath = rnnLocation() + File.pathSeparator + System.getProperty("java.class.path");
            ChildProcessExecutor child = new ChildProcessExecutor(
                    ChildProcessExecutor.javaCommand(classPath, "rnn.cli.Main"));
            try {
                TrialExecutor.Result r = child.run(new TrialExecutor.Launch(new Trial(index, values), args,
                        Path.of(log)));
                return new Outcome(r.exitCode(), r.error());
            } finally {
                child.close();
            }
        }

        /** The jar (or class directory) holding rnn's classes on this JVM. */
        private static String rnnLocation() {
            try {
                return Path.of(SparkTrials.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot locate rnn's classes: " + e.getMessage(), e);
            }
        }
    }
}
