package rnn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.Precision;

/**
 * {@code scripts/bench}: the configurations of {@code ../shared/bench/BENCH-SPEC.md} through the real training
 * classes, each in a fresh JVM (so JIT profiles and peak RSS are per configuration), optionally side by side with
 * PyTorch ({@code torch_rnn_bench.py} at 1 and 2 threads, in the same invocation, configuration by configuration).
 * Prints one JSON line per run on stdout as it finishes, then a table with the ratio of rnn to PyTorch's better
 * thread count. The options are parsed by the hidden {@code rnn bench} command ({@code rnn.cli.BenchCommand}),
 * which hands over a {@link Plan}; the defaults are defined here.
 */
public final class Bench {

    /** Every cell of BENCH-SPEC, the default of {@code --cell}. */
    public static final List<CellType> ALL_CELLS = List.of(CellType.RNN, CellType.GRU, CellType.LSTM);
    /** Every hidden configuration of BENCH-SPEC, the default of {@code --hidden}. */
    public static final List<int[]> ALL_HIDDEN = List.of(new int[] {32}, new int[] {128, 64}, new int[] {256, 256},
            new int[] {512});
    /** The hidden configurations of a quick run. */
    public static final List<int[]> QUICK_HIDDEN = List.of(new int[] {32}, new int[] {128, 64});
    /** Sequences per run. */
    public static final int DEFAULT_N = 4096;
    /** Sequences per run of a quick run. */
    public static final int QUICK_N = 1024;
    /** Sequences per batch (BENCH-SPEC); N must hold at least one batch. */
    public static final int BATCH = 32;
    /** Epochs per run; the time per epoch is the median of epochs 2.. */
    public static final int DEFAULT_EPOCHS = 3;
    /** Forward-only passes over N for the inference rate. */
    public static final int DEFAULT_INFER_PASSES = 3;
    /** PyTorch's thread counts. */
    public static final List<Integer> DEFAULT_TORCH_THREADS = List.of(1, 2);
    /** The interpreter with torch. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private static final String WARNING_PREFIX = "WARNING: Using incubator modules";

    /**
     * What rnn runs: every cell × every hidden configuration, each with N sequences.
     *
     * @param threads       rnn's compute threads, 0 = the fastest for the shape ({@link Compute#defaultThreads})
     * @param bidirectional bidirectional layers (rnn only: the PyTorch script has none)
     */
    public record Workload(List<CellType> cells, List<int[]> hidden, int n, int epochs, int inferPasses, int threads,
                           Precision precision, GruVariant gruVariant, boolean bidirectional) {
    }

    /**
     * The PyTorch side of {@code --compare-torch}.
     *
     * @param script  torch_rnn_bench.py
     * @param threads PyTorch's thread counts
     * @param multiN  sequences for runs at more than one thread, 0 = N/4
     */
    public record TorchComparison(Path script, List<Integer> threads, int multiN) {
    }

    /**
     * A whole invocation.
     *
     * @param torch    the PyTorch comparison, or null for rnn alone
     * @param python   the interpreter with torch (for the comparison and for cpu_guard.py)
     * @param waitIdle wait for an idle machine before each timed run
     * @param jsonFile a file to append the JSON lines to, or null
     * @param repo     the repository root (to find ../shared/bench), or null
     */
    public record Plan(Workload workload, TorchComparison torch, String python, boolean waitIdle, Path jsonFile,
                       Path repo) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Plan plan;

    private Bench(Plan plan) {
        this.plan = plan;
    }

    /**
     * Runs one configuration (the workload's first cell and hidden configuration) in this JVM and prints its JSON
     * line: what each child JVM of {@link #run} does.
     */
    public static int runChild(Workload w) {
        CellType cell = w.cells().get(0);
        int[] hidden = w.hidden().get(0);
        int threads = w.threads() > 0 ? Math.min(w.threads(), Compute.maxThreads())
                : Compute.defaultThreads(BenchRun.spec(cell, hidden, w.gruVariant(), w.bidirectional()), BATCH);
        System.out.println(BenchRun.run(new BenchRun.Config(cell, hidden, w.gruVariant(), w.bidirectional(), threads,
                w.precision(), w.n(), w.epochs(), w.inferPasses(), BATCH)));
        return 0;
    }

    /** Runs the plan: each configuration in a child JVM (and PyTorch's), then the table. 0, or 1 if a run failed. */
    public static int run(Plan plan) {
        return new Bench(plan).run();
    }

