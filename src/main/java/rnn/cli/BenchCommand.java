package rnn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import rnn.bench.Bench;
import rnn.bench.TextBench;
import rnn.bench.TextScaleBench;
import rnn.data.TokenKind;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Precision;

/**
 * {@code rnn bench}: the benchmark behind {@code scripts/bench} (hidden from {@code rnn --help}; {@code scripts/bench
 * --help} lists its options). It parses and checks the options and hands {@link Bench} a typed plan; a subcommand
 * so that the process exits in one place, {@link Main}. Each configuration runs in a child JVM as
 * {@code rnn bench --child} with one cell and one hidden configuration.
 */
@Command(name = "bench", hidden = true, sortOptions = false,
        customSynopsis = "scripts/bench [options]   (the hidden command 'rnn bench')",
        description = {"Runs the BENCH-SPEC configurations (../shared/bench/BENCH-SPEC.md) through the training "
                + "classes of `rnn train` and prints JSON lines and a table: seconds per epoch (median of epochs "
                + "2..), samples/s, GFLOP/s, inference samples/s (forward only), peak RSS.", ""},
        footerHeading = "%n",
        footer = "      --jmh [JMH options]   scripts/bench only: the JMH kernel benchmarks instead.")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A subset in under a minute: hidden 32 and 128,64, N = "
            + Bench.QUICK_N + " (--hidden and --n still apply).")
    boolean quick;

    @Option(names = "--compare-torch", description = "Also run PyTorch (torch_rnn_bench.py) at --torch-threads and "
            + "print the ratios.")
    boolean compareTorch;

    @Option(names = "--cell", paramLabel = "LIST", description = "rnn,gru,lstm or all (default all).")
    String cells = "all";

    @Option(names = "--hidden", paramLabel = "LIST", description = "Configurations separated by '/', e.g. "
            + "32/128,64, or all (default all; with --quick 32/128,64).")
    String hidden;

    @Option(names = "--threads", paramLabel = "N|auto", description = "rnn's --threads (default auto: the fastest "
            + "for the shape).")
    String threads = "auto";

    @Option(names = "--precision", paramLabel = "P", description = "float or double (default float).")
    String precision = "float";

    @Option(names = "--gru-variant", paramLabel = "V", description = "reset-after (PyTorch's GRU, default) or "
            + "classic.")
    String gruVariant = "reset-after";

    @Option(names = "--bidirectional", description = "Bidirectional layers (rnn only; not with --compare-torch).")
    boolean bidirectional;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default " + Bench.DEFAULT_EPOCHS
            + ").")
    int epochs = Bench.DEFAULT_EPOCHS;

    @Option(names = "--n", paramLabel = "N", description = "Sequences per run (default " + Bench.DEFAULT_N
            + "; with --quick " + Bench.QUICK_N + ").")
    Integer n;

    @Option(names = "--infer-passes", paramLabel = "N", description = "Forward-only passes over N (default "
            + Bench.DEFAULT_INFER_PASSES + ").")
    int inferPasses = Bench.DEFAULT_INFER_PASSES;

    @Option(names = "--torch-threads", paramLabel = "LIST", split = ",", description = "PyTorch thread counts "
            + "(default 1,2).")
    List<Integer> torchThreads = new ArrayList<>(Bench.DEFAULT_TORCH_THREADS);

    @Option(names = "--torch-multi-n", paramLabel = "N", description = "Sequences for PyTorch runs at more than one "
            + "thread (default N/4: PyTorch 1.13 is 2-25x slower with 2 threads on 2 cores, and its rate does not "
            + "depend on N).")
    int torchMultiN;

    @Option(names = "--torch-script", paramLabel = "PATH", description = "torch_rnn_bench.py (default: found in "
            + "../shared/bench next to the repository).")
    Path torchScript;

    @Option(names = "--python", paramLabel = "PATH", description = "The interpreter with torch (default "
            + Bench.DEFAULT_PYTHON + ").")
    String python = Bench.DEFAULT_PYTHON;

    @Option(names = "--wait", negatable = true, description = "Wait for an idle machine before each timed run "
            + "(default: on with --compare-torch). --no-wait: never.")
    Boolean waitIdle;

    @Option(names = "--json", paramLabel = "FILE", description = "Also append the JSON lines to FILE.")
    Path jsonFile;

    @Option(names = "--repo", paramLabel = "DIR", hidden = true, description = "The repository root (scripts/bench "
            + "gives it), to find ../shared/bench.")
    Path repo;

    @Option(names = "--text", description = "Instead: the text benchmark (issue #11): training tokens/s of one-hot "
            + "LSTM and GRU [128,128] language models and generation tokens/s, side by side with PyTorch "
            + "(scripts/torch-text-bench.py), a Markdown table of the ratios.")
    boolean text;

    @Option(names = "--text-steps", paramLabel = "N", description = "--text: training steps per timed repeat "
            + "(default 20).")
    int textSteps = 20;

    @Option(names = "--text-repeats", paramLabel = "N", description = "--text: timed repeats, the median is "
            + "reported (default 5).")
    int textRepeats = 5;

    @Option(names = "--text-generate", paramLabel = "N", description = "--text: tokens per timed generation "
            + "repeat (default 2000).")
    int textGenerate = 2000;

    @Option(names = "--text-scale", paramLabel = "MB", arity = "0..1", fallbackValue = "100", description = "Instead:"
            + " load a text of MB megabytes (default 100) as rnn train --layout text does, under a heap of 4 bytes a "
            + "token; prints the load time and the peak heap.")
    Integer textScale;

    @Option(names = "--text-load", paramLabel = "FILE", hidden = true, description = "The child of --text-scale.")
    Path textLoad;

    @Option(names = "--text-load-tokens", paramLabel = "char|word", hidden = true, defaultValue = "char",
            converter = Choice.TokenKinds.class, description = "The child of --text-scale: token kind.")
    TokenKind textLoadTokens;

    @Option(names = "--child", hidden = true, description = "Run one configuration in this JVM (what each child "
            + "JVM runs).")
    boolean child;

    @Override
    public Integer call() throws java.io.IOException {
        if (textLoad != null) {
            return TextScaleBench.load(textLoad, textLoadTokens);
        }
        if (textScale != null) {
            positive("--text-scale", textScale);
            return TextScaleBench.run(repo, textScale);
        }
        if (text) {
            positive("--text-steps", textSteps);
            positive("--text-repeats", textRepeats);
            positive("--text-generate", textGenerate);
            Path script = TextBench.torchScript(repo);
            boolean torch = script != null && Files.isExecutable(Path.of(python));
            if (!torch) {
                System.err.println("bench: no PyTorch side (scripts/torch-text-bench.py or " + python
                        + " missing): rnn alone");
            }
            return TextBench.run(new TextBench.Plan(repo, textSteps, 3, textRepeats, textGenerate, threadCount(),
                    torch ? python : null, script));
        }
        Bench.Workload workload = workload();
        if (child) {
            return Bench.runChild(workload);
        }
        return Bench.run(plan(workload));
    }

    /** The checked workload of the options (with {@code --quick}'s smaller defaults). */
    Bench.Workload workload() {
        int sequences = n != null ? n : quick ? Bench.QUICK_N : Bench.DEFAULT_N;
        positive("--epochs", epochs);
        positive("--infer-passes", inferPasses);
        if (sequences < Bench.BATCH) {
            throw usage("--n: expected at least one batch of " + Bench.BATCH + " sequences, got " + sequences);
        }
        return new Bench.Workload(cells(), hiddenConfigurations(), sequences, epochs, inferPasses, threadCount(),
                precision(), gruVariant(), bidirectional);
    }

    /** The whole plan: the workload, and PyTorch's side when comparing (its script found and its Python there). */
    Bench.Plan plan(Bench.Workload workload) {
        torchThreads.forEach(t -> positive("--torch-threads", t));
        if (torchMultiN < 0) {
            throw usage("--torch-multi-n: expected a positive integer, got " + torchMultiN);
        }
        Bench.TorchComparison torch = null;
        if (compareTorch && bidirectional) {
            throw usage("--bidirectional: expected no --compare-torch (the PyTorch benchmark script runs "
                    + "one-directional layers only), got both; leave one out");
        }
        if (compareTorch) {
            Path script = torchScript != null ? torchScript : Bench.findTorchScript(repo);
            if (script == null || !Files.isRegularFile(script)) {
                throw usage("--compare-torch: torch_rnn_bench.py not found (" + (torchScript != null ? "no file "
                        + torchScript : "looked in ../shared/bench next to the repository") + "); give "
                        + "--torch-script PATH");
            }
            if (!Files.isExecutable(Path.of(python))) {
                throw usage("--compare-torch: expected a Python interpreter with PyTorch at " + python
                        + "; give --python PATH");
            }
            torch = new Bench.TorchComparison(script.toAbsolutePath(), List.copyOf(torchThreads), torchMultiN);
        }
        boolean wait = waitIdle != null ? waitIdle : compareTorch;
        return new Bench.Plan(workload, torch, python, wait, jsonFile, repo);
    }

    private List<CellType> cells() {
        if (cells.equals("all")) {
            return Bench.ALL_CELLS;
        }
        List<CellType> list = new ArrayList<>();
        for (String c : cells.split(",")) {
            String name = c.trim();
            if (name.isEmpty()) {
                continue;
            }
            list.add(switch (name) {
                case "rnn" -> CellType.RNN;
                case "gru" -> CellType.GRU;
                case "lstm" -> CellType.LSTM;
                default -> throw usage("--cell: expected rnn, gru, lstm or all, got \"" + name + "\"");
            });
        }
        if (list.isEmpty()) {
            throw usage("--cell: expected rnn, gru, lstm or all, got \"" + cells + "\"");
        }
        return list;
    }

    private List<int[]> hiddenConfigurations() {
        if (hidden == null) {
            return quick ? Bench.QUICK_HIDDEN : Bench.ALL_HIDDEN;
        }
        if (hidden.equals("all")) {
            return Bench.ALL_HIDDEN;
        }
        List<int[]> configs = new ArrayList<>();
        for (String part : hidden.split("/")) {
            if (!part.isBlank()) {
                configs.add(Arrays.stream(part.split(",")).mapToInt(s -> positive("--hidden", s)).toArray());
            }
        }
        if (configs.isEmpty()) {
            throw usage("--hidden: expected sizes such as 32/128,64, got \"" + hidden + "\"");
        }
        return configs;
    }

    private int threadCount() {
        if (threads.equals("auto")) {
            return 0;
        }
        try {
            return positive("--threads", Integer.parseInt(threads.trim()));
        } catch (NumberFormatException e) {
            throw usage("--threads: expected auto or a positive integer, got \"" + threads + "\"");
        }
    }

    private Precision precision() {
        return switch (precision.toLowerCase(Locale.ROOT)) {
            case "float", "float32" -> Precision.FLOAT;
            case "double", "float64" -> Precision.DOUBLE;
            default -> throw usage("--precision: expected float or double, got \"" + precision + "\"");
        };
    }

    private GruVariant gruVariant() {
        return switch (gruVariant) {
            case "reset-after" -> GruVariant.RESET_AFTER;
            case "classic" -> GruVariant.CLASSIC;
            default -> throw usage("--gru-variant: expected reset-after or classic, got \"" + gruVariant + "\"");
        };
    }

    private int positive(String flag, String text) {
        try {
            return positive(flag, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            throw usage(flag + ": expected a positive integer, got \"" + text + "\"");
        }
    }

    private int positive(String flag, int v) {
        if (v < 1) {
            throw usage(flag + ": expected a positive integer, got " + v);
        }
        return v;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
