package rnn.spark;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.TaskContext;

import rnn.cli.TrainRecipe;
import rnn.data.Batch;
import rnn.data.Dataset;
import rnn.nn.Compute;
import rnn.nn.ModelSpec;
import rnn.nn.Precision;
import rnn.nn.RecurrentModel;
import rnn.optim.Optimizer;
import rnn.random.Rng;
import rnn.train.Trainer;
import rnn.train.TrainingStep;

/**
 * One data-parallel worker on an executor: the data (loaded once per executor JVM and run, with the same reader
 * and options as the driver), its own model, optimizer and {@link TrainingStep}, trained for a round's batches of
 * its shard from the state the driver broadcast. Kept per executor JVM and (run, worker), so a round costs no
 * reloading; a retried task (a lost executor) rebuilds it from the same recipe and gives the same result.
 */
final class Worker {

    /** Workers of this JVM, by run id and worker index. */
    private static final Map<String, Worker> WORKERS = new ConcurrentHashMap<>();
    /** The driver's own copy of each run's data, for executors in the driver's JVM (local mode): no second read. */
    private static final Map<String, TrainRecipe.Loaded> DRIVER_DATA = new ConcurrentHashMap<>();

    private final TrainRecipe.Loaded loaded;
    private final Compute compute;
    private final RecurrentModel model;
    private final Optimizer optimizer;
    private final Rng dropout = new Rng(0);
    private final TrainingStep step;
    private final Batch batch;

    private Worker(TrainRecipe.Loaded loaded, int threads) {
        this.loaded = loaded;
        ModelSpec spec = Trainer.modelSpec(loaded.config(), loaded.data());
        int batchSize = loaded.config().batchSize();
        this.compute = new Compute(threads > 0 ? threads : Compute.defaultThreads(spec, batchSize),
                Precision.HOT_PATH);
        this.model = new RecurrentModel(spec, compute);
        this.optimizer = loaded.config().optimizer().create(model.parameters());
        this.step = new TrainingStep(model, loaded.config().loss(), optimizer, loaded.config().clipNorm(),
                loaded.config().clipValue(), loaded.config().tbptt(), dropout);
        this.batch = loaded.data().train().newBatch(batchSize);
    }

    /** Makes the driver's data the data of the run's workers in this JVM. */
    static void shareDriverData(String runId, TrainRecipe.Loaded loaded) {
        DRIVER_DATA.put(runId, loaded);
    }

    /** Forgets a run's workers and data in this JVM. */
    static void forget(String runId) {
        DRIVER_DATA.remove(runId);
        WORKERS.keySet().removeIf(k -> k.startsWith(runId + "/"));
    }

    /** Runs {@code task} from {@code state} (not modified) in this JVM's worker of the task's run. */
    static RoundTask.Result run(RoundTask task, double[] state) {
        RoundTask.JobRef job = task.job();
        failOnceForTests(task);
        Worker w = WORKERS.computeIfAbsent(job.runId() + "/" + task.shard().worker(), k -> new Worker(
                DRIVER_DATA.computeIfAbsent(job.runId(), id -> TrainRecipe.load(job.recipe(),
                        HadoopInputs.input(job.location()))), job.threads()));
        synchronized (w) {
            return w.train(task, state);
        }
    }

    private RoundTask.Result train(RoundTask task, double[] state) {
        long start = System.nanoTime();
        FlatState.unpack(state, model.parameters(), optimizer);
        optimizer.setSteps(task.streams().optimizerSteps());
        dropout.setState(task.streams().dropout());
        RoundTask.Shard shard = task.shard();
        int[] order = new int[shard.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Rng shuffle = new Rng(task.streams().shuffle());
        shuffle.shuffle(order);
        for (int i = 0; i < order.length; i++) {
            order[i] += shard.start();
        }
        int batchSize = loaded.config().batchSize();
        int batches = (order.length + batchSize - 1) / batchSize;
        Dataset train = loaded.data().train();
        double lossSum = task.account().lossSum();
        double rows = task.account().rows();
        double maxGradNorm = task.account().maxGradNorm();
        String divergence = null;
        int steps = 0;
        for (int b = task.round().first(); b < Math.min(task.round().end(), batches); b++) {
            int from = b * batchSize;
            train.fill(order, from, Math.min(batchSize, order.length - from), batch);
            TrainingStep.Result r = step.run(TrainingStep.input(batch), batch.targets(), task.round().lr());
            steps++;
            if (!r.finite()) {
                divergence = String.format(Locale.ROOT, "the loss became %s at epoch %d, batch %d of worker %d "
                        + "(gradient norm %s)", r.loss(), task.round().epoch(), b + 1, shard.worker(), r.gradNorm());
                break;
            }
            lossSum += r.loss() * batch.size();
            rows += batch.size();
            maxGradNorm = Math.max(maxGradNorm, r.gradNorm());
        }
        double[] after = new double[state.length];
        FlatState.pack(model.parameters(), optimizer, after);
        return new RoundTask.Result(after, shuffle.state(), dropout.state(), steps,
                new RoundTask.Account(lossSum, rows, maxGradNorm), divergence, System.nanoTime() - start);
    }

    /**
     * The tests' way to lose a task: {@code failOnce} = "ROUND:WORKER:throw" fails the first attempt of that
     * worker's task in that round, "ROUND:WORKER:exit" ends its executor's JVM (a lost executor). Null in real runs.
     */
    private static void failOnceForTests(RoundTask task) {
        String hook = task.job().failOnce();
        TaskContext context = TaskContext.get();
        if (hook == null || context == null || context.attemptNumber() > 0) {
            return;
        }
        String[] p = hook.split(":");
        if (Integer.parseInt(p[0]) == task.round().index() && Integer.parseInt(p[1]) == task.shard().worker()) {
            if ("exit".equals(p[2])) {
                Runtime.getRuntime().halt(137);
            }
            throw new IllegalStateException("test hook: worker " + p[1] + " fails once in round " + p[0]);
        }
    }
}
