package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link TargetTransforms}: each step and chain against a hand-written formula, the round trip (transform then
 * invert = identity to 1e-12) of single values and of paths, and the refusals.
 */
class TargetTransformsTest {

    private static final double TOL = 1e-12;
    private static final List<String> CHAINS = List.of("log", "log1p", "diff", "seasonal-diff:1", "seasonal-diff:4",
            "log,diff", "log1p,seasonal-diff:12", "log,seasonal-diff:12,diff", "diff,diff", "seasonal-diff:3,diff",
            "diff,seasonal-diff:5");

    /** A positive series with trend and multiplicative seasonality: every step's domain holds. */
    private static double[] series(int n, long seed) {
        Random rng = new Random(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = (50 + i) * (1 + 0.3 * Math.sin(2 * Math.PI * i / 12)) * Math.exp(0.05 * rng.nextGaussian());
        }
        return y;
    }

    @Test
    void eachChainMatchesItsFormula() {
        double[] y = series(40, 1);
        double[] ly = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            ly[i] = Math.log(y[i]);
        }
        double[] logDiff = TargetTransforms.parse("log,diff").apply(y);
        double[] seasonal = TargetTransforms.parse("seasonal-diff:4").apply(y);
        double[] log1p = TargetTransforms.parse("log1p").apply(y);
        double[] full = TargetTransforms.parse("log,seasonal-diff:12,diff").apply(y);
        for (int r = 0; r < y.length; r++) {
            assertEquals(Math.log(1 + y[r]), log1p[r], TOL);
            assertEquals(r < 1 ? Double.NaN : ly[r] - ly[r - 1], logDiff[r], TOL, "log,diff row " + r);
            assertEquals(r < 4 ? Double.NaN : y[r] - y[r - 4], seasonal[r], TOL, "seasonal-diff:4 row " + r);
            // (1 − B)(1 − B¹²) ln y
            assertEquals(r < 13 ? Double.NaN : ly[r] - ly[r - 1] - ly[r - 12] + ly[r - 13], full[r], TOL,
                    "log,seasonal-diff:12,diff row " + r);
        }
        assertEquals(13, TargetTransforms.parse("log,seasonal-diff:12,diff").warmup());
        assertEquals(1, TargetTransforms.parse("log,seasonal-diff:12,diff").maxSingleStepHorizon());
        assertEquals(12, TargetTransforms.parse("seasonal-diff:12").maxSingleStepHorizon());
        assertEquals(Integer.MAX_VALUE, TargetTransforms.parse("log").maxSingleStepHorizon());
    }

    @Test
    void singleValuesRoundTrip() {
        double[] y = series(60, 2);
        for (String text : CHAINS) {
            TargetTransforms chain = TargetTransforms.parse(text);
            double[] z = chain.apply(y);
            int maxH = Math.min(chain.maxSingleStepHorizon(), 6);
            for (int h = 1; h <= maxH; h++) {
                for (int r = chain.warmup() + h; r < y.length; r++) {
                    // the history: every level up to row r − h (the last known row); at least warmup of them
                    double[] history = java.util.Arrays.copyOfRange(y, Math.max(0, r - h + 1 - chain.warmup()),
                            r - h + 1);
                    double back = chain.invertAt(history, h, z[r]);
                    assertEquals(y[r], back, TOL * Math.abs(y[r]), text + " h " + h + " row " + r);
                }
            }
        }
    }

    @Test
    void pathsRoundTrip() {
        double[] y = series(70, 3);
        for (String text : CHAINS) {
            TargetTransforms chain = TargetTransforms.parse(text);
            double[] z = chain.apply(y);
            for (int last = Math.max(chain.warmup(), 1) - 1; last + 24 < y.length; last += 5) {
                double[] history = java.util.Arrays.copyOfRange(y, last + 1 - Math.max(chain.warmup(), 1), last + 1);
                double[] path = chain.invertPath(history, java.util.Arrays.copyOfRange(z, last + 1, last + 25));
                for (int h = 0; h < 24; h++) {
                    assertEquals(y[last + 1 + h], path[h], TOL * Math.abs(y[last + 1 + h]), text + " step " + (h + 1));
                }
            }
        }
    }

    /** The path of diff is a cumulative sum from the last level; seasonal-diff looks back into the path itself. */
    @Test
    void pathInversionByHand() {
        double[] history = {10, 12, 11};
        assertArrayEquals(new double[] {12, 11, 15}, TargetTransforms.parse("diff").invertPath(history,
                new double[] {1, -1, 4}), TOL);
        // seasonal-diff:2: y3 = z + y1, y4 = z + y2, y5 = z + y3 (an inverted value)
        assertArrayEquals(new double[] {13, 12, 14}, TargetTransforms.parse("seasonal-diff:2").invertPath(history,
                new double[] {1, 1, 1}), TOL);
        // log,diff: exp(ln 11 + cumulative sum)
        double[] p = TargetTransforms.parse("log,diff").invertPath(history, new double[] {Math.log(2), Math.log(3)});
        assertArrayEquals(new double[] {22, 66}, p, 1e-12 * 66);
        // a single step 2 rows ahead under seasonal-diff:2 reads the known y[last] = 11; under seasonal-diff:4, 3 ahead reads y[last − 1] = 12
        assertEquals(16, TargetTransforms.parse("seasonal-diff:4").invertAt(history, 3, 4), TOL);
        assertEquals(16, TargetTransforms.parse("seasonal-diff:2").invertAt(history, 2, 5), TOL);
    }

    @Test
    void aSingleStepBeyondTheSmallestLagIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TargetTransforms.parse("log,diff").invertAt(new double[] {1, 2}, 2, 0.5));
        assertEquals("log,diff cannot invert a single value 2 rows ahead (the lag 1 would need unknown rows)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TargetTransforms.parse("seasonal-diff:3").invertPath(new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void textRoundTrips() {
        for (String text : CHAINS) {
            assertEquals(text, TargetTransforms.parse(text).toString());
        }
        assertEquals("none", TargetTransforms.parse(" none ").toString());
        assertEquals(TargetTransforms.NONE, TargetTransforms.parse("none"));
        assertEquals("log,diff", TargetTransforms.parse("log , diff").toString());
        assertTrue(TargetTransforms.parse("seasonal-diff:12").differences());
    }

    @Test
    void badTextsAreUsageErrorsNamingTheField() {
        String grammar = "none, or log, log1p, diff, seasonal-diff:M (M from 1 to 10000) separated by commas, log or"
                + " log1p first";
        String[][] cases = {
            {"sqrt", "{{transform}}: expected " + grammar + ", got \"sqrt\""},
            {"seasonal-diff:0", "{{transform}}: expected seasonal-diff:M with a season M from 1 to 10000 (rows per "
                    + "season, 12 for monthly data), got \"seasonal-diff:0\""},
            {"seasonal-diff:10001", "{{transform}}: expected seasonal-diff:M with a season M from 1 to 10000 (rows "
                    + "per season, 12 for monthly data), got \"seasonal-diff:10001\""},
            {"seasonal-diff:x", "{{transform}}: expected seasonal-diff:M with a season M from 1 to 10000 (rows per "
                    + "season, 12 for monthly data), got \"seasonal-diff:x\""},
            {"seasonal-diff", "{{transform}}: expected " + grammar + ", got \"seasonal-diff\""},
            {"log,none", "{{transform}}: expected " + grammar + ", got \"none\" (none stands alone)"},
            {"log,", "{{transform}}: expected " + grammar + ", got \"log,\""},
            {"diff,log", "{{transform}}: expected " + grammar + ", got \"diff,log\" (one log or log1p, before the "
                    + "differences)"},
            {"log,log1p", "{{transform}}: expected " + grammar + ", got \"log,log1p\" (one log or log1p, before the "
                    + "differences)"},
            {"", "{{transform}}: expected " + grammar + ", got an empty value"},
        };
        for (String[] c : cases) {
            DataException e = assertThrows(DataException.class, () -> TargetTransforms.parse(c[0]), c[0]);
            assertEquals(DataException.USAGE, e.exitCode(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }
}
