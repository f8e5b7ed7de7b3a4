package rnn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Precision;
import rnn.nn.RecurrentModel;
import rnn.nn.SequenceInput;
import rnn.optim.Optimizer;
import rnn.optim.OptimizerSettings;
import rnn.random.Rng;
import rnn.train.TrainingStep;

/**
 * One BENCH-SPEC configuration in this JVM, through the classes {@code rnn train} uses per batch
 * ({@link RecurrentModel}, {@link TrainingStep}, Adam with the defaults of {@code rnn train}), and forward-only
 * inference as {@code rnn predict} runs it ({@code forward} without training). {@link #run} returns one JSON line.
 */
final class BenchRun {

    record Config(CellType cell, int[] hidden, GruVariant gruVariant, boolean bidirectional, int threads, Precision precision, int n,
                  int epochs, int inferPasses, int batch) {
    }

    private BenchRun() {
    }

    /** Forward FLOPs per sample by BENCH-SPEC: Σ_layers 2·T·g·H·(I+H), per direction (I = 2·H below for two). */
    static long forwardFlopsPerSample(CellType cell, int[] hidden, int directions) {
        int g = switch (cell) {
            case RNN -> 1;
            case GRU -> 3;
            case LSTM -> 4;
        };
        long total = 0;
        int in = BenchData.FEATURES;
        for (int h : hidden) {
            total += directions * 2L * BenchData.STEPS * g * h * (in + h);
            in = directions * h;
        }
        return total;
    }

    /** The BENCH-SPEC model: the cell's layers, tanh, one linear output on the last step, no dropout. */
    static ModelSpec spec(CellType cell, int[] hidden, GruVariant gruVariant, boolean bidirectional) {
        return new ModelSpec(cell, Activation.TANH, gruVariant, BenchData.FEATURES, hidden, 1, OutputMode.LAST, 0.0,
                bidirectional);
    }

