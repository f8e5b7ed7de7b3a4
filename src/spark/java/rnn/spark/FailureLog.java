package rnn.spark;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Says in the run's log when a worker's task failed or an executor was lost, and that the round goes on. */
final class FailureLog extends SparkListener {

    private static final Logger LOG = LogManager.getLogger(FailureLog.class);

    private final SparkEpochTraining training;

    FailureLog(SparkEpochTraining training) {
        this.training = training;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof TaskFailedReason reason) {
            String why = reason.toErrorString();
            int line = why.indexOf('\n');
            LOG.warn("data-parallel: a worker's task of round {} failed on executor {} ({}); Spark runs it again "
                    + "from the round's start state, which the driver holds", training.currentRound() + 1,
                    end.taskInfo().executorId(), line < 0 ? why : why.substring(0, line));
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        LOG.warn("data-parallel: executor {} lost ({}); its tasks run again elsewhere", removed.executorId(),
                removed.reason());
    }
}
