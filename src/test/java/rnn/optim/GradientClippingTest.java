package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import rnn.nn.Param;
import rnn.nn.Parameters;

/**
 * Clipping with gradients whose norms are worked by hand: a = (0.3, 0.4, 0) has norm 0.5;
 * a = (3, 4, 0), w = (0, 0, 12, 0) has norm √(9 + 16 + 144) = 13.
 */
class GradientClippingTest {

    private static final double TOL = 1e-12;

    private final Param a = new Param("a", 3);
    private final Param w = new Param("w", 2, 2);
    private final Parameters params = new Parameters(List.of(a, w));

    private void setGradients(double[] ga, double[] gw) {
        System.arraycopy(ga, 0, a.grad.data, 0, 3);
        System.arraycopy(gw, 0, w.grad.data, 0, 4);
    }

    @Test
    void aGradientWithinTheLimitIsLeftUnchangedBitForBit() {
        setGradients(new double[] {0.3, 0.4, 0}, new double[4]);

        double norm = GradientClipping.clipByGlobalNorm(params, 1.0);

        assertEquals(0.5, norm, TOL);
        assertArrayEquals(new double[] {0.3, 0.4, 0}, a.grad.data, 0.0);
        assertArrayEquals(new double[4], w.grad.data, 0.0);
    }

    @Test
    void aLargeGradientIsScaledToTheLimitKeepingItsDirection() {
        setGradients(new double[] {3, 4, 0}, new double[] {0, 0, 12, 0});

        double norm = GradientClipping.clipByGlobalNorm(params, 2.0);

        assertEquals(13.0, norm, TOL);
        assertEquals(2.0, params.gradNorm(), 1e-6);
        double scale = 2.0 / (13.0 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 4 * scale, 0}, a.grad.data, TOL);
        assertArrayEquals(new double[] {0, 0, 12 * scale, 0}, w.grad.data, TOL);
        // direction: the ratios between entries are those of (3, 4, 12)
        assertEquals(4.0 / 3.0, a.grad.data[1] / a.grad.data[0], TOL);
        assertEquals(4.0, w.grad.data[2] / a.grad.data[0], TOL);
    }

    @Test
    void zeroMaxNormIsOffButStillReturnsTheNorm() {
        setGradients(new double[] {3, 4, 0}, new double[] {0, 0, 12, 0});

        double norm = GradientClipping.clipByGlobalNorm(params, 0);

        assertEquals(13.0, norm, TOL);
        assertArrayEquals(new double[] {3, 4, 0}, a.grad.data, 0.0);
        assertArrayEquals(new double[] {0, 0, 12, 0}, w.grad.data, 0.0);
    }

    @Test
    void aNonFiniteNormLeavesTheGradientsAloneAndIsReturned() {
        setGradients(new double[] {3, Double.NaN, 0}, new double[] {0, 0, 12, 0});
        assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(params, 1.0)));
        assertArrayEquals(new double[] {3, Double.NaN, 0}, a.grad.data, 0.0);
        assertArrayEquals(new double[] {0, 0, 12, 0}, w.grad.data, 0.0);

        setGradients(new double[] {3, Double.POSITIVE_INFINITY, 0}, new double[] {0, 0, 12, 0});
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.clipByGlobalNorm(params, 1.0));
        assertArrayEquals(new double[] {3, Double.POSITIVE_INFINITY, 0}, a.grad.data, 0.0);
        assertArrayEquals(new double[] {0, 0, 12, 0}, w.grad.data, 0.0);
    }

    /** Clipping by value clamps each entry to ±limit; limit 0 is off and leaves every entry as it is. */
    @ParameterizedTest(name = "limit {0}")
    @MethodSource("valueLimits")
    void clippingByValueClampsEachEntry(double limit, double[] expectedA, double[] expectedW) {
        setGradients(new double[] {3, -4, 0.5}, new double[] {-0.25, 1.0, -1.0, 12});

        GradientClipping.clipByValue(params, limit);

        assertArrayEquals(expectedA, a.grad.data, 0.0);
        assertArrayEquals(expectedW, w.grad.data, 0.0);
    }

    static Stream<Arguments> valueLimits() {
        return Stream.of(
                Arguments.of(1.0, new double[] {1.0, -1.0, 0.5}, new double[] {-0.25, 1.0, -1.0, 1.0}),
                Arguments.of(0.0, new double[] {3, -4, 0.5}, new double[] {-0.25, 1.0, -1.0, 12}));
    }

    @Test
    void rejectsNegativeLimits() {
        IllegalArgumentException norm = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByGlobalNorm(params, -1));
        assertEquals("{{clip_norm}}: expected a non-negative number, got -1.0", norm.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> GradientClipping.clipByValue(params, -0.5));
        assertEquals("{{clip_value}}: expected a non-negative number, got -0.5", value.getMessage());
    }
}
