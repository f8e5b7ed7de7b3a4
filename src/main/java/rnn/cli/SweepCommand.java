package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.data.DataLoader;
import rnn.data.DataOptions;
import rnn.sweep.ChildProcessExecutor;
import rnn.sweep.ClusterTrials;
import rnn.sweep.Halving;
import rnn.sweep.InProcessExecutor;
import rnn.sweep.Leaderboard;
import rnn.sweep.ParallelRule;
import rnn.sweep.SchedulerScripts;
import rnn.sweep.SearchSpace;
import rnn.sweep.Searches;
import rnn.sweep.SpecFile;
import rnn.sweep.SweepException;
import rnn.sweep.SweepLimits;
import rnn.sweep.SweepLock;
import rnn.sweep.SweepRunner;
import rnn.sweep.SweepSpec;
import rnn.sweep.TrainKeys;
import rnn.sweep.Trial;
import rnn.sweep.TrialExecutor;
import rnn.sweep.TrialReport;
import rnn.train.TrainConfig;

/**
 * {@code rnn sweep}: a grid or random search over {@code train}'s options, each trial a run directory
 * {@code DIR/trial-NNN}, a leaderboard best first ({@code DIR/leaderboard.csv}, a Markdown table on stdout,
 * {@code DIR/leaderboard.png}); resumable, with successive halving, run locally as child processes
 * ({@code --parallel}), one trial at a time ({@code --trial I}) or as a Slurm / Kubernetes array ({@code --emit}).
 *
 * <p>Everything is checked before any trial starts: the search, every trial's options as {@code train} would take
 * them (its own messages), the data (read once per distinct set of data options), and the sweep's directory
 * ({@code sweep.json} must describe this sweep).
 */
@Command(name = "sweep", sortOptions = false, modelTransformer = SweepCommand.Sections.class,
        showDefaultValues = true,
        description = "Trains one model per combination of train options (a grid, a random search or a spec file) "
                + "into DIR/trial-NNN run directories and ranks them by validation loss: DIR/leaderboard.csv, "
                + "DIR/leaderboard.png and a Markdown table on stdout. Running the same command again skips "
                + "finished trials and resumes interrupted ones from their checkpoints.",
        footerHeading = "%nExamples:%n",
        footer = {"  rnn sweep --out sw1 --grid 'hidden=32,64;lr=1e-3,3e-3' --epochs 10 data.csv",
            "  rnn sweep --out sw2 --random 20 --space 'lr=log-uniform(1e-4,1e-2)' data.csv",
            "  rnn sweep --out sw3 --spec sweep.yaml --halving --epochs 18 data.csv",
            "  rnn sweep --out /shared/sw4 --spec sweep.yaml --emit slurm jobs /shared/d.csv",
            "",
            "Exit codes: 0 every trial done or stopped by --halving; 1 a trial failed or",
            "was interrupted (see leaderboard.csv; run the same command again); 2 a bad",
            "flag, search or spec file, or a DIR of another sweep; 3 bad data (checked",
            "once, before any trial); 4 DIR cannot be written."})