    private int run() {
        Workload w = plan.workload();
        String started = ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Row> rows = new ArrayList<>();
        for (CellType cellType : w.cells()) {
            String cell = cellType.name().toLowerCase(Locale.ROOT);
            for (int[] hidden : w.hidden()) {
                Row row = new Row(cell, hidden);
                if (plan.waitIdle()) {
                    waitForIdle();
                }
                row.rnn = runChild(cell, hidden);
                if (row.rnn != null) {
                    emit(row.rnn);
                }
                if (plan.torch() != null) {
                    for (int t : plan.torch().threads()) {
                        if (plan.waitIdle()) {
                            waitForIdle();
                        }
                        JsonNode r = runTorch(cell, hidden, t);
                        if (r != null) {
                            row.torch.put(t, r);
                            emit(r);
                        }
                    }
                    JsonNode summary = row.summary(json);
                    if (summary != null) {
                        emit(summary);
                    }
                }
                rows.add(row);
            }
        }
        printTable(rows, started);
        return rows.stream().allMatch(r -> r.rnn != null) ? 0 : 1;
    }

    // ---- running ----

    private JsonNode runChild(String cell, int[] hidden) {
        Workload o = plan.workload();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // the child runs the same hidden command, rnn.cli.Main bench --child (one exit point: Main)
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "rnn.cli.Main", "bench", "--child",
                "--cell", cell, "--hidden", hiddenArg(hidden), "--threads", o.threads() == 0 ? "auto"
                        : Integer.toString(o.threads()),
                "--precision", o.precision().name().toLowerCase(Locale.ROOT),
                "--gru-variant", o.gruVariant() == GruVariant.CLASSIC ? "classic" : "reset-after",
                "--epochs", Integer.toString(o.epochs()), "--n", Integer.toString(o.n()),
                "--infer-passes", Integer.toString(o.inferPasses())));
        if (o.bidirectional()) {
            cmd.add("--bidirectional");
        }
        return runForJson(cmd, "rnn " + cell + " " + Arrays.toString(hidden));
    }

    private JsonNode runTorch(String cell, int[] hidden, int threads) {
        Workload o = plan.workload();
        List<String> cmd = List.of(plan.python(), plan.torch().script().toString(), "--cell", cell, "--hidden",
                hiddenArg(hidden), "--threads", Integer.toString(threads), "--epochs", Integer.toString(o.epochs()),
                "--n", Integer.toString(torchN(threads)), "--infer-passes", Integer.toString(o.inferPasses()));
        return runForJson(cmd, "pytorch " + cell + " " + Arrays.toString(hidden) + " threads=" + threads);
    }

    /** Sequences for a PyTorch run at this thread count. */
    private int torchN(int threads) {
        int n = plan.workload().n();
        if (threads == 1) {
            return n;
        }
        int multi = plan.torch().multiN() > 0 ? plan.torch().multiN() : n / 4;
        return Math.max(BATCH, multi / BATCH * BATCH);
    }

    /** Runs a command, passes its stderr through (minus the JVM's incubator note), returns its last JSON line. */
    private JsonNode runForJson(List<String> cmd, String what) {
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            Thread errPump = new Thread(() -> pump(p.getErrorStream()), "bench-stderr");
            errPump.setDaemon(true);
            errPump.start();
            String last = null;
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {
                        last = line;
                    }
                }
            }
            int code = p.waitFor();
            errPump.join(2000);
            if (code != 0 || last == null) {
                err.println("bench: " + what + " failed (exit " + code + ")");
                return null;
            }
            return json.readTree(last);
        } catch (IOException e) {
            err.println("bench: " + what + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void pump(java.io.InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith(WARNING_PREFIX)) {
                    err.println(line);
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    private void waitForIdle() {
        Path script = plan.torch() != null ? plan.torch().script() : findTorchScript(plan.repo());
        Path guard = script == null ? null : script.resolveSibling("cpu_guard.py");
        if (guard == null || !Files.isRegularFile(guard) || !Files.isExecutable(Path.of(plan.python()))) {
            return;
        }
        try {
            Process p = new ProcessBuilder(plan.python(), guard.toString(), "wait", "--idle", "0.85", "--windows", "2",
                    "--max-wait", "600").redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            if (!msg.isEmpty()) {
                err.println("bench: " + msg);
            }
        } catch (IOException e) {
            err.println("bench: could not run cpu_guard.py: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * torch_rnn_bench.py in ../shared/bench next to the repository root {@code repo} (or the working directory, or
     * one of their parents: every clone and worktree has the shared folder at ../shared), else next to the main
     * worktree of a linked worktree; null when there is none.
     */
    public static Path findTorchScript(Path repo) {
        List<Path> roots = new ArrayList<>();
        if (repo != null) {
            roots.add(repo);
        }
        roots.add(Path.of("").toAbsolutePath());
        for (Path root : roots) {
            for (Path r = root; r != null; r = r.getParent()) {
                Path candidate = r.resolve("../shared/bench/torch_rnn_bench.py").normalize();
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
                Path git = r.resolve(".git");
                if (Files.isRegularFile(git)) {
                    // a linked worktree: ".git" names <main>/.git/worktrees/<name>
                    try {
                        String gitdir = Files.readString(git).replace("gitdir:", "").trim();
                        Path main = Path.of(gitdir).getParent().getParent().getParent();
                        Path c2 = main.resolve("../shared/bench/torch_rnn_bench.py").normalize();
                        if (Files.isRegularFile(c2)) {
                            return c2;
                        }
                    } catch (IOException | RuntimeException e) {
                        // not a worktree pointer
                    }
                }
            }
        }
        return null;
    }

    private void emit(JsonNode node) {
        String line = node.toString();
        out.println(line);
        out.flush();
        Path jsonFile = plan.jsonFile();
        if (jsonFile != null) {
            try {
                Files.writeString(jsonFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("--json " + jsonFile + ": cannot write", e);
            }
        }
    }

    private static String hiddenArg(int[] hidden) {
        return String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList());
    }

    // ---- the table ----

    /** One configuration: our run and PyTorch's runs by thread count. */
    private static final class Row {
        final String cell;
        final int[] hidden;
        JsonNode rnn;
        final Map<Integer, JsonNode> torch = new LinkedHashMap<>();

        Row(String cell, int[] hidden) {
            this.cell = cell;
            this.hidden = hidden;
        }

        JsonNode bestTorch(String field) {
            JsonNode best = null;
            for (JsonNode t : torch.values()) {
                if (best == null || t.path(field).asDouble() > best.path(field).asDouble()) {
                    best = t;
                }
            }
            return best;
        }

        double trainRatio() {
            JsonNode t = bestTorch("samples_per_s");
            return rnn == null || t == null ? Double.NaN
                    : rnn.path("samples_per_s").asDouble() / t.path("samples_per_s").asDouble();
        }

        double inferRatio() {
            JsonNode t = bestTorch("infer_samples_per_s");
            return rnn == null || t == null ? Double.NaN
                    : rnn.path("infer_samples_per_s").asDouble() / t.path("infer_samples_per_s").asDouble();
        }

        JsonNode summary(ObjectMapper json) {
            JsonNode t = bestTorch("samples_per_s");
            JsonNode ti = bestTorch("infer_samples_per_s");
            if (rnn == null || t == null) {
                return null;
            }
            var s = json.createObjectNode();
            s.put("impl", "ratio");
            s.put("cell", cell);
            s.set("hidden", json.valueToTree(hidden));
            s.put("rnn_threads", rnn.path("threads").asInt());
            s.put("rnn_samples_per_s", rnn.path("samples_per_s").asDouble());
            s.put("torch_best_threads", t.path("threads").asInt());
            s.put("torch_best_samples_per_s", t.path("samples_per_s").asDouble());
            s.put("train_ratio", Math.round(trainRatio() * 1000) / 1000.0);
            s.put("rnn_infer_samples_per_s", rnn.path("infer_samples_per_s").asDouble());
            s.put("torch_best_infer_threads", ti.path("threads").asInt());
            s.put("torch_best_infer_samples_per_s", ti.path("infer_samples_per_s").asDouble());
            s.put("infer_ratio", Math.round(inferRatio() * 1000) / 1000.0);
            return s;
        }
    }

    private void printTable(List<Row> rows, String started) {
        Workload o = plan.workload();
        List<Integer> torchThreads = plan.torch() == null ? List.of() : plan.torch().threads();
        String torchVersion = null;
        String blas = null;
        for (Row r : rows) {
            for (JsonNode t : r.torch.values()) {
                torchVersion = t.path("torch").asText(null);
                blas = t.path("blas").asText(null);
            }
        }
        out.println();
        out.printf(Locale.ROOT, "rnn bench, %s; %s, %d CPUs; Java %s (%s)%s%n", started, cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                torchVersion == null ? "" : "; PyTorch " + torchVersion + (blas == null ? "" : " (" + blas + ")"));
        JsonNode any = rows.stream().filter(r -> r.rnn != null).map(r -> r.rnn).findFirst().orElse(null);
        out.printf(Locale.ROOT, "N = %d, T = 50, D = 10, batch 32, %d epochs (median of 2..), Adam; rnn: %s, %s%n",
                o.n(), o.epochs(),
                any == null ? "?" : any.path("precision").asText() + " " + any.path("kernels").asText(),
                o.gruVariant() == GruVariant.CLASSIC ? "classic GRU" : "reset-after GRU (as PyTorch)");
        if (rows.stream().anyMatch(r -> !r.torch.isEmpty()) && torchThreads.stream().anyMatch(t -> t > 1)) {
            out.printf(Locale.ROOT, "PyTorch at more than one thread timed on N = %d (a rate; ratios use the better of "
                    + "PyTorch's thread counts)%n", torchN(2));
        }
        boolean torch = rows.stream().anyMatch(r -> !r.torch.isEmpty());
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-5s %-10s %3s %9s %7s %9s %6s",
                "cell", "hidden", "thr", "train/s", "GFLOP/s", "infer/s", "RSS MB"));
        if (torch) {
            for (int t : torchThreads) {
                h.append(String.format(Locale.ROOT, " %10s", "pt" + t + " train"));
            }
            for (int t : torchThreads) {
                h.append(String.format(Locale.ROOT, " %10s", "pt" + t + " infer"));
            }
            h.append(String.format(Locale.ROOT, " %8s %8s %7s", "x train", "x infer", "others"));
        }
        out.println(h);
        int trainOk = 0;
        int trainSmallOk = 0;
        int smallRows = 0;
        int inferOk = 0;
        int compared = 0;
        for (Row r : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5s %-10s", r.cell,
                    hiddenArg(r.hidden)));
            if (r.rnn == null) {
                out.println(line + " failed");
                continue;
            }
            line.append(String.format(Locale.ROOT, " %3d %9.0f %7.1f %9.0f %6.0f", r.rnn.path("threads").asInt(),
                    r.rnn.path("samples_per_s").asDouble(), r.rnn.path("gflops").asDouble(),
                    r.rnn.path("infer_samples_per_s").asDouble(), r.rnn.path("peak_rss_mb").asDouble()));
            if (torch) {
                for (int t : torchThreads) {
                    JsonNode n = r.torch.get(t);
                    line.append(n == null ? String.format(Locale.ROOT, " %10s", "-")
                            : String.format(Locale.ROOT, " %10.0f", n.path("samples_per_s").asDouble()));
                }
                for (int t : torchThreads) {
                    JsonNode n = r.torch.get(t);
                    line.append(n == null ? String.format(Locale.ROOT, " %10s", "-")
                            : String.format(Locale.ROOT, " %10.0f", n.path("infer_samples_per_s").asDouble()));
                }
                double others = r.rnn.path("others_cpu_frac").asDouble(0);
                for (JsonNode n : r.torch.values()) {
                    others = Math.max(others, n.path("others_cpu_frac").asDouble(0));
                }
                line.append(String.format(Locale.ROOT, " %7.2fx %7.2fx %7.2f", r.trainRatio(), r.inferRatio(),
                        others));
                if (!Double.isNaN(r.trainRatio())) {
                    compared++;
                    boolean small = r.hidden.length == 1 && r.hidden[0] == 32
                            || Arrays.equals(r.hidden, new int[] {128, 64});
                    trainOk += r.trainRatio() >= 1 ? 1 : 0;
                    if (small) {
                        smallRows++;
                        trainSmallOk += r.trainRatio() >= 2 ? 1 : 0;
                    }
                    inferOk += r.inferRatio() >= 2 ? 1 : 0;
                }
            }
            out.println(line);
        }
        if (compared > 0) {
            out.printf(Locale.ROOT, "bar: training >= 1x PyTorch's better thread count: %d of %d; >= 2x at [32] and "
                    + "[128,64]: %d of %d; inference >= 2x: %d of %d%n", trainOk, compared, trainSmallOk, smallRows,
                    inferOk, compared);
            out.println("(others = the largest fraction of the machine's CPU used by other processes during a timed "
                    + "run of the row; above ~0.05 the row is contaminated)");
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
