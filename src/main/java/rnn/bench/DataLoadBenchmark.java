package rnn.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.InputContract;
import rnn.data.LoadReport;
import rnn.data.LoadedData;
import rnn.random.Rng;

/**
 * The scale benchmark of the data layer (issue #3), run by {@code scripts/bench-data} through the hidden command
 * {@code rnn bench-data} (not a unit test). Two steps, each in a fresh JVM so that one does not disturb the other's
 * heap figures:
 * <pre>
 * rnn bench-data generate FILE ROWS COLUMNS SEED   a seeded CSV of random walks, 4 decimals (1,000,000 × 16: ~130 MB)
 * rnn bench-data load FILE WINDOW                  loads it (window layout, target = last column), prints one line
 * </pre>
 * {@code load} prints the load time and three heap figures: the largest heap occupancy right after any garbage
 * collection during the load (the peak of live data), the heap still used after a full collection with the
 * data loaded (what the data retains), and the sum of the heap pools' peak usages (an upper bound that also
 * counts garbage not yet collected). The script runs it under {@code -Xmx}, which bounds the true peak.
 */
public final class DataLoadBenchmark {

    /** Decimal megabytes, the unit of the figures (1,000,000 × 16 floats = 64 MB). */
    private static final double MB = 1e6;
    private static final double AR_COEFFICIENT = 0.99;

    private DataLoadBenchmark() {
    }

    /**
     * Writes ROWS × COLUMNS autoregressive series x_t = 0.99·x_{t−1} + ε_t, ε ~ N(0, 1) (one per column; values
     * stay within about ±30, so a value takes about 7 characters) with 4 decimals.
     */
    public static void generate(Path file, int rows, int columns, long seed, PrintWriter out) throws IOException {
        Rng rng = new Rng(seed);
        double[] level = new double[columns];
        StringBuilder line = new StringBuilder(columns * 12);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int c = 0; c < columns; c++) {
                line.append(c == 0 ? "" : ",").append("c").append(c);
            }
            w.write(line.append('\n').toString());
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                for (int c = 0; c < columns; c++) {
                    level[c] = AR_COEFFICIENT * level[c] + rng.nextGaussian();
                    if (c > 0) {
                        line.append(',');
                    }
                    appendFixed4(line, level[c]);
                }
                w.write(line.append('\n').toString());
            }
        }
        out.printf(Locale.ROOT, "generated %s: %d rows x %d columns, %.1f MB%n", file, rows, columns,
                Files.size(file) / MB);
    }

    private static void appendFixed4(StringBuilder b, double v) {
        long scaled = Math.round(v * 1e4);
        if (scaled < 0) {
            b.append('-');
            scaled = -scaled;
        }
        b.append(scaled / 10_000).append('.');
        long frac = scaled % 10_000;
        for (long d = 1000; d > 0; d /= 10) {
            b.append((char) ('0' + frac / d % 10));
        }
    }

    public static void load(Path file, int window, PrintWriter out) {
        AtomicLong peakAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(u -> u.getUsed()).sum();
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        // a DataException ends the benchmark with its message and exit code 3 (rnn.cli maps it)
        LoadedData data = DataLoader.load(file, DataOptions.defaults(42).withWindow(window,
                DataOptions.DEFAULT_HORIZON, DataOptions.DEFAULT_STRIDE));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        LoadReport s = data.report();
        InputContract c = data.contract();
        java.lang.ref.Reference.reachabilityFence(data);
        long payload = s.rows() * (long) (c.features().size() + c.targets().size()) * Float.BYTES;
        out.printf(Locale.ROOT, "load W=%d: %.2f s; %d rows, %d windows (%d train, %d validation); "
                + "float payload %.0f MB; peak heap after any GC %.0f MB, retained after load %.0f MB,"
                + " sum of pool peaks (incl. garbage) %.0f MB, -Xmx %.0f MB%n", window, seconds, s.rows(),
                s.counts().examples(), s.split().trainExamples(), s.split().validationExamples(), payload / MB,
                Math.max(peakAfterGc.get(), retained) / MB, retained / MB, poolPeaks / MB,
                Runtime.getRuntime().maxMemory() / MB);
    }
}
