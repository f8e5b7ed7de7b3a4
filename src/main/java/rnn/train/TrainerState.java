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

    /** The most values a schedule's state has ({@link rnn.optim.LrSchedule#state()}: at most 3 today). */
    static final int MAX_SCHEDULE_VALUES = 16;

    /**
     * Reads the state back, every field checked for its type and range ({@code epoch} ≥ 0, the best epoch not after
     * it, counts ≥ 0, sums finite; the {@code epoch} metadata, when present, the same epoch). Consistency with the
     * run being resumed (batches per epoch, the schedule's state) is {@link #checkFits}'s.
     *
     * @throws IllegalArgumentException when the entry is missing or malformed: "trainer_state.field is value,
     *                                  expected what"
     */
    public static TrainerState fromMetadata(Map<String, String> metadata) {
        String text = metadata.get(KEY);
        if (text == null) {
            throw new IllegalArgumentException("it has no " + KEY + " metadata");
        }
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(KEY + " is not valid JSON");
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException(KEY + " is not a JSON object");
        }
        int epoch = (int) whole(o, "epoch", 0, Integer.MAX_VALUE);
        String stated = metadata.get("epoch");
        if (stated != null && !stated.equals(Integer.toString(epoch))) {
            throw new IllegalArgumentException("epoch is \"" + stated + "\", expected " + epoch + " as in " + KEY);
        }
        JsonNode s = o.get("schedule");
        if (s == null || !s.isArray() || s.size() > MAX_SCHEDULE_VALUES) {
            throw bad("schedule", s, "an array of at most " + MAX_SCHEDULE_VALUES + " numbers");
        }
        double[] schedule = new double[s.size()];
        for (int i = 0; i < schedule.length; i++) {
            schedule[i] = decimal(s.get(i), "schedule[" + i + "]");
        }
        Progress progress = new Progress((int) whole(o, "batch", 0, Integer.MAX_VALUE),
                finite(o, "loss_sum", Double.NEGATIVE_INFINITY), finite(o, "loss_rows", 0),
                finite(o, "max_grad_norm", 0), finite(o, "seconds", 0));
        Streams streams = new Streams(whole(o, "optimizer_steps", 0, Long.MAX_VALUE), longText(o, "shuffle_state"),
                longText(o, "dropout_state"), schedule);
        double bestLoss = decimal(o.get("best_loss"), "best_loss");
        if (Double.isNaN(bestLoss) || bestLoss == Double.NEGATIVE_INFINITY) {
            throw bad("best_loss", o.get("best_loss"), "a number or Infinity (none yet)");
        }
        Best best = new Best(bestLoss, (int) whole(o, "best_epoch", 0, epoch),
                (int) whole(o, "epochs_without_gain", 0, epoch));
        return new TrainerState(epoch, progress, streams, best);
    }

    /**
     * Checks that this state can continue a run of {@code batchesPerEpoch} batches per epoch.
     *
     * @throws IllegalArgumentException when the batches done of the epoch in progress exceed an epoch
     */
    public void checkFits(int batchesPerEpoch) {
        if (progress.batch() > batchesPerEpoch) {
            throw bad("batch", progress.batch(), "at most the " + batchesPerEpoch + " batches of an epoch");
        }
    }

    private static long whole(JsonNode o, String key, long min, long max) {
        JsonNode n = o.get(key);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min
                || n.longValue() > max) {
            throw bad(key, n, "a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    private static long longText(JsonNode o, String key) {
        JsonNode n = o.get(key);
        try {
            return Long.parseLong(n.textValue());
        } catch (NullPointerException | NumberFormatException e) {
            throw bad(key, n, "a whole number as text (a generator state)");
        }
    }

    /** A double written as exact decimal text (NaN and ±Infinity included). */
    private static double decimal(JsonNode n, String key) {
        if (n == null || !n.isTextual()) {
            throw bad(key, n, "a number as text");
        }
        try {
            return Double.parseDouble(n.textValue());
        } catch (NumberFormatException e) {
            throw bad(key, n, "a number as text");
        }
    }

    private static double finite(JsonNode o, String key, double min) {
        double v = decimal(o.get(key), key);
        if (!Double.isFinite(v) || v < min) {
            throw bad(key, o.get(key), "a finite number" + (min == 0 ? " >= 0" : ""));
        }
        return v;
    }

    private static IllegalArgumentException bad(String key, Object value, String expected) {
        return new IllegalArgumentException(KEY + "." + key + " is " + value + ", expected " + expected);
    }
}
