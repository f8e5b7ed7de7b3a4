package rnn.use;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import rnn.random.Rng;

/** Sampling of the next token: against a fixed softmax, worked truncation examples, greedy limits, seeds. */
class TokenSamplerTest {

    /** ln of the probabilities .1, .4, .2, .3 (plus a constant: logits are shift-invariant). */
    static final double[] LOGITS = {Math.log(0.1) + 3, Math.log(0.4) + 3, Math.log(0.2) + 3, Math.log(0.3) + 3};

    private static double[] probabilities(double temperature, int topK, double topP) {
        double[] out = new double[4];
        new TokenSampler(4, temperature, topK, topP, false).probabilities(LOGITS, 0, -1, out);
        return out;
    }

    @Test
    void temperatureTopKAndTopPOnAWorkedExample() {
        assertArrayEquals(new double[] {0.1, 0.4, 0.2, 0.3}, probabilities(1, 0, 1), 1e-12);
        // τ = 0.5 squares the probabilities: .01, .16, .04, .09 of .30
        assertArrayEquals(new double[] {0.01 / 0.3, 0.16 / 0.3, 0.04 / 0.3, 0.09 / 0.3}, probabilities(0.5, 0, 1),
                1e-12);
        // top-k 2 keeps .4 and .3
        assertArrayEquals(new double[] {0, 4 / 7.0, 0, 3 / 7.0}, probabilities(1, 2, 1), 1e-12);
        // top-p: most probable first, .4 < .6, .4 + .3 = .7 >= .6
        assertArrayEquals(new double[] {0, 4 / 7.0, 0, 3 / 7.0}, probabilities(1, 0, 0.6), 1e-12);
        assertArrayEquals(new double[] {0, 1, 0, 0}, probabilities(1, 0, 0.4), 1e-12);
        assertArrayEquals(new double[] {0, 4 / 9.0, 2 / 9.0, 3 / 9.0}, probabilities(1, 0, 0.75), 1e-12);
        // top-k 3 keeps .9 of the mass; top-p 0.8 of that is .72: .4, .7, .9 → all three stay
        assertArrayEquals(new double[] {0, 4 / 9.0, 2 / 9.0, 3 / 9.0}, probabilities(1, 3, 0.8), 1e-12);
        // a banned token is never drawn and the rest renormalise
        double[] out = new double[4];
        new TokenSampler(4, 1, 0, 1, false).probabilities(LOGITS, 0, 1, out);
        assertArrayEquals(new double[] {1 / 6.0, 0, 2 / 6.0, 3 / 6.0}, out, 1e-12);
    }

    @Test
    void drawsFollowTheSoftmaxByAChiSquareTest() {
        double[] logits = {0.5, -1, 2, 0, 1, -0.5};
        double[] expected = new double[logits.length];
        double z = 0;
        for (int i = 0; i < logits.length; i++) {
            expected[i] = Math.exp(logits[i]);
            z += expected[i];
        }
        int n = 200_000;
        long[] counts = new long[logits.length];
        TokenSampler s = new TokenSampler(logits.length, 1, 0, 1, false);
        Rng rng = new Rng(2024);
        for (int k = 0; k < n; k++) {
            counts[s.next(logits, 0, -1, rng)]++;
        }
        double chi2 = 0;
        for (int i = 0; i < logits.length; i++) {
            double e = n * expected[i] / z;
            chi2 += (counts[i] - e) * (counts[i] - e) / e;
        }
        // 5 degrees of freedom: P(χ² > 20.52) = 0.001
        assertTrue(chi2 < 20.52, "chi-square " + chi2);
    }

    @Test
    void topKDrawsStayInsideTheKeptSetInProportion() {
        TokenSampler s = new TokenSampler(4, 1, 2, 1, false);
        Rng rng = new Rng(9);
        long[] counts = new long[4];
        int n = 100_000;
        for (int k = 0; k < n; k++) {
            counts[s.next(LOGITS, 0, -1, rng)]++;
        }
        assertEquals(0, counts[0] + counts[2]);
        double e1 = n * 4 / 7.0;
        double e3 = n * 3 / 7.0;
        double chi2 = (counts[1] - e1) * (counts[1] - e1) / e1 + (counts[3] - e3) * (counts[3] - e3) / e3;
        assertTrue(chi2 < 10.83, "chi-square " + chi2); // 1 degree of freedom, p = 0.001
    }

    @Test
    void temperatureToZeroAndTopKOneEqualGreedy() {
        Rng logitsRng = new Rng(5);
        TokenSampler greedy = new TokenSampler(50, 1, 0, 1, true);
        TokenSampler cold = new TokenSampler(50, 1e-9, 0, 1, false);
        TokenSampler zero = new TokenSampler(50, 0, 0, 1, false);
        TokenSampler top1 = new TokenSampler(50, 1.5, 1, 1, false);
        Rng rng = new Rng(1);
        double[] logits = new double[50];
        for (int trial = 0; trial < 200; trial++) {
            int argmax = 0;
            for (int i = 0; i < 50; i++) {
                logits[i] = logitsRng.nextGaussian();
                if (logits[i] > logits[argmax]) {
                    argmax = i;
                }
            }
            assertEquals(argmax, greedy.next(logits, 0, -1, rng));
            assertEquals(argmax, cold.next(logits, 0, -1, rng));
            assertEquals(argmax, zero.next(logits, 0, -1, rng));
            assertEquals(argmax, top1.next(logits, 0, -1, rng));
        }
        assertTrue(zero.greedy() && top1.greedy());
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        TokenSampler s = new TokenSampler(4, 0.8, 3, 0.95, false);
        int[] a = new int[300];
        int[] b = new int[300];
        int[] c = new int[300];
        Rng ra = new Rng(11);
        Rng rb = new Rng(11);
        Rng rc = new Rng(12);
        for (int k = 0; k < a.length; k++) {
            a[k] = s.next(LOGITS, 0, -1, ra);
            b[k] = s.next(LOGITS, 0, -1, rb);
            c[k] = s.next(LOGITS, 0, -1, rc);
        }
        assertArrayEquals(a, b);
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }
}
