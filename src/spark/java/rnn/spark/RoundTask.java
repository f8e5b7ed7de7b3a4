package rnn.spark;

import java.io.Serializable;
import java.util.List;

/**
 * What one worker trains in one round (Spark ships it to an executor; the state to start from travels as a
 * broadcast beside it). Plain values only: the job's recipe, the worker's shard, the round's batches and the
 * worker's generator states and running sums.
 *
 * @param job     the run, as every worker rebuilds it
 * @param shard   the worker's examples
 * @param round   which batches of the epoch, at which rate
 * @param streams the worker's generators and counters at the round's start
 * @param account the worker's sums of the epoch so far
 */
record RoundTask(JobRef job, Shard shard, Round round, Streams streams, Account account) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * The run: its id (a worker's model is built once per executor and run), the train arguments and the data's
     * location, and the compute threads of a worker (0 = automatic).
     */
    record JobRef(String runId, List<String> recipe, String location, int threads, String failOnce)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Worker {@code worker} of {@code workers}: training examples [start, end). */
    record Shard(int worker, int workers, int start, int end) implements Serializable {
        private static final long serialVersionUID = 1L;

        int size() {
            return end - start;
        }
    }

    /**
     * Round {@code index} (−1: a measuring round whose result is dropped): batches [first, end) of the worker's
     * epoch {@code epoch}.
     */
    record Round(int index, int epoch, int first, int end, double lr) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The shuffling generator at the epoch's start, the dropout generator now, the optimizer's step count. */
    record Streams(long shuffle, long dropout, long optimizerSteps) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Σ loss × rows, Σ rows and the largest gradient norm of a worker's epoch so far. */
    record Account(double lossSum, double rows, double maxGradNorm) implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Account NONE = new Account(0, 0, 0);
    }

    /**
     * What a worker sends back: its state after the round, its generators (the shuffling one after the epoch's
     * draw), its steps, sums, the first non-finite step (or null) and the nanoseconds it computed.
     */
    record Result(double[] state, long shuffleAfter, long dropoutAfter, int steps, Account account,
                  String divergence, long computeNanos) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
