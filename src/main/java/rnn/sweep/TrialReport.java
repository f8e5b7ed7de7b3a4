package rnn.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.io.AtomicFiles;
import rnn.io.LossLog;
import rnn.io.RunDirectory;

/**
 * Where a trial stands, read from disk (so that every process of a sweep, and a sweep run again, sees the same):
 * its run directory ({@code summary.json}, {@code loss.csv}) and the record of its last attempt
 * ({@code DIR/logs/trial-NNN.json}: exit code and error line, written by the sweep after each attempt).
 *
 * @param trial     the trial
 * @param status    done, stopped at rung K, failed, interrupted or pending
 * @param bestLoss  the lowest validation loss in its {@code loss.csv} (NaN when none)
 * @param bestEpoch the epoch of that loss (its first occurrence; 0 when none)
 * @param epochs    the epochs its {@code loss.csv} holds
 * @param error     the failed attempt's error line, or null
 * @param runDir    its run directory
 */
public record TrialReport(Trial trial, String status, double bestLoss, int bestEpoch, int epochs, String error,
                          Path runDir) {

    /** The folder of the attempts' logs and records, in the sweep's directory. */
    public static final String LOGS = "logs";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";
    public static final String PENDING = "pending";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Exit codes of a run stopped by SIGINT or SIGTERM after a checkpoint (DESIGN §5). */
    private static final List<Integer> STOPPED_BY_SIGNAL = List.of(130, 143);

    /** "stopped at rung K" (K from 0), the status of a trial that successive halving stopped. */
    public static String stoppedAt(int rung) {
        return "stopped at rung " + rung;
    }

    /** Whether the trial needs no more work for the sweep (done or stopped by halving). */
    public boolean finished() {
        return status.equals(DONE) || status.startsWith("stopped");
    }

    /** The run directory of {@code trial} in the sweep's directory. */
    public static Path runDir(Path sweepDir, Trial trial) {
        return sweepDir.resolve(trial.id());
    }

    /** The log of the trial's child processes. */
    public static Path log(Path sweepDir, Trial trial) {
        return sweepDir.resolve(LOGS).resolve(trial.id() + ".log");
    }

    private static Path attempt(Path sweepDir, Trial trial) {
        return sweepDir.resolve(LOGS).resolve(trial.id() + ".json");
    }

    /**
     * Whether the trial has trained to {@code budget} epochs (or stopped early for good): its summary.json says
     * completed with at least that many epochs, or early-stopped.
     */
    public static boolean reached(Path sweepDir, Trial trial, int budget) {
        JsonNode s = summary(runDir(sweepDir, trial));
        if (s == null) {
            return false;
        }
        String status = s.path("status").asText();
        return status.equals("early-stopped") || status.equals("completed") && s.path("epochs").asInt() >= budget;
    }

    /** Whether the trial has a checkpoint to resume from. */
    public static boolean resumable(Path sweepDir, Trial trial) {
        return Files.isRegularFile(runDir(sweepDir, trial).resolve(RunDirectory.LAST));
    }

    /** Records an attempt's end: its exit code and error line (null when it succeeded). */
    public static void recordAttempt(Path sweepDir, Trial trial, int exitCode, String error) throws IOException {
        var o = JSON.createObjectNode();
        o.put("exit_code", exitCode);
        if (error != null) {
            o.put("error", error);
        }
        Files.createDirectories(sweepDir.resolve(LOGS));
        AtomicFiles.write(attempt(sweepDir, trial), JSON.writeValueAsString(o) + "\n");
    }

    /**
     * The trial's report for a sweep whose full trials train {@code budget} epochs; {@code stoppedRung} ≥ 0 when
     * halving stopped it at that rung.
     */
    public static TrialReport read(Path sweepDir, Trial trial, int budget, int stoppedRung) {
        Path dir = runDir(sweepDir, trial);
        List<LossLog.Row> rows = rows(dir);
        double best = Double.NaN;
        int bestEpoch = 0;
        for (LossLog.Row r : rows) {
            if (Double.isFinite(r.valLoss()) && !(r.valLoss() >= best)) {
                best = r.valLoss();
                bestEpoch = r.epoch();
            }
        }
        int epochs = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch();
        JsonNode attempt = readJson(attempt(sweepDir, trial));
        int code = attempt == null ? 0 : attempt.path("exit_code").asInt(0);
        String error = attempt == null || !attempt.hasNonNull("error") ? null : attempt.get("error").asText();
        String status;
        if (stoppedRung >= 0) {
            status = stoppedAt(stoppedRung);
        } else if (reached(sweepDir, trial, budget)) {
            status = DONE;
        } else if (code != 0 && !STOPPED_BY_SIGNAL.contains(code)) {
            status = FAILED;
        } else if (Files.isDirectory(dir) || attempt != null) {
            status = INTERRUPTED;
        } else {
            status = PENDING;
        }
        return new TrialReport(trial, status, best, bestEpoch, epochs, status.equals(FAILED) ? error : null, dir);
    }

    /** The lowest validation loss among the rows of epochs up to {@code budget} (NaN when none): halving's rank. */
    public static double bestUpTo(Path sweepDir, Trial trial, int budget) {
        double best = Double.NaN;
        for (LossLog.Row r : rows(runDir(sweepDir, trial))) {
            if (r.epoch() <= budget && Double.isFinite(r.valLoss()) && !(r.valLoss() >= best)) {
                best = r.valLoss();
            }
        }
        return best;
    }

    /** The rows of {@code RUN/loss.csv}; none when it is missing or unreadable. */
    static List<LossLog.Row> rows(Path runDir) {
        try {
            return new LossLog(runDir, false).read();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static JsonNode summary(Path runDir) {
        return readJson(runDir.resolve(RunDirectory.SUMMARY));
    }

    private static JsonNode readJson(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > SweepLimits.MAX_SPEC_BYTES) {
                return null;
            }
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
