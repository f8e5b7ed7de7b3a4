package rnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything besides weights and optimizer moments that a resumed run needs to continue exactly as if it had
 * never stopped; stored in the checkpoint metadata as {@code trainer_state} (one flat JSON object, doubles as
 * exact decimal strings so that NaN and ±∞ survive). Built by {@link #start}, then {@link #midEpoch} (an
 * interruption inside an epoch) or {@link #afterEpoch} (an epoch done).
 *
 * @param epoch    epochs completed
 * @param progress the epoch in progress ({@link Progress#NONE} at an epoch boundary)
 * @param streams  the counters and generator states the next step depends on
 * @param best     the best monitored loss and the early-stopping count
 */
public record TrainerState(int epoch, Progress progress, Streams streams, Best best) {

    public static final String KEY = "trainer_state";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The accounting of the epoch in progress.
     *
     * @param batch       batches completed of the epoch in progress (0 at an epoch boundary)
     * @param lossSum     Σ (batch loss × batch rows) of the epoch in progress
     * @param lossRows    Σ batch rows of the epoch in progress
     * @param maxGradNorm largest gradient norm of the epoch in progress
     * @param seconds     training seconds spent in the epoch in progress
     */
    public record Progress(int batch, double lossSum, double lossRows, double maxGradNorm, double seconds) {
        /** At an epoch boundary: nothing done yet. */
        public static final Progress NONE = new Progress(0, 0, 0, 0, 0);
    }

    /**
     * Counters and generator states.
     *
     * @param optimizerSteps optimizer steps taken
     * @param shuffleState   state of the shuffling generator at the start of the epoch in progress (at an epoch
     *                       boundary: at the start of the next epoch)
     * @param dropoutState   state of the dropout generator now
     * @param schedule       the LR schedule's state ({@link rnn.optim.LrSchedule#state()})
     */
    public record Streams(long optimizerSteps, long shuffleState, long dropoutState, double[] schedule) {
        public Streams {
            schedule = schedule.clone();
        }

        @Override
        public double[] schedule() {
            return schedule.clone();
        }
    }

    /**
     * The best monitored loss (validation, or training without validation data) and early stopping's count.
     *
     * @param loss              best monitored loss so far (+∞ before the first epoch)
     * @param epoch             the epoch that reached it (0 = none yet)
     * @param epochsWithoutGain epochs since the best
     */
    public record Best(double loss, int epoch, int epochsWithoutGain) {
        /** Before the first epoch. */
        public static final Best NONE = new Best(Double.POSITIVE_INFINITY, 0, 0);

        /** After epoch {@code e} with monitored loss {@code monitored}: a new best if strictly lower. */
        public Best after(int e, double monitored) {
            return monitored < loss ? new Best(monitored, e, 0) : new Best(loss, epoch, epochsWithoutGain + 1);
        }

        /** True when epoch {@code e} set this best. */
        public boolean setBy(int e) {
            return epoch == e && epochsWithoutGain == 0;
        }

        /** The same best with the early-stopping count back at 0 (a resumed early-stopped run). */
        public Best patienceRestarted() {
            return new Best(loss, epoch, 0);
        }
    }

    /** Before the first epoch of a new run. */
    public static TrainerState start(Streams streams) {
        return new TrainerState(0, Progress.NONE, streams, Best.NONE);
    }

    /** Interrupted inside epoch {@code epoch() + 1}, with {@code progress} done of it. */
    public TrainerState midEpoch(Progress p, Streams s) {
        return new TrainerState(epoch, p, s, best);
    }

    /** Epoch {@code e} done, with the best as it stands after it. */
    public TrainerState afterEpoch(int e, Streams s, Best b) {
        return new TrainerState(e, Progress.NONE, s, b);
    }

    /** The same state with another best (see {@link Best#patienceRestarted()}). */
    public TrainerState withBest(Best b) {
        return new TrainerState(epoch, progress, streams, b);
    }

    /** Batches done of the epoch in progress. */
    public int batch() {
        return progress.batch();
    }

    /** The epoch of the best monitored loss (0 = none yet). */
    public int bestEpoch() {
        return best.epoch();
    }

    /** The best monitored loss so far. */
    public double bestLoss() {
        return best.loss();
    }

    /** The metadata entry. */
    public Map<String, String> toMetadata() {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", epoch);
        o.put("batch", progress.batch());
        o.put("optimizer_steps", streams.optimizerSteps());
        o.put("shuffle_state", Long.toString(streams.shuffleState()));
        o.put("dropout_state", Long.toString(streams.dropoutState()));
        ArrayNode s = o.putArray("schedule");
        for (double v : streams.schedule) {
            s.add(Double.toString(v));
        }
        o.put("best_loss", Double.toString(best.loss()));
        o.put("best_epoch", best.epoch());
        o.put("epochs_without_gain", best.epochsWithoutGain());
        o.put("loss_sum", Double.toString(progress.lossSum()));
        o.put("loss_rows", Double.toString(progress.lossRows()));
        o.put("max_grad_norm", Double.toString(progress.maxGradNorm()));
        o.put("seconds", Double.toString(progress.seconds()));
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY, o.toString());
        return m;
    }

    /**
     * Reads the state back.
     *
     * @throws IllegalArgumentException when the entry is missing or malformed
     */
    public static TrainerState fromMetadata(Map<String, String> metadata) {
        String text = metadata.get(KEY);
        if (text == null) {
            throw new IllegalArgumentException("it has no " + KEY + " metadata");
        }
        try {
            JsonNode o = JSON.readTree(text);
            JsonNode s = o.get("schedule");
            double[] schedule = new double[s.size()];
            for (int i = 0; i < schedule.length; i++) {
                schedule[i] = Double.parseDouble(s.get(i).asText());
            }
            Progress progress = new Progress(o.get("batch").asInt(), number(o, "loss_sum"), number(o, "loss_rows"),
                    number(o, "max_grad_norm"), number(o, "seconds"));
            Streams streams = new Streams(o.get("optimizer_steps").asLong(),
                    Long.parseLong(o.get("shuffle_state").asText()), Long.parseLong(o.get("dropout_state").asText()),
                    schedule);
            Best best = new Best(number(o, "best_loss"), o.get("best_epoch").asInt(),
                    o.get("epochs_without_gain").asInt());
            return new TrainerState(o.get("epoch").asInt(), progress, streams, best);
        } catch (Exception e) {
            throw new IllegalArgumentException("its " + KEY + " metadata is malformed (" + e.getMessage() + ")", e);
        }
    }

    private static double number(JsonNode o, String key) {
        return Double.parseDouble(o.get(key).asText());
    }
}
