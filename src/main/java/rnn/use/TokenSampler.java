package rnn.use;

import rnn.random.Rng;

/**
 * Draws the next token from a model's logits (issue #11, {@code rnn generate}). With temperature τ &gt; 0 the
 * probability of token i is p_i ∝ exp((l_i − max l) / τ); top-k keeps the k most probable tokens (ties: the lower
 * id first), then top-p keeps the fewest of those, most probable first, whose probabilities sum to at least P (of
 * what top-k kept); the kept tokens are renormalised and one is drawn with one {@link Rng#nextDouble()}, walking
 * the kept tokens in id order. Greedy (also τ = 0, and top-k 1) takes the most probable token (the lowest id on a
 * tie) and draws nothing. All buffers are allocated once: a draw allocates nothing.
 */
public final class TokenSampler {

    private final int vocabulary;
    private final double temperature;
    private final int topK;
    private final double topP;
    private final boolean greedy;
    private final double[] p;
    private final int[] order;
    private final boolean[] kept;

    /**
     * @param temperature τ ≥ 0 (0 = greedy)
     * @param topK        0 = off, else k ≥ 1 (1 = greedy)
     * @param topP        P in (0, 1] (1 = off)
     * @param greedy      always the most probable token
     */
    public TokenSampler(int vocabulary, double temperature, int topK, double topP, boolean greedy) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("{{temperature}}: expected a finite number >= 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("{{top_k}}: expected 0 (off) or a positive integer, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("{{top_p}}: expected a number in (0, 1], got " + topP);
        }
        this.vocabulary = vocabulary;
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.greedy = greedy || temperature == 0 || topK == 1;
        this.p = new double[vocabulary];
        this.order = new int[vocabulary];
        this.kept = new boolean[vocabulary];
    }

    /** Whether every draw is the most probable token. */
    public boolean greedy() {
        return greedy;
    }

    /**
     * The next token for the logits {@code logits[offset .. offset + V)}; token {@code banned} (or −1 for none)
     * is never drawn.
     */
    public int next(double[] logits, int offset, int banned, Rng rng) {
        final int v = vocabulary;
        if (greedy) {
            int best = -1;
            for (int i = 0; i < v; i++) {
                if (i != banned && (best < 0 || logits[offset + i] > logits[offset + best])) {
                    best = i;
                }
            }
            return best;
        }
        double total = weigh(logits, offset, banned);
        double u = rng.nextDouble() * total;
        double sum = 0;
        int last = -1;
        for (int i = 0; i < v; i++) {
            if (kept[i]) {
                sum += p[i];
                last = i;
                if (u < sum) {
                    return i;
                }
            }
        }
        return last; // u within rounding of the total
    }

    /**
     * The distribution a draw follows (not for greedy): {@code out[i]} the probability of token i after the
     * temperature, top-k and top-p (0 for a token they drop), for tests and diagnostics.
     */
    public void probabilities(double[] logits, int offset, int banned, double[] out) {
        double total = weigh(logits, offset, banned);
        for (int i = 0; i < vocabulary; i++) {
            out[i] = kept[i] ? p[i] / total : 0;
        }
    }

    /** Fills {@link #p} with the unnormalised weights and {@link #kept}; returns the kept mass. */
    private double weigh(double[] logits, int offset, int banned) {
        final int v = vocabulary;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            if (i != banned) {
                max = Math.max(max, logits[offset + i]);
            }
        }
        double total = 0;
        for (int i = 0; i < v; i++) {
            p[i] = i == banned ? 0 : Math.exp((logits[offset + i] - max) / temperature);
            total += p[i];
            kept[i] = i != banned;
        }
        if (topK > 0 && topK < v || topP < 1) {
            total = truncate(total);
        }
        return total;
    }

    /** Applies top-k, then top-p, to {@link #kept}; returns the kept probability mass. */
    private double truncate(double total) {
        final int v = vocabulary;
        for (int i = 0; i < v; i++) {
            order[i] = i;
        }
        sortByProbability(0, v - 1);
        int keep = topK > 0 ? Math.min(topK, v) : v;
        double mass = 0;
        for (int r = 0; r < keep; r++) {
            mass += p[order[r]];
        }
        if (topP < 1) {
            double need = topP * mass;
            double sum = 0;
            int r = 0;
            while (r < keep) {
                sum += p[order[r]];
                r++;
                if (sum >= need) {
                    break;
                }
            }
            keep = r;
            mass = sum;
        }
        for (int r = keep; r < v; r++) {
            kept[order[r]] = false;
        }
        return mass;
    }

    /** Sorts {@link #order}[lo..hi] by probability descending, ties by id ascending (an in-place quicksort). */
    private void sortByProbability(int lo, int hi) {
        while (lo < hi) {
            int pivot = order[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (before(order[i], pivot)) {
                    i++;
                }
                while (before(pivot, order[j])) {
                    j--;
                }
                if (i <= j) {
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                sortByProbability(lo, j);
                lo = i;
            } else {
                sortByProbability(i, hi);
                hi = j;
            }
        }
    }

    private boolean before(int a, int b) {
        return p[a] > p[b] || p[a] == p[b] && a < b;
    }
}