    static String run(Config c) {
        final int T = BenchData.STEPS;
        final int D = BenchData.FEATURES;
        final int B = c.batch();
        BenchData data = new BenchData(c.n());
        ModelSpec spec = spec(c.cell(), c.hidden(), c.gruVariant(), c.bidirectional());
        try (Compute compute = new Compute(c.threads(), c.precision())) {
            RecurrentModel model = new RecurrentModel(spec, compute);
            Rng seed = new Rng(42);
            model.initialize(seed.split());
            Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(model.parameters());
            // rnn train's defaults: Adam lr 1e-3, clip-norm 5, full BPTT
            TrainingStep step = new TrainingStep(model, Loss.MSE, adam, 5.0, 0.0, 0, seed.split());
            double[] bx = new double[T * B * D];
            double[] by = new double[B];
            int batches = c.n() / B;

            double[] epochS = new double[c.epochs()];
            double[] losses = new double[c.epochs()];
            CpuSnapshot timedFrom = null;
            for (int e = 0; e < c.epochs(); e++) {
                if (e == 1) {
                    timedFrom = CpuSnapshot.take();
                }
                long t0 = System.nanoTime();
                double lossSum = 0;
                for (int k = 0; k < batches; k++) {
                    data.fillBatch(k * B, B, bx, by);
                    lossSum += step.run(SequenceInput.of(bx, B, T, D), by, 1e-3).loss();
                }
                epochS[e] = (System.nanoTime() - t0) / 1e9;
                losses[e] = lossSum / batches;
                System.err.printf(Locale.ROOT, "[rnn %s %s thr=%d] epoch %d: %.3fs loss=%.5f%n",
                        c.cell().name().toLowerCase(Locale.ROOT), Arrays.toString(c.hidden()), c.threads(), e + 1,
                        epochS[e], losses[e]);
            }
            double[] inferS = new double[c.inferPasses()];
            for (int p = 0; p < c.inferPasses(); p++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < batches; k++) {
                    data.fillBatch(k * B, B, bx, by);
                    model.forward(SequenceInput.of(bx, B, T, D), false, false);
                }
                inferS[p] = (System.nanoTime() - t0) / 1e9;
            }
            double others = timedFrom == null ? Double.NaN : CpuSnapshot.take().othersFraction(timedFrom);

            int samples = batches * B;
            double sec = medianFrom(epochS, 1);
            double isec = medianFrom(inferS, 1);
            long fwd = forwardFlopsPerSample(c.cell(), c.hidden(), c.bidirectional() ? 2 : 1);
            StringBuilder j = new StringBuilder(512);
            j.append("{\"impl\": \"rnn\", \"cell\": \"").append(c.cell().name().toLowerCase(Locale.ROOT))
                    .append("\", \"hidden\": ").append(Arrays.toString(c.hidden()))
                    .append(", \"gru_variant\": \"").append(c.gruVariant().name().toLowerCase(Locale.ROOT)
                            .replace('_', '-'))
                    .append("\", \"bidirectional\": ").append(c.bidirectional())
                    .append(", \"threads\": ").append(c.threads())
                    .append(", \"precision\": \"").append(compute.precision().name().toLowerCase(Locale.ROOT))
                    .append("\", \"kernels\": \"").append(compute.kernelName())
                    .append("\", \"sec_per_epoch\": ").append(round(sec, 4))
                    .append(", \"samples_per_s\": ").append(round(samples / sec, 1))
                    .append(", \"gflops\": ").append(round(3.0 * fwd * samples / sec / 1e9, 3))
                    .append(", \"first_epoch_s\": ").append(round(epochS[0], 4))
                    .append(", \"infer_samples_per_s\": ").append(round(samples / isec, 1))
                    .append(", \"infer_gflops\": ").append(round((double) fwd * samples / isec / 1e9, 3))
                    .append(", \"epoch_s\": ").append(list(epochS, 4))
                    .append(", \"infer_pass_s\": ").append(list(inferS, 4))
                    .append(", \"loss_per_epoch\": ").append(list(losses, 6))
                    .append(", \"peak_rss_mb\": ").append(round(peakRssMb(), 1))
                    .append(", \"others_cpu_frac\": ").append(Double.isNaN(others) ? "null" : round(others, 3))
                    .append(", \"n\": ").append(samples).append(", \"epochs\": ").append(c.epochs())
                    .append(", \"batch\": ").append(B).append(", \"T\": ").append(T).append(", \"D\": ").append(D)
                    .append(", \"fwd_flops_per_sample\": ").append(fwd)
                    .append(", \"java\": \"").append(System.getProperty("java.version")).append("\"}");
            return j.toString();
        }
    }

    private static double medianFrom(double[] v, int from) {
        double[] s = v.length > from ? Arrays.copyOfRange(v, from, v.length) : v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    static String round(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String list(double[] v, int digits) {
        List<String> parts = new ArrayList<>();
        for (double d : v) {
            parts.add(round(d, digits));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    /** VmHWM of this process in MiB (NaN when /proc is not available). */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** System-wide busy CPU (from /proc/stat) and this process's CPU, to tell how much other processes used. */
    record CpuSnapshot(long busyTicks, long ownNanos, long wallNanos) {
        static final double HZ = 100.0;

        static CpuSnapshot take() {
            long busy = -1;
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long total = 0;
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    total += Long.parseLong(f[i]);
                }
                busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
            } catch (IOException | RuntimeException e) {
                busy = -1;
            }
            long own = ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            return new CpuSnapshot(busy, own, System.nanoTime());
        }

        double othersFraction(CpuSnapshot start) {
            if (busyTicks < 0 || start.busyTicks < 0) {
                return Double.NaN;
            }
            double busy = (busyTicks - start.busyTicks) / HZ;
            double own = (ownNanos - start.ownNanos) / 1e9;
            double wall = (wallNanos - start.wallNanos) / 1e9;
            int cpus = Runtime.getRuntime().availableProcessors();
            return Math.max(0.0, busy - own) / Math.max(wall * cpus, 1e-9);
        }
    }
}
