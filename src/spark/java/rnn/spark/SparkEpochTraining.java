package rnn.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.cli.TrainRecipe;
import rnn.random.Rng;
import rnn.train.DataParallel;
import rnn.train.EpochTraining;

/**
 * The driver's side of data-parallel training on Spark: synchronous rounds. The training examples are split into
 * W contiguous shards, one per worker; each worker shuffles its shard every epoch with its own generator (worker 0
 * with the run's, so that one worker is {@code rnn train} bit for bit) and in each round trains K = {@code
 * --sync-every} batches of it from the state the driver broadcast; the driver collects the W states (parameters
 * and optimizer moments) in partition order and averages them, summing in worker order, so the result for a given
 * W is deterministic. One Spark job per round, nothing exchanged per step. A task lost with its executor is run
 * again by Spark from the same broadcast state and gives the same result; the log says so.
 */
final class SparkEpochTraining implements EpochTraining {

    private static final Logger LOG = LogManager.getLogger(SparkEpochTraining.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The checkpoint metadata entry of a data-parallel run. */
    static final String METADATA_KEY = "data_parallel";
    /** Attempts of a round's task before the run fails (Spark's spark.task.maxFailures, also in local mode). */
    static final int TASK_ATTEMPTS = 4;
    /** Batches per worker timed by each of the two rounds that choose K. */
    private static final int MEASURED_STEPS = 3;
    private static final Pattern LOCAL = Pattern.compile("local\\[(\\*|\\d+)]|local");

    private final DataParallel.Job job;
    private final String runId = UUID.randomUUID().toString();
    private JavaSparkContext spark;
    private int workers;
    private int syncEvery;
    /** Each worker's first example; {@code starts[workers]} = the training examples. */
    private int[] starts;
    /** Each worker's shuffling generator at the start of the next epoch, and its dropout generator. */
    private long[] shuffle;
    private long[] dropout;
    private JsonNode restored;
    private RoundTask.JobRef ref;
    private int rounds;
    /** Σ over rounds of the most steps a worker took in it (for the time of a step). */
    private long roundSteps;
    /** K is still the first estimate (--sync-every 0, not resumed): measured again after the first epoch. */
    private boolean remeasure;
    private long roundNanos;
    private long computeNanos;

    SparkEpochTraining(DataParallel.Job job) {
        this.job = job;
    }

    @Override
    public Totals trainEpoch(Work work) {
        if (spark == null) {
            start(work);
        }
        shuffle[0] = work.shuffle().state();
        dropout[0] = work.dropout().state();
        int batchSize = job.config().batchSize();
        int batches = batches(0, batchSize);
        RoundTask.Account[] accounts = new RoundTask.Account[workers];
        java.util.Arrays.fill(accounts, RoundTask.Account.NONE);
        long[] shuffleAfter = shuffle.clone();
        double[] state = new double[FlatState.size(work.parameters(), work.optimizer())];
        double[] epochStart = state.clone();
        FlatState.pack(work.parameters(), work.optimizer(), epochStart);
        long epochStartSteps = work.optimizer().steps();
        long[] epochStartDropout = dropout.clone();
        String divergence = null;
        for (int first = 0; first < batches && divergence == null; first += syncEvery) {
            if (first > 0 && work.stopRequested().getAsBoolean()) {
                FlatState.unpack(epochStart, work.parameters(), work.optimizer());
                work.optimizer().setSteps(epochStartSteps);
                dropout = epochStartDropout;
                work.shuffle().setState(shuffle[0]);
                work.dropout().setState(dropout[0]);
                LOG.info("data-parallel: stop requested after batch {} of {} of epoch {}: the epoch is abandoned "
                        + "and the run stays at its start", first, batches, work.epoch());
                return new Totals(0, 0, 0, null, true);
            }
            FlatState.pack(work.parameters(), work.optimizer(), state);
            RoundTask.Round round = new RoundTask.Round(rounds, work.epoch(), first,
                    Math.min(batches, first + syncEvery), stepRate(work.lr()));
            List<RoundTask.Result> results = round(round, state, accounts, work.optimizer().steps());
            List<double[]> states = new ArrayList<>(workers);
            int steps = 0;
            for (int w = 0; w < workers; w++) {
                RoundTask.Result r = results.get(w);
                states.add(r.state());
                steps = Math.max(steps, r.steps());
                dropout[w] = r.dropoutAfter();
                shuffleAfter[w] = r.shuffleAfter();
                accounts[w] = r.account();
                divergence = divergence == null ? r.divergence() : divergence;
            }
            roundSteps += steps;
            long computed = work.optimizer().steps() + steps;
            FlatState.unpack(FlatState.average(states), work.parameters(), work.optimizer());
            work.optimizer().setSteps(computed);
        }
        shuffle = shuffleAfter;
        work.shuffle().setState(shuffle[0]);
        work.dropout().setState(dropout[0]);
        double lossSum = 0;
        double rows = 0;
        double maxGradNorm = 0;
        for (RoundTask.Account a : accounts) {
            lossSum += a.lossSum();
            rows += a.rows();
            maxGradNorm = Math.max(maxGradNorm, a.maxGradNorm());
        }
        if (remeasure) {
            remeasure = false;
            remeasureSyncEvery(batches);
        }
        LOG.debug("epoch {}: {} rounds so far, synchronisation {} of the rounds' time", work.epoch(), rounds,
                percent(syncShare()));
        return new Totals(lossSum, rows, maxGradNorm, divergence, false);
    }

    /** Runs one round on every worker: one Spark job; the results in worker order. */
    private List<RoundTask.Result> round(RoundTask.Round round, double[] state, RoundTask.Account[] accounts,
                                         long optimizerSteps) {
        long t0 = System.nanoTime();
        Broadcast<double[]> broadcast = spark.broadcast(state);
        try {
            List<RoundTask> tasks = new ArrayList<>(workers);
            for (int w = 0; w < workers; w++) {
                tasks.add(new RoundTask(ref, new RoundTask.Shard(w, workers, starts[w], starts[w + 1]), round,
                        new RoundTask.Streams(shuffle[w], dropout[w], optimizerSteps), accounts[w]));
            }
            currentRound = round.index();
            List<RoundTask.Result> results;
            try {
                results = spark.parallelize(tasks, workers).map(runFrom(broadcast)).collect();
            } catch (Exception e) { // Spark's checked SparkException, undeclared by Scala
                throw failed(round, e);
            }
            if (round.index() >= 0) {
                long wall = System.nanoTime() - t0;
                long slowest = results.stream().mapToLong(RoundTask.Result::computeNanos).max().orElse(0);
                rounds++;
                roundNanos += wall;
                computeNanos += slowest;
                LOG.debug("round {}: {} ms, the slowest worker computing {} ms, exchange {} ms ({} values)",
                        round.index() + 1, wall / 1_000_000, slowest / 1_000_000, (wall - slowest) / 1_000_000,
                        state.length);
            }
            return results;
        } finally {
            broadcast.destroy();
        }
    }

    /**
     * A round whose task failed every attempt: the worker's own error when it is one a user can act on (a data
     * file that an executor cannot read or that differs there: exit 3), else "training failed" (exit 1) with
     * Spark's first line.
     */
    private static RuntimeException failed(RoundTask.Round round, Exception e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof rnn.data.DataException d) {
                return d;
            }
        }
        if (!(e instanceof org.apache.spark.SparkException) && e instanceof RuntimeException r) {
            return r;
        }
        String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return new rnn.train.TrainingFailedException("data-parallel round " + (round.index() + 1) + " failed after "
                + TASK_ATTEMPTS + " attempts of a worker's task (" + why + "); the last good checkpoint stays; run "
                + "again with {{resume}}");
    }

    /** The round's function (static: it captures the broadcast only, never this driver object). */
    private static Function<RoundTask, RoundTask.Result> runFrom(Broadcast<double[]> broadcast) {
        return task -> Worker.run(task, broadcast.value());
    }

    /** The round in progress, for the failure log. */
    private volatile int currentRound;

    int currentRound() {
        return currentRound;
    }

    private void start(Work work) {
        quietSparkLogs();
        SparkConf conf = conf("rnn train", job.settings().master());
        // a state is doubles with random low bits: compressing the broadcast costs time and saves little
        conf.setIfMissing("spark.broadcast.compress", "false");
        conf.setIfMissing("spark.task.maxFailures", Integer.toString(TASK_ATTEMPTS));
        spark = new JavaSparkContext(conf);
        spark.sc().addSparkListener(new FailureLog(this));
        int examples = job.data().train().size();
        int wanted = job.settings().workers() > 0 ? job.settings().workers() : spark.defaultParallelism();
        workers = Math.max(1, Math.min(wanted, examples));
        if (workers < wanted) {
            LOG.warn("data-parallel: {} workers asked for, but only {} training examples: {} workers", wanted,
                    examples, workers);
        }
        starts = new int[workers + 1];
        for (int w = 0; w < workers; w++) {
            starts[w + 1] = starts[w] + examples / workers + (w < examples % workers ? 1 : 0);
        }
        initialStreams();
        boolean local = conf.get("spark.master").startsWith("local");
        int threads = local ? Math.max(1, Runtime.getRuntime().availableProcessors() / workers)
                : job.config().threads();
        ref = new RoundTask.JobRef(runId, List.copyOf(job.recipe()), job.location(), threads,
                System.getProperty("rnn.spark.failOnce"));
        Worker.shareDriverData(runId, new TrainRecipe.Loaded(job.config(), job.data()));
        int batches = batches(0, job.config().batchSize());
        syncEvery = job.settings().syncEvery() > 0 ? job.settings().syncEvery()
                : restored != null && restored.path("sync_every").asInt(0) > 0 ? restored.get("sync_every").asInt()
                : measuredSyncEvery(work, batches);
        LOG.info("data-parallel: {} workers on Spark {} ({}), shards of {}{} training examples ({} batches of {} "
                + "per worker and epoch), each stepping at {}; parameters and optimizer moments averaged every {} "
                + "steps{}", workers,
                spark.version(), conf.get("spark.master"), starts[workers] / workers,
                examples % workers == 0 ? "" : "-" + (examples / workers + 1), batches, job.config().batchSize(),
                job.settings().scaleLr() && workers > 1 ? workers + " x the learning rate (--lr-scaling linear)"
                : "the learning rate", syncEvery, job.settings().syncEvery() > 0 ? " (--sync-every)" : syncChoice);
    }

    private String syncChoice = " (as the resumed run)";

    /**
     * K such that a round's exchange is at most {@link DataParallel#SYNC_SHARE} of the round: two rounds of
     * {@value #MEASURED_STEPS} batches per worker whose results are dropped (the first loads the data on the
     * executors and warms the code up), timed: exchange = the job's time − the slowest worker's compute; K =
     * ceil(exchange · (1 − share) / share / step), at least 1 and at most a third of an epoch's batches
     * ({@link #syncEveryFor}).
     */
    private int measuredSyncEvery(Work work, int batches) {
        double[] state = new double[FlatState.size(work.parameters(), work.optimizer())];
        FlatState.pack(work.parameters(), work.optimizer(), state);
        RoundTask.Account[] none = new RoundTask.Account[workers];
        java.util.Arrays.fill(none, RoundTask.Account.NONE);
        double exchange = 0;
        double step = 0;
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            List<RoundTask.Result> r = round(new RoundTask.Round(-1, work.epoch(), 0,
                    Math.min(batches, MEASURED_STEPS), stepRate(work.lr())), state, none,
                    work.optimizer().steps());
            long wall = System.nanoTime() - t0;
            long slowest = r.stream().mapToLong(RoundTask.Result::computeNanos).max().orElse(0);
            exchange = Math.max(0, wall - slowest) / 1e6;
            step = r.stream().mapToDouble(x -> x.computeNanos() / 1e6 / Math.max(1, x.steps())).max().orElse(1);
        }
        int k = syncEveryFor(exchange, step, batches);
        remeasure = true;
        syncChoice = String.format(Locale.ROOT, " (measured: a round's exchange %.0f ms, a step %.1f ms: "
                + "synchronisation %s of a round%s; measured again after epoch 1; --sync-every K sets it, and makes runs "
                + "repeatable)", exchange,
                step, percent(exchange / (exchange + k * step)), capNote(k, batches, exchange, step));
        return k;
    }

    /**
     * K again from the first epoch's rounds (the two measuring rounds run cold code, so their step is slow): the
     * mean exchange per round and the mean step of the slowest worker; from the second epoch on, and in the
     * checkpoints (so a resumed run continues with it).
     */
    private void remeasureSyncEvery(int batches) {
        if (rounds == 0 || roundSteps == 0) {
            return;
        }
        double exchange = (roundNanos - computeNanos) / 1e6 / rounds;
        double step = computeNanos / 1e6 / roundSteps;
        int k = syncEveryFor(exchange, step, batches);
        if (k != syncEvery) {
            LOG.info("data-parallel: the first epoch's rounds took {} ms of exchange each and {} ms per step: "
                    + "averaging every {} steps from epoch 2 on (synchronisation {} of a round{})",
                    String.format(Locale.ROOT, "%.0f", exchange), String.format(Locale.ROOT, "%.1f", step), k,
                    percent(exchange / (exchange + k * step)), capNote(k, batches, exchange, step));
            syncEvery = k;
        }
    }

    /**
     * The smallest K with exchange ≤ {@link DataParallel#SYNC_SHARE} of a round, within [1, ⌈batches /
     * {@link DataParallel#MIN_ROUNDS_PER_EPOCH}⌉] (quality before speed where an epoch is too short for both).
     */
    static int syncEveryFor(double exchangeMs, double stepMs, int batches) {
        double share = DataParallel.SYNC_SHARE;
        return (int) Math.max(1, Math.min(mostSyncEvery(batches), Math.ceil(exchangeMs * (1 - share) / share
                / Math.max(stepMs, 1e-3))));
    }

    /** The largest K chosen for {@code batches} per worker and epoch. */
    private static int mostSyncEvery(int batches) {
        return (batches + DataParallel.MIN_ROUNDS_PER_EPOCH - 1) / DataParallel.MIN_ROUNDS_PER_EPOCH;
    }

    /** How the log says that K is at its largest. */
    private static String capNote(int k, int batches, double exchange, double step) {
        return k == mostSyncEvery(batches) && exchange / (exchange + k * step) > DataParallel.SYNC_SHARE
                ? ", at most " + k + " for " + DataParallel.MIN_ROUNDS_PER_EPOCH + " averagings per epoch" : "";
    }

    /** The workers' generators: worker 0 uses the run's; the others are split from the seed after the run's. */
    private void initialStreams() {
        shuffle = new long[workers];
        dropout = new long[workers];
        Rng seed = new Rng(job.config().seed());
        for (int i = 0; i < 3; i++) {
            seed.split(); // initialisation, shuffling and dropout of worker 0 (rnn.train.Trainer)
        }
        for (int w = 1; w < workers; w++) {
            shuffle[w] = seed.split().state();
            dropout[w] = seed.split().state();
        }
        if (restored == null) {
            return;
        }
        int before = restored.path("workers").asInt();
        if (before != workers) {
            LOG.warn("data-parallel: the run was trained by {} workers and continues with {}: not the continuation "
                    + "{} workers would give (--workers {} for that)", before, workers, before, before);
            return;
        }
        for (int w = 1; w < workers; w++) {
            shuffle[w] = Long.parseLong(restored.get("shuffle").get(w).asText());
            dropout[w] = Long.parseLong(restored.get("dropout").get(w).asText());
        }
    }

    /** A worker's rate for the schedule's {@code lr}: W × lr under the linear scaling rule. */
    private double stepRate(double lr) {
        return job.settings().scaleLr() ? workers * lr : lr;
    }

    private int batches(int worker, int batchSize) {
        int n = starts[worker + 1] - starts[worker];
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public Map<String, String> metadata() {
        if (spark == null) {
            return Map.of();
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("workers", workers);
        o.put("sync_every", syncEvery);
        ArrayNode s = o.putArray("shuffle");
        ArrayNode d = o.putArray("dropout");
        for (int w = 0; w < workers; w++) {
            s.add(Long.toString(shuffle[w]));
            d.add(Long.toString(dropout[w]));
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(METADATA_KEY, o.toString());
        return m;
    }

    @Override
    public void restore(Map<String, String> metadata) {
        String text = metadata.get(METADATA_KEY);
        if (text == null) {
            return; // a single-machine run continued data-parallel: worker 0 continues it
        }
        try {
            JsonNode o = JSON.readTree(text);
            int w = o.path("workers").asInt(0);
            if (w < 1 || o.path("shuffle").size() != w || o.path("dropout").size() != w) {
                throw new IllegalArgumentException("bad entry");
            }
            for (int i = 0; i < w; i++) {
                Long.parseLong(o.get("shuffle").get(i).asText());
                Long.parseLong(o.get("dropout").get(i).asText());
            }
            restored = o;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("its " + METADATA_KEY + " metadata is malformed (" + e.getMessage()
                    + ")");
        }
    }

    /** The share of the rounds' wall time not spent computing (the slowest worker's compute counts). */
    double syncShare() {
        return roundNanos == 0 ? 0 : 1 - (double) computeNanos / roundNanos;
    }

    @Override
    public void close() {
        if (spark == null) {
            return;
        }
        if (rounds > 0) {
            LOG.info("data-parallel: {} rounds of {} workers, {} s in all, {} s computing (slowest worker): "
                    + "synchronisation {} of the rounds", rounds, workers, String.format(Locale.ROOT, "%.2f",
                    roundNanos / 1e9), String.format(Locale.ROOT, "%.2f", computeNanos / 1e9), percent(syncShare()));
        }
        try {
            spark.stop();
        } catch (RuntimeException e) {
            LOG.warn("stopping Spark: {}", e.getMessage());
        } finally {
            Worker.forget(runId);
            spark = null;
        }
    }

    /**
     * The configuration every rnn Spark session starts from ({@code train --spark}, {@code sweep --spark}): the
     * master spark-submit set, else {@code master} (a local one with task retries, {@link #withRetries}); no web UI;
     * rnn's jar shipped to a cluster's executors when the launcher named it ({@code -Drnn.spark.jar}) and
     * spark-submit did not ship jars itself.
     */
    static SparkConf conf(String appName, String master) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (conf.contains("spark.master")) {
            if (!conf.get("spark.master").equals(master)) {
                LOG.info("Spark master {} (set by spark-submit; --spark {} ignored)", conf.get("spark.master"),
                        master);
            }
        } else {
            conf.setMaster(withRetries(master));
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        String jar = System.getProperty("rnn.spark.jar");
        if (jar != null && !conf.contains("spark.jars") && !conf.get("spark.master").startsWith("local")) {
            conf.setJars(new String[] {jar});
        }
        return conf;
    }

    /** local, local[N] and local[*] with {@link #TASK_ATTEMPTS} attempts per task (local mode tries once). */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return master;
        }
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + TASK_ATTEMPTS + "]";
    }

    static void quietSparkLogs() {
        for (String logger : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty",
                "org.apache.parquet", "org.eclipse.jetty")) {
            Configurator.setLevel(logger, Level.OFF); // failures: FailureLog, and the exception
        }
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }
}
