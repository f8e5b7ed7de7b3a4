package rnn.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a sweep's trials and writes its leaderboard. Without halving there is one rung of {@code epochs}; with
 * it, {@link Halving#rungs}. In each rung the remaining trials that have not yet trained to the rung's budget run
 * through the {@link TrialExecutor}, at most {@code parallel} at once: a trial with a checkpoint resumes from it
 * ({@code train --resume}), one without starts (replacing what an attempt that wrote no checkpoint left). A rung
 * in which a trial was interrupted ends the sweep without a halving decision (so that decisions never rest on
 * partial runs): running the sweep again resumes it. Everything a decision needs is read from the trials' run
 * directories, so a sweep run again makes the same decisions and skips finished work.
 */
public final class SweepRunner {

    private static final Logger LOG = LogManager.getLogger(SweepRunner.class);

    /**
     * How each trial's child runs.
     *
     * @param parallel    trials at once (1 to {@link SweepLimits#MAX_PARALLEL})
     * @param threads     each trial's {@code --threads}
     * @param extraArgs   further {@code train} arguments for every attempt ({@code --log-level}, ...)
     */
    public record Settings(int parallel, int threads, List<String> extraArgs) {
        public Settings {
            extraArgs = List.copyOf(extraArgs);
        }
    }

    /**
     * The sweep's end.
     *
     * @param leaderboard the trials, best first
     * @param exitCode    0 when every trial is done or stopped by halving, else 1
     * @param summary     one line: what is done and what is not
     */
    public record Outcome(Leaderboard leaderboard, int exitCode, String summary) {
    }

    private final SweepSpec spec;
    private final Path dir;
    private final TrialExecutor executor;
    private final Settings settings;

    public SweepRunner(SweepSpec spec, Path dir, TrialExecutor executor, Settings settings) {
        this.spec = spec;
        this.dir = dir;
        this.executor = executor;
        this.settings = settings;
    }

    /** Runs every trial (with halving, rung after rung) and writes the leaderboard. */
    public Outcome runAll() throws IOException {
        List<Trial> trials = spec.trials();
        List<Integer> rungs = spec.halving() == null ? List.of(spec.epochs()) : spec.halving().rungs();
        Map<Integer, Integer> stoppedAt = new HashMap<>();
        List<Trial> active = trials;
        for (int k = 0; k < rungs.size(); k++) {
            int budget = rungs.get(k);
            if (rungs.size() > 1) {
                LOG.info("rung {} of {}: {} trials to {} epochs", k, rungs.size() - 1, active.size(), budget);
            }
            runRung(active, budget);
            writeLeaderboard(stoppedAt);
            if (k == rungs.size() - 1) {
                break;
            }
            if (active.stream().anyMatch(t -> !TrialReport.reached(dir, t, budget) && !failed(t))) {
                LOG.warn("rung {}: not every trial reached {} epochs; no trial is stopped until they have (run "
                        + "the same command again to resume them)", k, budget);
                break;
            }
            active = survivors(active, budget, k, stoppedAt);
        }
        return outcome(writeLeaderboard(stoppedAt));
    }

    /** Runs only trial {@code index} to the full epochs (an array task), then updates the leaderboard. */
    public Outcome runOne(int index) throws IOException {
        Trial t = spec.trials().get(index);
        runRung(List.of(t), spec.epochs());
        Leaderboard board = writeLeaderboard(Map.of());
        TrialReport mine = board.rows().stream().filter(r -> r.trial().index() == index).findFirst().orElseThrow();
        int code = mine.finished() ? 0 : 1;
        return new Outcome(board, code, t.id() + ": " + mine.status() + (mine.error() == null ? ""
                : " (" + mine.error() + ")"));
    }

    private boolean failed(Trial t) {
        return TrialReport.read(dir, t, spec.epochs(), -1).status().equals(TrialReport.FAILED);
    }

    /** Halving's decision after rung {@code k}: the best trials continue, the others stop at rung k. */
    private List<Trial> survivors(List<Trial> active, int budget, int k, Map<Integer, Integer> stoppedAt) {
        List<Trial> ranked = new ArrayList<>(active);
        Map<Integer, Double> loss = new HashMap<>();
        for (Trial t : active) {
            double l = TrialReport.bestUpTo(dir, t, budget);
            loss.put(t.index(), Double.isNaN(l) ? Double.POSITIVE_INFINITY : l);
        }
        ranked.sort(Comparator.comparingDouble((Trial t) -> loss.get(t.index())).thenComparingInt(Trial::index));
        int keep = spec.halving().survivors(active.size());
        for (Trial t : ranked.subList(keep, ranked.size())) {
            stoppedAt.put(t.index(), k);
        }
        List<Trial> next = ranked.subList(0, keep).stream().sorted(Comparator.comparingInt(Trial::index)).toList();
        LOG.info("rung {}: {} of {} trials continue ({}); the others stop", k, keep, active.size(),
                String.join(", ", next.stream().map(Trial::id).toList()));
        return next;
    }

    /** Runs the trials of {@code active} that have not reached {@code budget}, at most {@code parallel} at once. */
    private void runRung(List<Trial> active, int budget) throws IOException {
        List<Trial> todo = active.stream().filter(t -> !TrialReport.reached(dir, t, budget)).toList();
        if (todo.size() < active.size()) {
            LOG.info("{} of {} trials already trained to {} epochs; skipping them", active.size() - todo.size(),
                    active.size(), budget);
        }
        if (todo.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.parallel(), todo.size()), r -> {
            Thread th = new Thread(r, "sweep-trial");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : todo) {
                futures.add(pool.submit(() -> attempt(t, budget)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Void attempt(Trial t, int budget) throws IOException {
        boolean resume = TrialReport.resumable(dir, t);
        Path runDir = TrialReport.runDir(dir, t);
        List<String> args = new ArrayList<>(spec.options());
        args.addAll(t.args());
        args.addAll(List.of("--epochs", Integer.toString(budget), "--threads", Integer.toString(settings.threads()),
                "--out", runDir.toString()));
        args.addAll(settings.extraArgs());
        if (resume) {
            args.addAll(List.of("--resume", runDir.toString()));
        } else if (Files.exists(runDir)) {
            args.add("--overwrite"); // an attempt that wrote no checkpoint: start again
        }
        args.add(spec.data().toString());
        LOG.info("{} ({}): {} to {} epochs", t.id(), t.describe(), resume ? "resuming from its checkpoint"
                : "training", budget);
        TrialExecutor.Result r = executor.run(new TrialExecutor.Launch(t, args, TrialReport.log(dir, t)));
        TrialReport.recordAttempt(dir, t, r.exitCode(), r.error());
        if (r.exitCode() == 0) {
            TrialReport rep = TrialReport.read(dir, t, budget, -1);
            LOG.info("{}: trained to {} epochs; best validation loss {} at epoch {}", t.id(), rep.epochs(),
                    String.format(Locale.ROOT, "%.6g", rep.bestLoss()), rep.bestEpoch());
        } else {
            LOG.warn("{}: ended with exit code {}{}", t.id(), r.exitCode(), r.error() == null ? ""
                    : ": " + r.error());
        }
        return null;
    }

    /** Reads every trial's state and writes leaderboard.csv/.png, under the sweep's lock. */
    private Leaderboard writeLeaderboard(Map<Integer, Integer> stoppedAt) throws IOException {
        try (SweepLock lock = SweepLock.acquire(dir)) {
            List<TrialReport> reports = new ArrayList<>();
            for (Trial t : spec.trials()) {
                reports.add(TrialReport.read(dir, t, spec.epochs(), stoppedAt.getOrDefault(t.index(), -1)));
            }
            Leaderboard board = Leaderboard.of(spec.search().keys(), reports);
            board.write(dir);
            return board;
        }
    }

    private Outcome outcome(Leaderboard board) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (TrialReport r : board.rows()) {
            counts.merge(r.status().startsWith("stopped") ? "stopped by halving" : r.status(), 1, Integer::sum);
        }
        boolean allFinished = board.rows().stream().allMatch(TrialReport::finished);
        List<String> parts = new ArrayList<>();
        counts.forEach((s, n) -> parts.add(n + " " + s));
        String summary = board.rows().size() + " trials: " + String.join(", ", parts) + "; leaderboard in "
                + dir.resolve(Leaderboard.CSV) + (allFinished ? "" : "; run the same command again to resume or "
                + "retry the others");
        return new Outcome(board, allFinished ? 0 : 1, summary);
    }
}
