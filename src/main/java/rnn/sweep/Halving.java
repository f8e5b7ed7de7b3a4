package rnn.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Successive halving (Jamieson and Talwalkar 2016; Hyperband's inner loop, Optuna's SuccessiveHalvingPruner):
 * rung k gives every remaining trial a budget of {@code minEpochs · eta^k} epochs in total (the last rung
 * {@code maxEpochs}); after each rung but the last, the best {@code max(1, floor(n / eta))} of the n remaining
 * trials (lowest best validation loss up to the rung's budget, ties to the lower index: deterministic) resume from
 * their checkpoints to the next rung and the rest stop ("stopped at rung k").
 *
 * @param minEpochs the first rung's budget (1 to maxEpochs)
 * @param eta       the factor between rungs (2 to {@link SweepLimits#MAX_ETA})
 * @param maxEpochs the last rung's budget ({@code --epochs})
 */
public record Halving(int minEpochs, int eta, int maxEpochs) {

    /** {@code --eta}'s default, as Hyperband's. */
    public static final int DEFAULT_ETA = 3;
    /** {@code --min-epochs}' default. */
    public static final int DEFAULT_MIN_EPOCHS = 1;

    /**
     * @throws SweepException exit code 2 naming the field ({@code where} + "min_epochs" or "eta")
     */
    public static Halving of(String minEpochsField, String etaField, int minEpochs, int eta, int maxEpochs) {
        if (eta < 2 || eta > SweepLimits.MAX_ETA) {
            throw SweepException.usage(etaField + ": expected a whole number from 2 to " + SweepLimits.MAX_ETA
                    + ", got " + eta);
        }
        if (minEpochs < 1 || minEpochs >= maxEpochs) {
            throw SweepException.usage(minEpochsField + ": expected a whole number from 1 to " + (maxEpochs - 1)
                    + " (below {{epochs}} " + maxEpochs + ", the last rung), got " + minEpochs);
        }
        return new Halving(minEpochs, eta, maxEpochs);
    }

    /** The budgets of the rungs, in epochs, increasing; the last is {@code maxEpochs}. */
    public List<Integer> rungs() {
        List<Integer> rungs = new ArrayList<>();
        for (long b = minEpochs; b < maxEpochs; b *= eta) {
            rungs.add((int) b);
        }
        rungs.add(maxEpochs);
        return rungs;
    }

    /** How many of {@code n} trials continue after a rung. */
    public int survivors(int n) {
        return Math.max(1, n / eta);
    }
}