final class SweepCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(SweepCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** train options a sweep sets itself or refuses, with why (neither fixed nor swept). */
    private static final Map<String, String> NEVER = Map.of(
            "out", "the sweep's --out is its directory; each trial trains into DIR/trial-NNN",
            "resume", "a sweep resumes by itself: run the same rnn sweep command again",
            "overwrite", "a sweep never replaces runs; choose a new --out",
            "config", "give it to rnn sweep itself as --config, or the options in a --spec file",
            "json", "--json prints the leaderboard as JSON",
            "quiet", "it applies to the sweep", "log-level", "it applies to the sweep",
            "no-progress", "trials never show a progress bar", "debug", "it applies to the sweep",
            "help", "not a training option");

    /** The options of {@link #NEVER} that rnn sweep takes for itself (not passed to the trials as typed). */
    private static final Set<String> SWEEP_OWN = Set.of("out", "quiet", "log-level", "debug", "config", "json");

    /** Options that may be fixed but not swept, with why. */
    private static final Map<String, String> FIXED_ONLY = Map.of(
            "epochs", "it is every trial's budget; set --epochs once (or use --halving)",
            "threads", "the sweep sets each trial's threads: --threads once, or --parallel");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA.csv",
            description = "The training data of every trial. Optional when the --spec file names it.")
    Path data;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2[;KEY=...]", description = "A grid: every combination of the "
            + "values (train's long option names without dashes), e.g. 'hidden=32,64;lr=1e-3,3e-3'.")
    String grid;

    @Option(names = "--random", paramLabel = "N", description = "A random search of N trials over --space, drawn "
            + "with --seed (the same seed gives the same trials).")
    Integer random;

    @Option(names = "--space", paramLabel = "KEY=DIST[;...]", description = "The random search's space: "
            + "log-uniform(LO,HI), uniform(LO,HI), int(LO,HI) or choice(V1,V2,...) per option, e.g. "
            + "'lr=log-uniform(1e-4,1e-2);hidden=choice(32,64,128);window=int(10,40)'.")
    String space;

    @Option(names = "--spec", paramLabel = "FILE", description = "A JSON or YAML spec: data, options (fixed), grid "
            + "or random {trials, space}, halving {min_epochs, eta}. Options typed here override its options.")
    Path specFile;

    @Option(names = "--parallel", paramLabel = "P", description = "Trials at once (child processes). Default: by "
            + "cores and the trials' size (one thread per 256 hidden units of the widest layer; parallel × threads "
            + "≤ cores).")
    Integer parallel;

    @Option(names = "--halving", description = "Successive halving: every trial trains --min-epochs, the best "
            + "1/--eta resume to --eta times as many, and so on up to --epochs; the others stop early.")
    boolean halving;

    @Option(names = "--min-epochs", paramLabel = "R", description = "Halving: the first rung's epochs. Default: "
            + Halving.DEFAULT_MIN_EPOCHS + ".")
    Integer minEpochs;

    @Option(names = "--eta", paramLabel = "ETA", description = "Halving: the factor between rungs (the best 1/ETA "
            + "continue). Default: " + Halving.DEFAULT_ETA + ".")
    Integer eta;

    @Option(names = "--trial", paramLabel = "I", description = "Run only trial I (0-based, as an array task does) "
            + "in this process, then update the leaderboard.")
    Integer trial;

    @Option(names = "--emit", arity = "2", paramLabel = " slurm|k8s DIR2", hideParamSyntax = true,
            description = "Write a Slurm array script "
            + "(DIR2/" + SchedulerScripts.SLURM + ") or a Kubernetes Indexed Job (DIR2/" + SchedulerScripts.K8S
            + ") whose index I runs rnn sweep --trial I; train nothing here.")
    List<String> emit;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each trial as a task of Apache Spark "
            + "(local[*], local[N], spark://HOST:PORT, yarn or k8s://URL; needs the Spark build: scripts/rnn makes "
            + "it). Every worker must see DIR and DATA at the same paths.")
    String spark;

    @Mixin
    TrainOptions.Model model = new TrainOptions.Model();

    @Mixin
    TrainOptions.Data dataFlags = new TrainOptions.Data();

    @Mixin
    TrainOptions.Training training = new TrainOptions.Training();

    @Mixin
    TrainOptions.Output output = new TrainOptions.Output();

    /** What the checks of every trial found: the widest layer and the distinct data options. */
    private record Checked(int maxUnits, int epochs, long seed, Map<DataOptions, Trial> dataOptions) {
    }

    @Override
    public Integer call() throws IOException {
        Level level;
        try {
            level = output.quiet ? Level.ERROR : Level.valueOf(output.logLevel.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--log-level: expected one of error, warn, info, debug, trace, got \"" + output.logLevel
                    + "\"");
        }
        RunLogging.setConsoleLevel(level);
        if (parallel != null && (parallel < 1 || parallel > SweepLimits.MAX_PARALLEL)) {
            throw usage("--parallel: expected a whole number from 1 to " + SweepLimits.MAX_PARALLEL + ", got "
                    + parallel);
        }
        if (output.out == null) {
            throw usage("Missing required option: '--out=DIR' (the sweep's directory)");
        }
        TrainKeys fixedKeys = keys(NEVER);
        Map<String, String> notSwept = new LinkedHashMap<>(NEVER);
        notSwept.putAll(FIXED_ONLY);
        TrainKeys sweptKeys = keys(notSwept);
        SpecFile file = specFile == null ? null : SpecFile.read(specFile, fixedKeys);
        Path dataFile = data != null ? data : file != null ? file.data() : null;
        if (dataFile == null) {
            throw usage("Missing required parameter: 'DATA.csv'");
        }
        if (DataArgument.isStdin(dataFile)) {
            throw usage("DATA.csv: expected a file (every trial reads it), got - (standard input)");
        }
        dataFile = dataFile.toAbsolutePath().normalize();
        List<String> fixed = fixedArgs(file);
        SearchSpace search = search(file, sweptKeys, fixed, dataFile);
        Checked checked = check(search, fixed, dataFile);
        Halving halvingPlan = halving(file, checked.epochs());
        Path dir = output.out.toAbsolutePath().normalize();
        SweepSpec sweep = new SweepSpec(dataFile, fixed, search, halvingPlan, checked.epochs());
        int cores = Runtime.getRuntime().availableProcessors();
        if (emit != null && spark != null) {
            throw usage("--spark: expected no --emit (--emit writes scripts for another scheduler), got --emit "
                    + String.join(" ", emit));
        }
        if (emit != null) {
            return emit(sweep, dir, checked, cores);
        }
        if (trial != null && (trial < 0 || trial >= search.size())) {
            throw usage("--trial: expected a trial index from 0 to " + (search.size() - 1) + ", got " + trial);
        }
        if (trial != null && halvingPlan != null) {
            throw usage("--halving: expected no --trial (an array task trains one trial to --epochs; halving "
                    + "needs every trial's results), got --trial " + trial + "; run the halving sweep without --trial");
        }
        ClusterTrials cluster = cluster();
        int[] pt = trial == null && cluster == null ? parallelAndThreads(search.size(), checked.maxUnits(), cores)
                : null;
        if (trial == null) {
            checkData(checked.dataOptions(), dataFile); // reported once, before any trial starts
        }
        try (SweepLock lock = SweepLock.acquire(dir)) {
            sweep.recordIn(dir);
        }
        SweepRunner.Outcome outcome;
        if (trial != null) {
            int threads = training.threads; // 0 = automatic: the task's cores
            try (TrialExecutor executor = new InProcessExecutor(Main::run)) {
                outcome = new SweepRunner(sweep, dir, executor, settings(1, threads)).runOne(trial);
            }
        } else if (cluster != null) {
            ClusterTrials.Cluster started = cluster.start(spark);
            int p = Math.max(1, Math.min(search.size(), parallel != null ? parallel : started.parallelism()));
            int threads = Math.max(1, training.threads); // a task's one core unless --threads says more
            LOG.info("sweep: {} trials into {}, as Spark tasks ({}), {} at once with {} thread{} each",
                    search.size(), dir, spark, p, threads, threads == 1 ? "" : "s");
            try (TrialExecutor executor = started.executor()) {
                outcome = new SweepRunner(sweep, dir, executor, settings(p, threads)).runAll();
            }
        } else {
            LOG.info("sweep: {} trials into {}, {} at once with {} thread{} each", search.size(), dir, pt[0], pt[1],
                    pt[1] == 1 ? "" : "s");
            try (TrialExecutor executor = new ChildProcessExecutor(javaCommand())) {
                outcome = new SweepRunner(sweep, dir, executor, settings(pt[0], pt[1])).runAll();
            }
        }
        print(outcome.leaderboard());
        if (outcome.exitCode() == 0) {
            LOG.info("{}", outcome.summary());
        } else {
            LOG.error("{}", outcome.summary());
        }
        return outcome.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private SweepRunner.Settings settings(int parallelTrials, int threads) {
        List<String> extra = new ArrayList<>(List.of("--no-progress"));
        if (output.debug) {
            extra.add("--debug");
        }
        return new SweepRunner.Settings(parallelTrials, threads, extra);
    }

    /** The train options of the command line's long names, less {@code reserved}. */
    private static TrainKeys keys(Map<String, String> reserved) {
        Set<String> names = new HashSet<>();
        for (OptionSpec o : new CommandLine(new TrainCommand()).getCommandSpec().options()) {
            names.add(o.longestName().replaceFirst("^--", ""));
        }
        return new TrainKeys(names, reserved);
    }

    /**
     * The options every trial shares, as train arguments: the spec file's, then those typed here (which win),
     * without the ones the sweep manages.
     */
    private List<String> fixedArgs(SpecFile file) {
        List<String> args = new ArrayList<>();
        if (output.config != null) {
            try {
                args.addAll(withoutManaged(ConfigFile.read(output.config).args()));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (file != null) {
            args.addAll(file.options());
        }
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName().replaceFirst("^--", "");
            if (!isTrainOption(o)) {
                continue;
            }
            if (NEVER.containsKey(name) && !SWEEP_OWN.contains(name)) {
                throw usage(o.longestName() + ": not an option of rnn sweep (" + NEVER.get(name) + ")");
            }
            if (NEVER.containsKey(name) || name.equals("threads")) {
                continue; // the sweep's own (--threads: each trial's, set per attempt)
            }
            addTyped(args, o);
        }
        return args;
    }

    private boolean isTrainOption(OptionSpec o) {
        return spec.mixins().values().stream().anyMatch(m -> m.options().contains(o));
    }

    /** {@code args} without the options the sweep manages ({@code --out} of a run's config.json, ...). */
    private static List<String> withoutManaged(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i).replaceFirst("^--", "");
            boolean value = i + 1 < args.size() && !TrainOptions.SWITCHES.contains(args.get(i));
            if (NEVER.containsKey(name)) {
                i += value ? 1 : 0;
                continue;
            }
            kept.add(args.get(i));
            if (value) {
                kept.add(args.get(++i));
            }
        }
        return kept;
    }

    /** The one search of the command line or the spec file. */
    private SearchSpace search(SpecFile file, TrainKeys keys, List<String> fixed, Path dataFile) {
        int given = (grid != null ? 1 : 0) + (random != null ? 1 : 0)
                + (file != null && (file.grid() != null || file.trials() != null) ? 1 : 0);
        if (given == 0) {
            throw usage("expected a search: --grid 'KEY=V1,V2;...', --random N with --space, or a --spec file with "
                    + "grid or random");
        }
        if (given > 1) {
            throw usage("expected one search, got " + String.join(" and ", searchesGiven(file))
                    + "; keep one");
        }
        if (space != null && random == null) {
            throw usage("--space: expected --random N with it (the number of trials to draw)");
        }
        long seed = seed(fixed, dataFile);
        if (grid != null) {
            return Searches.grid("{{grid}}", grid, keys);
        }
        if (random != null) {
            if (space == null) {
                throw usage("--random: expected --space 'KEY=DIST;...' with it, got none");
            }
            return Searches.random("{{random}}", random, "{{space}}", space, keys, seed);
        }
        if (file.grid() != null) {
            return Searches.grid(specFile + " (grid)", file.grid());
        }
        return Searches.random(specFile + " (random.trials)", file.trials(), file.space(), seed);
    }

    private List<String> searchesGiven(SpecFile file) {
        List<String> s = new ArrayList<>();
        if (grid != null) {
            s.add("--grid");
        }
        if (random != null) {
            s.add("--random");
        }
        if (file != null && (file.grid() != null || file.trials() != null)) {
            s.add("--spec " + specFile + "'s " + (file.grid() != null ? "grid" : "random"));
        }
        return s;
    }

    /** The random search's seed: train's --seed of the fixed options (its default when not given). */
    private static long seed(List<String> fixed, Path dataFile) {
        try {
            return TrainCommand.withLayoutDefaults(TrainCommand.parse(fixed), fixed, dataFile).training.seed;
        } catch (CommandLine.ParameterException e) {
            throw SweepException.usage(e.getMessage());
        }
    }

    /**
     * Every trial's options as train takes them, checked with train's own messages (prefixed by the trial), and
     * what the sweep needs of them.
     */
    private Checked check(SearchSpace search, List<String> fixed, Path dataFile) {
        int maxUnits = 1;
        int epochs = 0;
        long seed = 0;
        Map<String, Map.Entry<DataOptions, Trial>> distinct = new LinkedHashMap<>();
        for (Trial t : search.trials()) {
            List<String> args = new ArrayList<>(fixed);
            args.addAll(t.args());
            try {
                TrainCommand c = TrainCommand.withLayoutDefaults(TrainCommand.parse(args), args, dataFile);
                TrainConfig config = TrainOptions.bounded(c.config());
                DataOptions d = c.dataOptions(config);
                if (d.valFile() == null && !(d.valSplit() > 0)) {
                    throw new IllegalArgumentException("--val-split: expected a fraction above 0 or --val FILE (a "
                            + "sweep ranks trials by validation loss), got " + d.valSplit());
                }
                for (int h : config.hidden()) {
                    maxUnits = Math.max(maxUnits, h);
                }
                epochs = config.epochs();
                seed = config.seed();
                distinct.putIfAbsent(dataFlagsOf(TrainOptions.flags(config, d)), Map.entry(d, t));
            } catch (IllegalArgumentException | CommandLine.ParameterException
                     | rnn.data.DataException e) {
                throw SweepException.usage(t.id() + " (" + t.describe() + "): " + e.getMessage());
            }
        }
        Map<DataOptions, Trial> first = new LinkedHashMap<>();
        distinct.values().forEach(e -> first.put(e.getKey(), e.getValue()));
        return new Checked(maxUnits, epochs, seed, first);
    }

    /** The data options among {@code flags}, as text: trials that read the data alike share one check. */
    private String dataFlagsOf(Map<String, String> flags) {
        Set<String> names = new HashSet<>();
        spec.mixins().get("dataFlags").options().forEach(o -> names.add(o.longestName()));
        Map<String, String> d = new LinkedHashMap<>(flags);
        d.keySet().retainAll(names);
        return d.toString();
    }

    private Halving halving(SpecFile file, int epochs) {
        boolean on = halving || file != null && file.halving();
        if (!on) {
            if (minEpochs != null || eta != null) {
                throw usage((minEpochs != null ? "--min-epochs" : "--eta") + ": expected --halving with it");
            }
            return null;
        }
        int r = minEpochs != null ? minEpochs : file != null && file.minEpochs() != null ? file.minEpochs()
                : Halving.DEFAULT_MIN_EPOCHS;
        int e = eta != null ? eta : file != null && file.eta() != null ? file.eta() : Halving.DEFAULT_ETA;
        return Halving.of("{{min_epochs}}", "{{eta}}", r, e, epochs);
    }

    /**
     * Reads the data once per distinct set of data options (the first trial of each named when there are several),
     * so that bad data is one error before any trial starts.
     */
    private static void checkData(Map<DataOptions, Trial> options, Path dataFile) {
        for (Map.Entry<DataOptions, Trial> e : options.entrySet()) {
            try {
                DataLoader.load(DataArgument.input(dataFile), e.getKey());
            } catch (rnn.data.DataException d) {
                if (options.size() == 1) {
                    throw d;
                }
                Trial t = e.getValue();
                String message = t.id() + " (" + t.describe() + "): " + d.getMessage();
                throw d.exitCode() == SweepException.DATA ? SweepException.data(message)
                        : SweepException.usage(message);
            }
        }
        LOG.info("data: {} read and checked ({} distinct data option set{})", dataFile, options.size(),
                options.size() == 1 ? "" : "s");
    }

    /** The Spark side for {@code --spark} (null without it), after checking what it cannot go with. */
    private ClusterTrials cluster() {
        if (spark == null) {
            return null;
        }
        TrainCommand.requireSparkMaster(spark, spec.commandLine());
        if (trial != null) {
            throw usage("--spark: expected no --trial (--trial runs one trial in this process), got --trial "
                    + trial);
        }
        return ClusterTrials.find().orElseThrow(() -> usage("--spark: " + rnn.train.DataParallel.HOW_TO_GET));
    }

    /** {trials at once, threads per trial}: the user's --parallel/--threads, else {@link ParallelRule}. */
    private int[] parallelAndThreads(int trials, int maxUnits, int cores) {
        Integer threads = training.threads > 0 ? training.threads : null;
        int p;
        int t;
        if (parallel != null && threads != null) {
            p = parallel;
            t = threads;
            if ((long) p * t > cores) {
                throw usage("--threads: " + p + " trials at once × " + t + " threads = " + (long) p * t + ", more than"
                        + " the " + cores + " cores; lower --parallel or --threads");
            }
        } else if (parallel != null) {
            p = parallel;
            t = ParallelRule.threadsFor(p, cores);
            if (p > cores) {
                LOG.warn("--parallel {}: more trials at once than the {} cores; they share them", p, cores);
            }
        } else {
            t = threads != null ? threads : ParallelRule.threadsPerTrial(maxUnits, cores);
            p = ParallelRule.parallel(trials, t, cores);
        }
        return new int[] {p, t};
    }

    /** The command that starts this JVM's {@code rnn.cli.Main} again: its java, class path and JVM flags. */
    static List<String> javaCommand() {
        return ChildProcessExecutor.javaCommand(System.getProperty("java.class.path"), Main.class.getName());
    }

    private int emit(SweepSpec sweep, Path dir, Checked checked, int cores) throws IOException {
        SchedulerScripts.Kind kind;
        try {
            kind = SchedulerScripts.Kind.valueOf(emit.get(0).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--emit: expected slurm or k8s, got \"" + emit.get(0) + "\"");
        }
        if (trial != null) {
            throw usage("--emit: expected no --trial (the script runs every trial), got --trial " + trial);
        }
        if (sweep.halving() != null) {
            throw usage("--halving: expected no --emit (each array task trains one trial to --epochs; halving "
                    + "needs every trial's results); run the halving sweep locally");
        }
        int threads = training.threads > 0 ? training.threads
                : ParallelRule.threadsPerTrial(checked.maxUnits(), cores);
        int p = parallel != null ? parallel : sweep.search().size();
        Path file = SchedulerScripts.write(kind, Path.of(emit.get(1)).toAbsolutePath().normalize(),
                arrayArgs(dir, sweep.data()), sweep.search().size(), p, threads, dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println(file);
        out.flush();
        LOG.info("{}: {} array tasks of {} trials; each runs rnn sweep --trial I with this sweep's arguments",
                file, sweep.search().size(), sweep.search().size());
        return ExitCodes.OK;
    }

    /** This command's arguments for an array task: paths absolute, without --emit, --parallel and --trial. */
    private List<String> arrayArgs(Path dir, Path dataFile) {
        List<String> args = new ArrayList<>(List.of("--out", dir.toString()));
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (List.of("--emit", "--parallel", "--trial", "--out").contains(o.longestName())) {
                continue;
            }
            addTyped(args, o);
        }
        args.add(dataFile.toString());
        return args;
    }

    /** A typed option as arguments: a switch alone, else each value after its flag, a path made absolute. */
    private static void addTyped(List<String> args, OptionSpec o) {
        if (o.arity().max() == 0) {
            args.add(o.longestName());
            return;
        }
        for (String v : o.originalStringValues()) {
            args.add(o.longestName());
            args.add(o.type() == Path.class ? Path.of(v).toAbsolutePath().normalize().toString() : v);
        }
    }

    /** The leaderboard on stdout: a Markdown table, or with --json an array of rows. */
    private void print(Leaderboard board) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (output.json) {
            ArrayNode rows = JSON.createArrayNode();
            int rank = 1;
            for (TrialReport r : board.rows()) {
                ObjectNode o = rows.addObject();
                o.put("rank", rank++);
                o.put("trial", r.trial().id());
                ObjectNode v = o.putObject("options");
                r.trial().values().forEach(v::put);
                JsonNumbers.putFinite(o, "best_val_loss", r.bestLoss());
                o.put("best_epoch", r.bestEpoch());
                o.put("epochs", r.epochs());
                o.put("status", r.status());
                if (r.error() != null) {
                    o.put("error", r.error());
                }
                o.put("run_dir", r.runDir().toString());
            }
            out.println(JSON.writeValueAsString(rows));
        } else {
            out.print(board.markdown());
        }
        out.flush();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The help in sections, as train's ({@link TrainOptions.Sections}), the sweep's own options first. */
    static final class Sections implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return new TrainOptions.Sections().transform(spec);
        }
    }
}
