package rnn.train;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import rnn.data.DataInput;
import rnn.data.LoadedData;

/**
 * Data-parallel training on a cluster ({@code rnn train --spark MASTER}), found through {@link ServiceLoader}: the
 * implementation (package {@code rnn.spark}) lives in {@code target/rnn-spark.jar}, built by the Maven profile
 * {@code spark}, never in {@code target/rnn.jar}; core code reaches it only through this interface.
 */
public interface DataParallel {

    /** What a user without the Spark build is told (after "--spark: ..."). */
    String HOW_TO_GET = "Spark is not on the class path; run through scripts/rnn (it builds the Spark part with "
            + "Maven on first use: mvn -Pspark package) or submit target/rnn-spark.jar with spark-submit";

    /**
     * The cluster's settings.
     *
     * @param master     Spark's master URL: {@code local[*]}, {@code local[N]}, {@code spark://HOST:PORT},
     *                   {@code yarn}, {@code k8s://...}
     * @param syncEvery  local steps per worker between two averagings; 0 = chosen so that the exchange costs at
     *                   most {@link #SYNC_SHARE} of a round
     * @param workers    data-parallel workers (Spark tasks per round); 0 = Spark's default parallelism
     * @param scaleLr    each worker steps at W × the schedule's rate (the linear scaling rule: W averaged workers
     *                   then move about as far per epoch as one machine does), or at the rate itself
     */
    record Settings(String master, int syncEvery, int workers, boolean scaleLr) {
        /** {@code --sync-every} when not given: chosen from a measured round. */
        public static final int AUTO = 0;
    }

    /** The largest share of a round that synchronisation may take when {@code --sync-every} is chosen. */
    double SYNC_SHARE = 0.10;

    /**
     * The fewest averagings per epoch when {@code --sync-every} is chosen: K is at most ⌈batches per worker and
     * epoch / this⌉ (on the sample series, one or two averagings per epoch lost up to 100 % of the validation loss
     * to one machine's; three or more stayed within 5 %).
     */
    int MIN_ROUNDS_PER_EPOCH = 3;

    /**
     * One run to train.
     *
     * @param location the DATA argument as typed (a path, or a Hadoop file system URI such as hdfs://...)
     * @param recipe   the {@code train} arguments that rebuild {@code config} and the data options on a worker
     *                 (rnn.cli.TrainRecipe)
     */
    record Job(Settings settings, TrainConfig config, LoadedData data, String location, List<String> recipe) {
    }

    /**
     * The input a location names: a local file as {@link DataInput#file}; a Hadoop file system URI (hdfs://,
     * s3a://, file://), a directory or a glob through the Hadoop file systems: one file, or the files it matches as
     * one data set ({@link DataInput#parts}, in path order).
     *
     * @throws rnn.data.DataException exit 3 when nothing matches or the listing fails
     */
    DataInput input(String location);

    /** Starts the cluster session that trains {@code job}'s epochs. */
    EpochTraining start(Job job);

    /** The implementation on the class path, if any. */
    static Optional<DataParallel> find() {
        return ServiceLoader.load(DataParallel.class).findFirst();
    }
}
