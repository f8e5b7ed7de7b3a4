package rnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.data.TextOptions;
import rnn.data.TokenKind;

/**
 * {@code scripts/bench --text-scale} (issue #11): a text of {@code MB} megabytes (the sample text repeated) is
 * written to a temporary file, then loaded as {@code rnn train --layout text} loads it (read, checked, vocabulary
 * built, token ids laid out, windows as offsets) in a child JVM whose {@code -Xmx} is the ids' own 2 bytes per
 * token plus the allowed 2 bytes per token plus {@value #BASE_HEAP_MB} MB: finishing at all shows the bound
 * (loading holds the file's bytes, 1 a token for ASCII, next to the ids). The
 * child prints the load time and the peak heap of the load (the larger of the heap pools' peak usages, which
 * count garbage too, and the occupancy after any collection), and the bytes per token beyond the ids it implies. Targets: under 5 s, at most 2 bytes per token beyond the ids.
 */
public final class TextScaleBench {

    /** The heap of an idle JVM with the data classes loaded, added to the per-token allowance. */
    static final long BASE_HEAP_MB = 64;
    static final double MB = 1e6;

    private TextScaleBench() {
    }

    /** Writes the file, runs the child, deletes the file; 0, or 1 when the child failed. */
    public static int run(Path repo, int megabytes) throws IOException {
        PrintStream err = System.err;
        Path sample = (repo == null ? Path.of("") : repo).resolve(TextBench.SAMPLE_TEXT);
        byte[] text = Files.readAllBytes(sample);
        long target = (long) megabytes * 1_000_000L;
        Path file = Files.createTempFile("rnn-text-scale", ".txt");
        try {
            try (OutputStream o = Files.newOutputStream(file)) {
                for (long written = 0; written < target; written += text.length) {
                    o.write(text, 0, (int) Math.min(text.length, target - written));
                }
            }
            long bytes = Files.size(file);
            long heapMb = (4 * bytes) / (1 << 20) + BASE_HEAP_MB; // ASCII: one token a byte
            err.printf(Locale.ROOT, "bench: %s, %.1f MB (%s repeated); loading under -Xmx%dm%n", file, bytes / MB,
                    sample.getFileName(), heapMb);
            for (TokenKind kind : TokenKind.values()) { // characters, then words (fewer tokens, same heap)
                List<String> cmd = new ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                    if (!a.startsWith("-Xmx") && !a.startsWith("-Xms") && !a.startsWith("-XX:MaxRAM")) {
                        cmd.add(a);
                    }
                }
                cmd.addAll(List.of("-Xmx" + heapMb + "m", "-cp", System.getProperty("java.class.path"),
                        "rnn.cli.Main", "bench", "--text-load", file.toString(), "--text-load-tokens",
                        kind.cliName()));
                Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        System.out.println(kind.cliName() + " " + line);
                    }
                }
                int code = p.waitFor();
                if (code != 0) {
                    err.println("bench: the " + kind.cliName() + " text load failed under -Xmx" + heapMb + "m (exit "
                            + code + ")");
                    return 1;
                }
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The child: loads {@code file} as a text of {@code kind} (window 100) and prints one line of figures. */
    public static int load(Path file, TokenKind kind) {
        AtomicLong peakAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    long used = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo()
                            .getMemoryUsageAfterGc().values().stream().mapToLong(u -> u.getUsed()).sum();
                    peakAfterGc.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
        System.gc();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        peakAfterGc.set(0);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        LoadedData data = DataLoader.load(file, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(TextOptions.DEFAULT_WINDOW).stride(TextOptions.DEFAULT_WINDOW)
                .valSplit(TextOptions.DEFAULT_VAL_SPLIT).output(TargetMode.SEQUENCE).classification(true)
                .text(new TextOptions(kind, TextOptions.DEFAULT_MIN_COUNT, TextOptions.DEFAULT_MAX_VOCAB)).build());
        double seconds = (System.nanoTime() - t0) / 1e9;
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - baseline;
        long tokens = data.report().rows();
        java.lang.ref.Reference.reachabilityFence(data);
        // the pools' peaks count garbage not yet collected too: an upper bound of what the load held at once
        long peak = Math.max(Math.max(peakAfterGc.get(), poolPeaks) - baseline, retained);
        long ids = 2 * tokens; // char ids: the vocabulary has fewer than 65,536 symbols
        System.out.printf(Locale.ROOT, "text load: %.1f MB, %d tokens, vocabulary %d: %.2f s; ids %.0f MB, retained "
                + "%.0f MB; peak heap (sum of the pools' peaks, garbage included) %.0f MB above the idle JVM = %.2f "
                + "bytes/token beyond the ids; -Xmx %.0f MB%n", sizeOf(file) / MB, tokens,
                data.contract().classes().size(), seconds, ids / MB, retained / MB, peak / MB,
                (double) (peak - ids) / tokens, Runtime.getRuntime().maxMemory() / MB);
        return 0;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
