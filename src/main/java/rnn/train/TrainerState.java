package rnn.train;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything besides weights and optimizer moments that a resumed run needs to continue exactly as if it had
 * never stopped; stored in the checkpoint metadata as {@code trainer_state} (JSON, doubles as exact decimal
 * strings so that NaN and ±∞ survive).
 *
 * @param epoch              epochs completed
 * @param batch              batches completed of the epoch in progress (0 at an epoch boundary)
 * @param optimizerSteps     optimizer steps taken
 * @param shuffleState       state of the shuffling generator at the start of the epoch in progress
 * @param dropoutState       state of the dropout generator now
 * @param schedule           the LR schedule's state
 * @param bestLoss           best monitored loss so far (validation, or training without validation data)
 * @param bestEpoch          the epoch that reached it (0 = none yet)
 * @param epochsWithoutGain  epochs since the best (early stopping)
 * @param lossSum            Σ (batch loss × batch rows) of the epoch in progress
 * @param lossRows           Σ batch rows of the epoch in progress
 * @param maxGradNorm        largest gradient norm of the epoch in progress
 * @param seconds            training seconds spent in the epoch in progress
 */
public record TrainerState(int epoch, int batch, long optimizerSteps, long shuffleState, long dropoutState,
                           double[] schedule, double bestLoss, int bestEpoch, int epochsWithoutGain,
                           double lossSum, double lossRows, double maxGradNorm, double seconds) {

    public static final String KEY = "trainer_state";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metadata entry. */
    public Map<String, String> toMetadata() {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", epoch);
        o.put("batch", batch);
        o.put("optimizer_steps", optimizerSteps);
        o.put("shuffle_state", Long.toString(shuffleState));
        o.put("dropout_state", Long.toString(dropoutState));
        ArrayNode s = o.putArray("schedule");
        for (double v : schedule) {
            s.add(Double.toString(v));
        }
        o.put("best_loss", Double.toString(bestLoss));
        o.put("best_epoch", bestEpoch);
        o.put("epochs_without_gain", epochsWithoutGain);
        o.put("loss_sum", Double.toString(lossSum));
        o.put("loss_rows", Double.toString(lossRows));
        o.put("max_grad_norm", Double.toString(maxGradNorm));
        o.put("seconds", Double.toString(seconds));
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
            return new TrainerState(o.get("epoch").asInt(), o.get("batch").asInt(), o.get("optimizer_steps").asLong(),
                    Long.parseLong(o.get("shuffle_state").asText()), Long.parseLong(o.get("dropout_state").asText()),
                    schedule, Double.parseDouble(o.get("best_loss").asText()), o.get("best_epoch").asInt(),
                    o.get("epochs_without_gain").asInt(), Double.parseDouble(o.get("loss_sum").asText()),
                    Double.parseDouble(o.get("loss_rows").asText()),
                    Double.parseDouble(o.get("max_grad_norm").asText()), Double.parseDouble(o.get("seconds").asText()));
        } catch (Exception e) {
            throw new IllegalArgumentException("its " + KEY + " metadata is malformed (" + e.getMessage() + ")", e);
        }
    }
}
