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
 * thread count.
 */
public final class Bench {

    private static final List<String> ALL_CELLS = List.of("rnn", "gru", "lstm");
    private static final List<int[]> ALL_HIDDEN = List.of(new int[] {32}, new int[] {128, 64}, new int[] {256, 256},
            new int[] {512});
    private static final String WARNING_PREFIX = "WARNING: Using incubator modules";

    private static final String USAGE = """
            Usage: scripts/bench [options]
              Runs the BENCH-SPEC configurations (../shared/bench/BENCH-SPEC.md) through the training classes of
              `rnn train` and prints JSON lines and a table: seconds per epoch (median of epochs 2..), samples/s,
              GFLOP/s, inference samples/s (forward only), peak RSS.
            Options:
              --quick               a subset in under a minute: hidden [32] and [128,64], N = 1024
              --compare-torch       also run PyTorch (torch_rnn_bench.py) at 1 and 2 threads and print ratios
              --cell LIST           rnn,gru,lstm or all (default all)
              --hidden LIST         configurations separated by '/', e.g. 32/128,64, or all (default all)
              --threads N|auto      rnn's --threads (default auto: the fastest for the shape)
              --precision P         float or double (default float)
              --gru-variant V       reset-after (PyTorch's GRU, default) or classic
              --epochs N            (default 3)      --n N   sequences (default 4096)
              --infer-passes N      forward-only passes over N (default 3)
              --torch-threads LIST  PyTorch thread counts (default 1,2)
              --torch-multi-n N     sequences for PyTorch runs at more than one thread (default N/4: PyTorch 1.13
                                    is 2-25x slower with 2 threads on 2 cores, and its rate does not depend on N)
              --torch-script PATH   torch_rnn_bench.py (default: found next to the repository)
              --python PATH         the interpreter with torch (default /usr/bin/python3)
              --wait / --no-wait    wait for an idle machine before each timed run (default: on with --compare-torch)
              --json FILE           also append the JSON lines to FILE
              --jmh [JMH options]   (scripts/bench only) run the JMH kernel microbenchmarks instead
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private Path jsonFile;

    private Bench() {
    }

    /**
     * Runs the benchmark with {@code scripts/bench}'s arguments and returns the process exit code (0, or 2 for bad
     * options). Called by the hidden {@code rnn bench} command, so that only the CLI entry point exits.
     */
    public static int execute(String[] args) {
        try {
            return new Bench().run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
    }

    /** Options, with their defaults. */
    private static final class Options {
        boolean quick;
        boolean compareTorch;
        boolean child;
        Boolean waitIdle;
        List<String> cells = ALL_CELLS;
        List<int[]> hidden = ALL_HIDDEN;
        int threads;
        Precision precision = Precision.FLOAT;
        GruVariant gruVariant = GruVariant.RESET_AFTER;
        int epochs = 3;
        int n = 4096;
        int inferPasses = 3;
        List<Integer> torchThreads = List.of(1, 2);
        int torchMultiN;
        String torchScript;
        String python = "/usr/bin/python3";
        String jsonFile;
        String repo;
        boolean hiddenGiven;
        boolean nGiven;
    }

    private int run(String[] args) {
        Options o = parse(args);
        if (o == null) {
            out.print(USAGE);
            return 0;
        }
        if (o.child) {
            CellType cell = CellType.valueOf(o.cells.get(0).toUpperCase(Locale.ROOT));
            int[] hidden = o.hidden.get(0);
            int threads = o.threads > 0 ? o.threads
                    : Compute.defaultThreads(BenchRun.spec(cell, hidden, o.gruVariant), 32);
            out.println(BenchRun.run(new BenchRun.Config(cell, hidden, o.gruVariant, threads, o.precision, o.n,
                    o.epochs, o.inferPasses, 32)));
            return 0;
        }
        if (o.quick) {
            if (!o.hiddenGiven) {
                o.hidden = List.of(new int[] {32}, new int[] {128, 64});
            }
            if (!o.nGiven) {
                o.n = 1024;
            }
        }
        if (o.jsonFile != null) {
            jsonFile = Path.of(o.jsonFile);
        }
        boolean waitIdle = o.waitIdle != null ? o.waitIdle : o.compareTorch;
        Path torchScript = null;
        if (o.compareTorch) {
            torchScript = findTorchScript(o);
            if (torchScript == null) {
                err.println("bench: --compare-torch: torch_rnn_bench.py not found (looked in ../shared/bench next to "
                        + "the repository); give --torch-script PATH");
                return 2;
            }
            if (!Files.isExecutable(Path.of(o.python))) {
                err.println("bench: --compare-torch: expected a Python interpreter with PyTorch at " + o.python
                        + "; give --python PATH");
                return 2;
            }
        }

        String started = ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        List<Row> rows = new ArrayList<>();
        for (String cell : o.cells) {
            for (int[] hidden : o.hidden) {
                Row row = new Row(cell, hidden);
                if (waitIdle) {
                    waitForIdle(o, torchScript);
                }
                row.rnn = runChild(o, cell, hidden);
                if (row.rnn != null) {
                    emit(row.rnn);
                }
                if (o.compareTorch) {
                    for (int t : o.torchThreads) {
                        if (waitIdle) {
                            waitForIdle(o, torchScript);
                        }
                        JsonNode r = runTorch(o, torchScript, cell, hidden, t);
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
        printTable(o, rows, started);
        return rows.stream().allMatch(r -> r.rnn != null) ? 0 : 1;
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--quick" -> o.quick = true;
                case "--compare-torch" -> o.compareTorch = true;
                case "--child" -> o.child = true;
                case "--wait" -> o.waitIdle = true;
                case "--no-wait" -> o.waitIdle = false;
                case "--cell" -> o.cells = parseCells(value(args, ++i, a));
                case "--hidden" -> {
                    o.hidden = parseHidden(value(args, ++i, a));
                    o.hiddenGiven = true;
                }
                case "--threads" -> {
                    String v = value(args, ++i, a);
                    o.threads = v.equals("auto") ? 0 : positive(v, a);
                }
                case "--precision" -> o.precision = switch (value(args, ++i, a)) {
                    case "float", "float32" -> Precision.FLOAT;
                    case "double", "float64" -> Precision.DOUBLE;
                    default -> throw new IllegalArgumentException(a + ": expected float or double, got \""
                            + args[i] + "\"");
                };
                case "--gru-variant" -> o.gruVariant = switch (value(args, ++i, a)) {
                    case "reset-after" -> GruVariant.RESET_AFTER;
                    case "classic" -> GruVariant.CLASSIC;
                    default -> throw new IllegalArgumentException(a + ": expected reset-after or classic, got \""
                            + args[i] + "\"");
                };
                case "--epochs" -> o.epochs = positive(value(args, ++i, a), a);
                case "--n" -> {
                    o.n = positive(value(args, ++i, a), a);
                    o.nGiven = true;
                }
                case "--infer-passes" -> o.inferPasses = positive(value(args, ++i, a), a);
                case "--torch-threads" -> o.torchThreads = Arrays.stream(value(args, ++i, a).split(","))
                        .map(v -> positive(v, "--torch-threads")).toList();
                case "--torch-multi-n" -> o.torchMultiN = positive(value(args, ++i, a), a);
                case "--torch-script" -> o.torchScript = value(args, ++i, a);
                case "--python" -> o.python = value(args, ++i, a);
                case "--json" -> o.jsonFile = value(args, ++i, a);
                case "--repo" -> o.repo = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option \"" + a + "\"; see scripts/bench --help");
            }
        }
        if (o.n < 32) {
            throw new IllegalArgumentException("--n: expected at least one batch of 32 sequences, got " + o.n);
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": expected a value");
        }
        return args[i];
    }

    private static int positive(String v, String option) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": expected a positive integer, got \"" + v + "\"");
    }

    private static List<String> parseCells(String v) {
        if (v.equals("all")) {
            return ALL_CELLS;
        }
        List<String> cells = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String c : cells) {
            if (!ALL_CELLS.contains(c)) {
                throw new IllegalArgumentException("--cell: expected rnn, gru, lstm or all, got \"" + c + "\"");
            }
        }
        return cells;
    }

    private static List<int[]> parseHidden(String v) {
        if (v.equals("all")) {
            return ALL_HIDDEN;
        }
        List<int[]> configs = new ArrayList<>();
        for (String part : v.split("/")) {
            if (!part.isBlank()) {
                configs.add(Arrays.stream(part.split(",")).mapToInt(s -> positive(s, "--hidden")).toArray());
            }
        }
        return configs;
    }

    // ---- running ----

    private JsonNode runChild(Options o, String cell, int[] hidden) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // the child runs the same hidden command, rnn.cli.Main bench --child (one exit point: Main)
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "rnn.cli.Main", "bench", "--child",
                "--cell", cell, "--hidden", hiddenArg(hidden), "--threads", o.threads == 0 ? "auto"
                        : Integer.toString(o.threads),
                "--precision", o.precision.name().toLowerCase(Locale.ROOT),
                "--gru-variant", o.gruVariant == GruVariant.CLASSIC ? "classic" : "reset-after",
                "--epochs", Integer.toString(o.epochs), "--n", Integer.toString(o.n),
                "--infer-passes", Integer.toString(o.inferPasses)));
        return runForJson(cmd, "rnn " + cell + " " + Arrays.toString(hidden));
    }

    private JsonNode runTorch(Options o, Path script, String cell, int[] hidden, int threads) {
        List<String> cmd = List.of(o.python, script.toString(), "--cell", cell, "--hidden", hiddenArg(hidden),
                "--threads", Integer.toString(threads), "--epochs", Integer.toString(o.epochs),
                "--n", Integer.toString(torchN(o, threads)), "--infer-passes", Integer.toString(o.inferPasses));
        return runForJson(cmd, "pytorch " + cell + " " + Arrays.toString(hidden) + " threads=" + threads);
    }

    /** Sequences for a PyTorch run at this thread count. */
    private static int torchN(Options o, int threads) {
        if (threads == 1) {
            return o.n;
        }
        int n = o.torchMultiN > 0 ? o.torchMultiN : o.n / 4;
        return Math.max(32, n / 32 * 32);
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

    private void waitForIdle(Options o, Path torchScript) {
        Path guard = torchScript != null ? torchScript.resolveSibling("cpu_guard.py") : null;
        if (guard == null) {
            Path found = findTorchScript(o);
            guard = found == null ? null : found.resolveSibling("cpu_guard.py");
        }
        if (guard == null || !Files.isRegularFile(guard) || !Files.isExecutable(Path.of(o.python))) {
            return;
        }
        try {
            Process p = new ProcessBuilder(o.python, guard.toString(), "wait", "--idle", "0.85", "--windows", "2",
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
     * torch_rnn_bench.py: --torch-script, else ../shared/bench next to the repository root (every clone and
     * worktree has the shared folder at ../shared), else next to the main worktree of a linked worktree.
     */
    private static Path findTorchScript(Options o) {
        if (o.torchScript != null) {
            Path p = Path.of(o.torchScript);
            return Files.isRegularFile(p) ? p.toAbsolutePath() : null;
        }
        List<Path> roots = new ArrayList<>();
        if (o.repo != null) {
            roots.add(Path.of(o.repo));
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

    private void printTable(Options o, List<Row> rows, String started) {
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
                o.n, o.epochs, any == null ? "?" : any.path("precision").asText() + " " + any.path("kernels").asText(),
                o.gruVariant == GruVariant.CLASSIC ? "classic GRU" : "reset-after GRU (as PyTorch)");
        if (rows.stream().anyMatch(r -> !r.torch.isEmpty()) && o.torchThreads.stream().anyMatch(t -> t > 1)) {
            out.printf(Locale.ROOT, "PyTorch at more than one thread timed on N = %d (a rate; ratios use the better of "
                    + "PyTorch's thread counts)%n", torchN(o, 2));
        }
        boolean torch = rows.stream().anyMatch(r -> !r.torch.isEmpty());
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-5s %-10s %3s %9s %7s %9s %6s",
                "cell", "hidden", "thr", "train/s", "GFLOP/s", "infer/s", "RSS MB"));
        if (torch) {
            for (int t : o.torchThreads) {
                h.append(String.format(Locale.ROOT, " %10s", "pt" + t + " train"));
            }
            for (int t : o.torchThreads) {
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
                for (int t : o.torchThreads) {
                    JsonNode n = r.torch.get(t);
                    line.append(n == null ? String.format(Locale.ROOT, " %10s", "-")
                            : String.format(Locale.ROOT, " %10.0f", n.path("samples_per_s").asDouble()));
                }
                for (int t : o.torchThreads) {
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
