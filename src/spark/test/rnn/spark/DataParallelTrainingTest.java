package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rnn.spark.SparkRuns.SUNSPOTS;
import static rnn.spark.SparkRuns.assertSameTensors;
import static rnn.spark.SparkRuns.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn train --spark local[2]} in this JVM, on the bundled sunspots series (231 training windows, batch 32):
 * one worker is the single-machine trainer bit for bit; two workers are deterministic, resume exactly, survive a
 * failed task; a bad CSV line is the single-machine error.
 */
class DataParallelTrainingTest {

    @TempDir
    static Path dir;

    /** Two workers, K = 2 (4 batches per worker and epoch: 2 rounds per epoch), 4 epochs. */
    private static final String[] TWO_WORKERS = {"--spark", "local[2]", "--workers", "2", "--sync-every", "2",
        "--epochs", "4", "--seed", "7"};
    private static Path twoWorkers;

    @BeforeAll
    static void twoWorkerReference() {
        twoWorkers = dir.resolve("two");
        train(with(TWO_WORKERS, "--out", twoWorkers.toString(), SUNSPOTS.toString()));
    }

    @AfterEach
    void noHook() {
        System.clearProperty("rnn.spark.failOnce");
    }

    @Test
    void oneWorkerIsTheSingleMachineTrainerBitForBit() throws IOException {
        Path single = dir.resolve("single");
        Path one = dir.resolve("one");
        train("--epochs", "3", "--seed", "7", "--dropout", "0.1", "--hidden", "16,8", "--out", single.toString(),
                SUNSPOTS.toString());
        train("--spark", "local[2]", "--workers", "1", "--sync-every", "3", "--epochs", "3", "--seed", "7",
                "--dropout", "0.1", "--hidden", "16,8", "--out", one.toString(), SUNSPOTS.toString());
        assertSameTensors(single.resolve("last.safetensors"), one.resolve("last.safetensors"));
        assertSameTensors(single.resolve("best.safetensors"), one.resolve("best.safetensors"));
        assertEquals(SparkRuns.lossRows(single), SparkRuns.lossRows(one));
    }

    @Test
    void twoWorkersGiveTheSameResultEveryRunAndDifferFromOne() throws IOException {
        Path again = dir.resolve("again");
        train(with(TWO_WORKERS, "--out", again.toString(), SUNSPOTS.toString()));
        assertSameTensors(twoWorkers.resolve("last.safetensors"), again.resolve("last.safetensors"));
        assertEquals(SparkRuns.lossRows(twoWorkers), SparkRuns.lossRows(again));
        Path single = dir.resolve("single4");
        train("--epochs", "4", "--seed", "7", "--out", single.toString(), SUNSPOTS.toString());
        assertFalse(Arrays.equals(SparkRuns.tensors(single.resolve("last.safetensors")).get("head.weight"),
                SparkRuns.tensors(twoWorkers.resolve("last.safetensors")).get("head.weight")),
                "two workers averaged nothing: the result is the single-machine one");
        assertTrue(Files.readString(twoWorkers.resolve("train.log")).contains("data-parallel: 2 workers on Spark"));
    }

    @Test
    void linearScalingStepsEachOfTwoWorkersAtTwiceTheRate() {
        Path none = dir.resolve("none");
        train(with(TWO_WORKERS, "--lr", "0.002", "--lr-scaling", "none", "--out", none.toString(),
                SUNSPOTS.toString()));
        assertSameTensors(twoWorkers.resolve("last.safetensors"), none.resolve("last.safetensors"));
    }

    /**
     * The issue's target on the bundled series, 20 epochs (defaults otherwise): the best validation loss of two
     * averaged workers (K = 4: once per epoch) within 5 % of the single machine's. Measured: 0.26388 alone,
     * 0.26717 with two workers (+1.2 %); without the rate scaling 0.28208 (+6.9 %).
     */
    @Test
    void twoWorkersReachTheSingleMachineValidationLossWithinFivePercent() throws IOException {
        Path single = dir.resolve("single20");
        Path two = dir.resolve("two20");
        train("--epochs", "20", "--out", single.toString(), SUNSPOTS.toString());
        train("--spark", "local[2]", "--workers", "2", "--sync-every", "4", "--epochs", "20", "--out", two.toString(),
                SUNSPOTS.toString());
        double alone = bestLoss(single);
        double averaged = bestLoss(two);
        assertTrue(Math.abs(averaged - alone) <= 0.05 * alone, "two workers " + averaged + ", one machine " + alone);
    }

