package rnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.LoadedData;
import rnn.data.TargetMode;
import rnn.data.TextOptions;
import rnn.data.TokenCodec;
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
import rnn.nn.TokenInput;
import rnn.optim.Optimizer;
import rnn.optim.OptimizerSettings;
import rnn.random.Rng;
import rnn.train.TrainingStep;
import rnn.use.TextGenerator;
import rnn.use.TokenSampler;

/**
 * {@code scripts/bench --text} (issue #11): a character language model, rnn and PyTorch
 * ({@code scripts/torch-text-bench.py}) side by side in the same run, doing the same work: one-hot input of the
 * vocabulary of {@code sample-data/shakespeare.txt} (V with {@code <unk>}), two layers of 128, T = 50, batch 32,
 * Adam 2e-3, gradient-norm clipping at 5, mean cross-entropy at every step, on random token ids; training
 * tokens/s as the median of the timed repeats after warm-up steps. Generation: B = 1, one step at a time with the
 * state carried, softmax sampling at τ = 1 through {@code rnn generate}'s {@link TextGenerator}; tokens/s as the
 * median of the repeats. rnn trains on the threads {@code --threads 0} gives a long job; PyTorch runs at 1 and 2
 * threads and the ratios use its better rate, as in the numeric benchmark. Then a Markdown table with the ratios
 * (targets: training ≥ 3×, generation ≥ 10×).
 */
public final class TextBench {

    /** The cells timed. */
    public static final List<CellType> CELLS = List.of(CellType.LSTM, CellType.GRU);
    static final int[] HIDDEN = {128, 128};
    static final int WINDOW = 50;
    static final int BATCH = 32;
    static final double LR = 2e-3;
    static final double CLIP = 5.0;
    /** Random training ids drawn (as the PyTorch script's 200,000). */
    static final int STREAM = 200_000;
    static final String SAMPLE_TEXT = "sample-data/shakespeare.txt";
    static final double TRAIN_TARGET = 3.0;
    static final double GENERATE_TARGET = 10.0;

    /**
     * @param steps    training steps per timed repeat
     * @param warmup   training steps before timing
     * @param repeats  timed repeats (training and generation)
     * @param generate tokens per timed generation repeat
     * @param threads  rnn's training threads, 0 = rnn train's default
     * @param python   the interpreter with torch, or null for rnn alone
     * @param script   torch-text-bench.py
     */
    public record Plan(Path repo, int steps, int warmup, int repeats, int generate, int threads, String python,
                       Path script) {
    }

    /** One side's figures: the training rate at {@code threads}, the generation rate at {@code generateThreads}. */
    record Rates(double train, double generate, int threads, int generateThreads) {
    }

    private final Plan plan;
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    private TextBench(Plan plan) {
        this.plan = plan;
    }

    /** Runs rnn then PyTorch for each cell and prints the table; 0, or 1 if a run failed. */
    public static int run(Plan plan) {
        return new TextBench(plan).run();
    }

