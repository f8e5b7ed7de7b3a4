package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static rnn.spark.SparkRuns.SUNSPOTS;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.cli.TrainRecipe;
import rnn.data.Batch;
import rnn.data.DataInput;
import rnn.data.Dataset;
import rnn.nn.Compute;
import rnn.nn.Param;
import rnn.nn.Precision;
import rnn.nn.RecurrentModel;
import rnn.optim.Optimizer;
import rnn.random.Rng;
import rnn.train.Trainer;
import rnn.train.TrainingStep;

/**
 * Two workers, K = 2, one epoch of {@code rnn train --spark local[2]} against a loop written out here from the
 * documented rule: the 231 training windows in shards [0, 116) and [116, 231); worker 0 shuffles with the run's
 * shuffling generator (where rnn train's epoch 1 starts it), worker 1 with the fourth generator split from the seed (dropout: the fifth); each round
 * both start from the averaged parameters, Adam moments and step count, train 2 batches of 32 at 2 × lr, and the
 * driver takes (worker 0 + worker 1) / 2.
 */
class HandRolledAveragingTest {

    @TempDir
    Path dir;

    @Test
    void twoWorkersAreTheAverageOfTwoShardsTrainedApart() {
        List<String> args = List.of("--epochs", "1", "--seed", "7", "--hidden", "12", "--dropout", "0.2",
                "--hidden", "12,6");
        Path run = dir.resolve("run");
        SparkRuns.train("--spark", "local[2]", "--workers", "2", "--sync-every", "2", "--epochs", "1", "--seed", "7",
                "--dropout", "0.2", "--hidden", "12,6", "--out", run.toString(), SUNSPOTS.toString());

        TrainRecipe.Loaded loaded = TrainRecipe.load(args, DataInput.file(SUNSPOTS));
        Dataset train = loaded.data().train();
        assertEquals(231, train.size());
        Rng seed = new Rng(7);
        Rng init = seed.split();
        Rng runShuffle = seed.split();
        runShuffle.shuffle(new int[231]); // the trainer's batch iterator draws an order once when it is made
        long[] shuffle = {runShuffle.state(), 0};
        long[] dropout = {seed.split().state(), 0};
        shuffle[1] = seed.split().state();
        dropout[1] = seed.split().state();
        int[][] shards = {{0, 116}, {116, 231}};

        Worker[] workers = {new Worker(loaded), new Worker(loaded)};
        RecurrentModel driver = new RecurrentModel(Trainer.modelSpec(loaded.config(), loaded.data()),
                new Compute(1, Precision.HOT_PATH));
        driver.initialize(init);
        Optimizer driverOptimizer = loaded.config().optimizer().create(driver.parameters());
        int[][] orders = new int[2][];
        for (int w = 0; w < 2; w++) {
            int n = shards[w][1] - shards[w][0];
            orders[w] = new int[n];
            for (int i = 0; i < n; i++) {
                orders[w][i] = i;
            }
            new Rng(shuffle[w]).shuffle(orders[w]);
            for (int i = 0; i < n; i++) {
                orders[w][i] += shards[w][0];
            }
        }
        long steps = 0;
        for (int round = 0; round < 2; round++) {
            for (int w = 0; w < 2; w++) {
                workers[w].from(driver, driverOptimizer, steps, dropout[w]);
                for (int b = 2 * round; b < 2 * round + 2; b++) {
                    workers[w].step(train, orders[w], b * 32, 2 * 0.001);
                }
                dropout[w] = workers[w].dropout.state();
            }
            steps += 2;
            for (int k = 0; k < driver.parameters().list().size(); k++) {
                mean(driver.parameters().list().get(k).value.data, workers[0].model.parameters().list().get(k),
                        workers[1].model.parameters().list().get(k));
            }
            for (String name : driverOptimizer.state().keySet()) {
                double[] d = driverOptimizer.state().get(name);
                double[] a = workers[0].optimizer.state().get(name);
                double[] b = workers[1].optimizer.state().get(name);
                for (int i = 0; i < d.length; i++) {
                    d[i] = (a[i] + b[i]) / 2;
                }
            }
        }
        Map<String, double[]> written = SparkRuns.tensors(run.resolve("last.safetensors"));
        for (Param p : driver.parameters()) {
            assertArrayEquals(p.value.data, written.get(p.name()), 0.0, p.name());
        }
        for (Map.Entry<String, double[]> e : driverOptimizer.state().entrySet()) {
            assertArrayEquals(e.getValue(), written.get(e.getKey()), 0.0, e.getKey());
        }
    }

    private static void mean(double[] into, Param a, Param b) {
        for (int i = 0; i < into.length; i++) {
            into[i] = (a.value.data[i] + b.value.data[i]) / 2;
        }
    }

    /** One worker's model, optimizer, dropout generator and step. */
    private static final class Worker {
        final RecurrentModel model;
        final Optimizer optimizer;
        final Rng dropout = new Rng(0);
        final TrainingStep step;
        final Batch batch;

        Worker(TrainRecipe.Loaded loaded) {
            model = new RecurrentModel(Trainer.modelSpec(loaded.config(), loaded.data()),
                    new Compute(1, Precision.HOT_PATH));
            optimizer = loaded.config().optimizer().create(model.parameters());
            step = new TrainingStep(model, loaded.config().loss(), optimizer, loaded.config().clipNorm(),
                    loaded.config().clipValue(), loaded.config().tbptt(), dropout);
            batch = loaded.data().train().newBatch(32);
        }

        void from(RecurrentModel driver, Optimizer driverOptimizer, long steps, long dropoutState) {
            for (int k = 0; k < driver.parameters().list().size(); k++) {
                double[] v = driver.parameters().list().get(k).value.data;
                System.arraycopy(v, 0, model.parameters().list().get(k).value.data, 0, v.length);
            }
            for (String name : driverOptimizer.state().keySet()) {
                double[] v = driverOptimizer.state().get(name);
                System.arraycopy(v, 0, optimizer.state().get(name), 0, v.length);
            }
            optimizer.setSteps(steps);
            dropout.setState(dropoutState);
        }

        void step(Dataset train, int[] order, int from, double lr) {
            train.fill(order, from, Math.min(32, order.length - from), batch);
            step.run(TrainingStep.input(batch), batch.targets(), lr);
        }
    }
}