    /**
     * The same target with K chosen (--sync-every 0) on a series whose epoch is 6 batches per worker, where the
     * exchange would ask for K ≥ 6 (once per epoch: 0.00795 against 0.00400 alone, +99 %): K is at most 2 (three
     * averagings per epoch; measured: K = 2 0.00399, K = 1 0.00363); not worse than one machine by more than 5 %.
     */
    @Test
    void aChosenSyncEveryAveragesAtLeastThreeTimesAnEpochAndKeepsTheQuality() throws IOException {
        Path co2 = Path.of("sample-data", "co2-monthly.csv").toAbsolutePath();
        Path single = dir.resolve("co2-single");
        Path two = dir.resolve("co2-two");
        train("--epochs", "20", "--out", single.toString(), co2.toString());
        train("--spark", "local[2]", "--workers", "2", "--epochs", "20", "--out", two.toString(), co2.toString());
        int k = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rnn.io.SafeTensors.read(
                two.resolve("last.safetensors")).metadata().get("data_parallel")).get("sync_every").asInt();
        assertTrue(k == 1 || k == 2, "K = " + k);
        double alone = bestLoss(single);
        double averaged = bestLoss(two);
        assertTrue(averaged <= 1.05 * alone, "two workers " + averaged + ", one machine " + alone);
    }

    @Test
    void theChosenSyncEveryKeepsTheExchangeToATenthOfARoundWithinAThirdOfAnEpoch() {
        assertEquals(450, SparkEpochTraining.syncEveryFor(50, 1, 10_000), "50 ms · 0.9 / 0.1 / 1 ms");
        assertEquals(334, SparkEpochTraining.syncEveryFor(50, 1, 1000), "at most ⌈1000 / 3⌉");
        assertEquals(1, SparkEpochTraining.syncEveryFor(5, 100, 1000), "a step 20 times the exchange");
        assertEquals(2, SparkEpochTraining.syncEveryFor(50, 1, 6), "at most ⌈6 / 3⌉");
        assertEquals(3, SparkEpochTraining.syncEveryFor(50, 1, 7), "at most ⌈7 / 3⌉");
        assertEquals(1, SparkEpochTraining.syncEveryFor(50, 1, 1), "at least 1");
    }

    private static double bestLoss(Path run) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile())
                .get("best_loss").asDouble();
    }

    @Test
    void anUnsetSyncEveryIsMeasuredPrintedRecordedAndKeptOnResume() throws IOException {
        Path auto = dir.resolve("auto");
        train("--spark", "local[2]", "--workers", "2", "--epochs", "2", "--out", auto.toString(), SUNSPOTS.toString());
        String log = Files.readString(auto.resolve("train.log"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("averaged every ([1-2]) steps \\(measured: a "
                + "round's exchange \\d+ ms, a step [0-9.]+ ms: synchronisation [0-9.]+ % of a round").matcher(log);
        assertTrue(m.find(), log);
        int k = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rnn.io.SafeTensors.read(
                auto.resolve("last.safetensors")).metadata().get("data_parallel")).get("sync_every").asInt();
        assertTrue(k >= 1 && k <= 2, "K = " + k + ": between 1 and ⌈4 / 3⌉ (4 batches in a worker's epoch)");
        train("--resume", auto.toString(), "--epochs", "3", "--spark", "local[2]", "--workers", "2");
        assertTrue(Files.readString(auto.resolve("train.log")).contains("averaged every " + k
                + " steps (as the resumed run)"), Files.readString(auto.resolve("train.log")));
    }

    @Test
    void aResumedRunContinuesExactlyAsTheUninterruptedOne() {
        Path first = dir.resolve("first");
        train(with(TWO_WORKERS, "--out", first.toString(), SUNSPOTS.toString(), "--epochs", "2"));
        train("--resume", first.toString(), "--epochs", "4", "--spark", "local[2]", "--workers", "2");
        assertSameTensors(twoWorkers.resolve("last.safetensors"), first.resolve("last.safetensors"));
    }

    @Test
    void aFailedTaskIsRunAgainWithTheSameResultAndTheLogSaysSo() throws IOException {
        System.setProperty("rnn.spark.failOnce", "3:1:throw");
        Path failed = dir.resolve("failed");
        train(with(TWO_WORKERS, "--out", failed.toString(), SUNSPOTS.toString()));
        assertSameTensors(twoWorkers.resolve("last.safetensors"), failed.resolve("last.safetensors"));
        String log = Files.readString(failed.resolve("train.log"));
        assertTrue(log.contains("data-parallel: a worker's task of round 4 failed on executor driver (java.lang."
                + "IllegalStateException: test hook: worker 1 fails once in round 3); Spark runs it again from the "
                + "round's start state, which the driver holds"), log);
    }

    @Test
    void aBadCsvLineIsReportedWithItsFileAndLineAsOnOneMachine(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("bad.csv");
        StringBuilder s = new StringBuilder("t,x\n");
        for (int i = 0; i < 60; i++) {
            s.append(i).append(',').append(i == 41 ? "n/a" : Double.toString(Math.sin(i))).append('\n');
        }
        Files.writeString(csv, s);
        SparkRuns.Result plain = SparkRuns.rnn(tmp, "plain", "train", "--out", tmp.resolve("a").toString(),
                csv.toString());
        SparkRuns.Result spark = SparkRuns.rnn(tmp, "spark", "train", "--spark", "local[2]", "--out",
                tmp.resolve("b").toString(), csv.toString());
        assertEquals(3, spark.code(), spark.err());
        assertEquals(plain.lastErrLine(), spark.lastErrLine());
        assertTrue(spark.lastErrLine().startsWith("error: " + csv + ":43:2"), spark.lastErrLine());
    }

    /**
     * A directory (and a glob) of files with the same header is the one file their rows make: with one worker, the
     * single-machine run on the whole file bit for bit; a bad line in the second file is named by that file and the
     * line in it, with the single-machine message otherwise.
     */
    @Test
    void aDirectoryOfSeveralFilesIsTheOneFileTheirRowsMake(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(SUNSPOTS);
        Path parts = Files.createDirectories(tmp.resolve("parts"));
        int[] cuts = {1, 120, 250, lines.size()};
        for (int p = 0; p + 1 < cuts.length; p++) {
            List<String> file = new ArrayList<>(List.of(lines.get(0)));
            file.addAll(lines.subList(cuts[p], cuts[p + 1]));
            Files.write(parts.resolve("part-" + p + ".csv"), file);
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        Path single = tmp.resolve("single");
        train("--epochs", "2", "--seed", "3", "--hidden", "8", "--out", single.toString(), SUNSPOTS.toString());
        for (String location : new String[] {parts.toString(), parts + "/part-*.csv"}) {
            Path run = tmp.resolve("dir" + location.length());
            train("--spark", "local[2]", "--workers", "1", "--sync-every", "3", "--epochs", "2", "--seed", "3",
                    "--hidden", "8", "--out", run.toString(), location);
            assertSameTensors(single.resolve("last.safetensors"), run.resolve("last.safetensors"));
            assertEquals(SparkRuns.lossRows(single), SparkRuns.lossRows(run));
        }

        List<String> bad = new ArrayList<>(lines);
        bad.set(130, bad.get(130).replaceFirst(",[^,]*$", ",n/a"));
        Path whole = Files.write(tmp.resolve("whole.csv"), bad);
        List<String> second = new ArrayList<>(List.of(lines.get(0)));
        second.addAll(bad.subList(cuts[1], cuts[2]));
        Path part1 = Files.write(parts.resolve("part-1.csv"), second);
        SparkRuns.Result plain = SparkRuns.rnn(tmp, "plain", "train", "--out", tmp.resolve("a").toString(),
                whole.toString());
        SparkRuns.Result spark = SparkRuns.rnn(tmp, "spark", "train", "--spark", "local[2]", "--out",
                tmp.resolve("b").toString(), parts.toString());
        assertEquals(3, spark.code(), spark.err());
        String where = ":" + (130 - cuts[1] + 2) + ":2 "; // line 131 of the whole file; the part's header is line 1
        assertTrue(plain.lastErrLine().startsWith("error: " + whole + ":131:2 "), plain.lastErrLine());
        assertEquals(plain.lastErrLine().replace(whole + ":131:2 ", part1 + where), spark.lastErrLine());
    }

    @Test
    void theMeanOfTheWorkersIsSummedInWorkerOrder() {
        double[] a = {1e16, 1, 3};
        double[] b = {1, -1e16, 5};
        double[] c = {-1e16, 1e16, 7};
        // (1e16 + 1) + -1e16 = 0 in doubles (1 is lost), then / 3; in any other order the 1 may survive
        assertEquals(Arrays.toString(new double[] {((1e16 + 1) + -1e16) / 3, ((1 + -1e16) + 1e16) / 3, 5}),
                Arrays.toString(FlatState.average(java.util.List.of(a, b, c))));
        double[] one = {0.1, 0.2};
        assertEquals(Arrays.toString(one), Arrays.toString(FlatState.average(java.util.List.of(one))));
    }

    @Test
    void localMastersGetTaskRetries() {
        assertEquals("local[2,4]", SparkEpochTraining.withRetries("local[2]"));
        assertEquals("local[*,4]", SparkEpochTraining.withRetries("local[*]"));
        assertEquals("local[1,4]", SparkEpochTraining.withRetries("local"));
        assertEquals("local[2,3]", SparkEpochTraining.withRetries("local[2,3]"));
        assertEquals("spark://h:7077", SparkEpochTraining.withRetries("spark://h:7077"));
    }

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