    private int run() {
        Path text = (plan.repo() == null ? Path.of("") : plan.repo()).resolve(SAMPLE_TEXT);
        LoadedData data = DataLoader.load(text, DataOptions.builder(1).layout(Layouts.named("text").orElseThrow())
                .window(WINDOW).stride(WINDOW).valSplit(0.1).output(TargetMode.SEQUENCE).classification(true)
                .text(TextOptions.DEFAULTS).build());
        TokenCodec codec = TokenCodec.of(data.contract());
        int v = codec.size();
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        for (CellType cell : CELLS) {
            String name = cell.name().toLowerCase(Locale.ROOT);
            Rates rnn = rnnRates(cell, codec);
            out.printf(Locale.ROOT, "{\"impl\": \"rnn\", \"cell\": \"%s\", \"vocab\": %d, \"threads\": %d, "
                    + "\"train_tokens_per_s\": %.1f, \"generate_threads\": %d, \"generate_tokens_per_s\": %.1f}%n", name,
                    v, rnn.threads(), rnn.train(), rnn.generateThreads(), rnn.generate());
            Rates torch = plan.python() == null ? null : torchBest(name, v);
            if (plan.python() != null && torch == null) {
                ok = false;
            }
            lines.add(torch == null
                    ? String.format(Locale.ROOT, "| %s [128,128] | %.0f (%d thr) | - | - | %.0f (%d thr) | - | - |",
                    name, rnn.train(), rnn.threads(), rnn.generate(), rnn.generateThreads())
                    : String.format(Locale.ROOT, "| %s [128,128] | %.0f (%d thr) | %.0f (%d thr) | %.2fx | %.0f (%d thr) | "
                    + "%.0f (%d thr) | %.2fx |", name, rnn.train(), rnn.threads(), torch.train(), torch.threads(),
                    rnn.train() / torch.train(), rnn.generate(), rnn.generateThreads(), torch.generate(),
                    torch.generateThreads(), rnn.generate() / torch.generate()));
        }
        out.println();
        out.printf(Locale.ROOT, "Text models: one-hot V = %d, T = %d, batch %d, Adam %.0e, clip %.0f; training "
                + "tokens/s (median of %d x %d steps after %d); generation B = 1, tau = 1, tokens/s (median of %d x %d)"
                + "; targets: training >= %.0fx, generation >= %.0fx%n%n", v, WINDOW, BATCH, LR, CLIP,
                plan.repeats(), plan.steps(), plan.warmup(), plan.repeats(), plan.generate(), TRAIN_TARGET,
                GENERATE_TARGET);
        out.println("| model | rnn train tok/s | PyTorch train tok/s | x train | rnn generate tok/s "
                + "| PyTorch generate tok/s | x generate |");
        out.println("|---|---|---|---|---|---|---|");
        lines.forEach(out::println);
        return ok ? 0 : 1;
    }

    /** The text model of the benchmark. */
    static ModelSpec spec(CellType cell, int vocabulary) {
        return new ModelSpec(cell, Activation.TANH, GruVariant.RESET_AFTER, 1, HIDDEN, vocabulary,
                OutputMode.SEQUENCE, 0.0).withTokens(new TokenInput(vocabulary, 0));
    }

    private Rates rnnRates(CellType cell, TokenCodec codec) {
        int v = codec.size();
        ModelSpec spec = spec(cell, v);
        Rng rng = new Rng(1);
        int[] ids = new int[STREAM];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + (int) (rng.nextDouble() * (v - 1)); // never <unk>, as a text's training part
        }
        // the rule of a long job (a real text's training: 10 epochs of sample-data/shakespeare.txt already pass
        // the job-size threshold), as the numeric benchmark times epochs after the first
        int threads = plan.threads() > 0 ? plan.threads() : Compute.defaultThreads(spec, BATCH);
        double[] trainRates = new double[plan.repeats()];
        RecurrentModel model;
        try (Compute compute = new Compute(threads, Precision.HOT_PATH)) {
            model = new RecurrentModel(spec, compute);
            Rng seed = new Rng(42);
            model.initialize(seed.split());
            Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(model.parameters());
            TrainingStep step = new TrainingStep(model, Loss.XENT, adam, CLIP, 0.0, 0, seed.split());
            double[] x = new double[WINDOW * BATCH];
            double[] y = new double[WINDOW * BATCH];
            SequenceInput in = SequenceInput.of(x, BATCH, WINDOW, 1);
            int windows = (ids.length - 1) / WINDOW;
            int s = 0;
            for (int k = 0; k < plan.warmup(); k++) {
                fill(ids, windows, s++, x, y);
                step.run(in, y, LR);
            }
            for (int r = 0; r < plan.repeats(); r++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < plan.steps(); k++) {
                    fill(ids, windows, s++, x, y);
                    step.run(in, y, LR);
                }
                trainRates[r] = (double) plan.steps() * BATCH * WINDOW / ((System.nanoTime() - t0) / 1e9);
            }
            err.printf(Locale.ROOT, "[rnn %s] training: %s tokens/s%n", cell.name().toLowerCase(Locale.ROOT),
                    Arrays.toString(round(trainRates)));
            // rnn generate's default (one thread), and --threads 2 where it shares a token's multiplies: the better
            double one = generateRate(spec, model, codec, cell, 1);
            int paired = Compute.generationThreads(spec);
            double two = paired > 1 ? generateRate(spec, model, codec, cell, paired) : 0;
            return new Rates(median(trainRates), Math.max(one, two), threads, two > one ? paired : 1);
        }
    }

    /**
     * Generation as {@code rnn generate --threads T} runs it: its Compute, TextGenerator and sampler, output
     * discarded.
     */
    private double generateRate(ModelSpec spec, RecurrentModel trained, TokenCodec codec, CellType cell,
                                int threads) {
        double[] rates = new double[plan.repeats()];
        // the kernels and threads rnn generate picks for a job of this many tokens (--length × --samples)
        long steps = 50L + (long) plan.repeats() * plan.generate();
        try (Compute compute = Compute.forJob(threads, Precision.HOT_PATH, spec, steps)) {
            RecurrentModel model = new RecurrentModel(spec, compute);
            for (int i = 0; i < model.parameters().list().size(); i++) {
                double[] from = trained.parameters().list().get(i).value.data;
                System.arraycopy(from, 0, model.parameters().list().get(i).value.data, 0, from.length);
            }
            TextGenerator generator = new TextGenerator(model, codec, new TokenSampler(codec.size(), 1.0, 0, 1.0,
                    false));
            Rng rng = new Rng(7);
            int[] prime = {codec.knows("\n") ? codec.id("\n") : 0};
            long[] sink = new long[1];
            TextGenerator.Sink discard = t -> sink[0] += t.length();
            try {
                generator.generate(prime, null, 50, rng, discard);
                for (int r = 0; r < plan.repeats(); r++) {
                    long t0 = System.nanoTime();
                    generator.generate(prime, null, plan.generate(), rng, discard);
                    rates[r] = plan.generate() / ((System.nanoTime() - t0) / 1e9);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        err.printf(Locale.ROOT, "[rnn %s] generation (%d threads): %s tokens/s%n", cell.name().toLowerCase(Locale.ROOT),
                threads, Arrays.toString(round(rates)));
        return median(rates);
    }

    /** Batch {@code step}: window starts ((step·B + b) mod windows)·T, inputs and next tokens time-major. */
    static void fill(int[] ids, int windows, int step, double[] x, double[] y) {
        for (int b = 0; b < BATCH; b++) {
            int start = (int) (((long) step * BATCH + b) % windows) * WINDOW;
            for (int t = 0; t < WINDOW; t++) {
                x[t * BATCH + b] = ids[start + t];
                y[t * BATCH + b] = ids[start + t + 1];
            }
        }
    }

    /**
     * PyTorch at 1 and 2 threads (when there are 2 processors): the better training rate with its thread count,
     * and the better generation rate; null when a run failed.
     */
    private Rates torchBest(String cell, int vocabulary) {
        Rates best = null;
        int most = Math.min(2, Runtime.getRuntime().availableProcessors());
        for (int threads = 1; threads <= most; threads++) {
            Rates r = torchRates(cell, vocabulary, threads);
            if (r == null) {
                return null;
            }
            best = best == null ? r : new Rates(Math.max(best.train(), r.train()),
                    Math.max(best.generate(), r.generate()), r.train() > best.train() ? r.threads() : best.threads(),
                    r.generate() > best.generate() ? r.threads() : best.generateThreads());
        }
        return best;
    }

    private Rates torchRates(String cell, int vocabulary, int threads) {
        List<String> cmd = List.of(plan.python(), plan.script().toString(), "--cell", cell, "--vocab",
                Integer.toString(vocabulary), "--steps", Integer.toString(plan.steps()), "--warmup",
                Integer.toString(plan.warmup()), "--repeats", Integer.toString(plan.repeats()), "--generate",
                Integer.toString(plan.generate()), "--threads", Integer.toString(threads));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("{")) {
                        last = line;
                        out.println(line);
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || last == null) {
                err.println("bench: pytorch " + cell + " failed (exit " + code + ")");
                return null;
            }
            JsonNode j = new ObjectMapper().readTree(last);
            return new Rates(j.path("train_tokens_per_s").asDouble(), j.path("generate_tokens_per_s").asDouble(),
                    j.path("threads").asInt(), j.path("threads").asInt());
        } catch (IOException e) {
            err.println("bench: pytorch " + cell + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The PyTorch script next to this one in the repository's scripts/, or null. */
    public static Path torchScript(Path repo) {
        Path s = (repo == null ? Path.of("") : repo).resolve("scripts/torch-text-bench.py");
        return Files.isRegularFile(s) ? s : null;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    private static long[] round(double[] v) {
        return Arrays.stream(v).mapToLong(Math::round).toArray();
    }
}
