package rnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Loss values and gradients worked by hand. */
class LossTest {

    private static final double TOL = 1e-15;

    @Test
    void mseMeanOverRowsAndOutputs() {
        double[] pred = {1.0, 2.0, 3.0, 5.0};
        double[] y = {0.0, 2.0, 1.0, 1.0};
        double[] d = new double[4];
        // errors 1, 0, 2, 4 → (1 + 0 + 4 + 16) / 4
        assertEquals(21.0 / 4, Loss.MSE.evaluate(pred, y, null, 2, 2, d), TOL);
        assertArrayEquals(new double[] {2 * 1 / 4.0, 0, 2 * 2 / 4.0, 2 * 4 / 4.0}, d, TOL);
    }

    @Test
    void maeAndHuber() {
        double[] pred = {0.5, -3.0};
        double[] y = {0.0, 0.0};
        double[] d = new double[2];
        assertEquals((0.5 + 3.0) / 2, Loss.MAE.evaluate(pred, y, null, 2, 1, d), TOL);
        assertArrayEquals(new double[] {0.5, -0.5}, d, TOL);
        // Huber δ = 1: ½·0.25 for |e| = 0.5; 3 − ½ for |e| = 3
        assertEquals((0.125 + 2.5) / 2, Loss.HUBER.evaluate(pred, y, null, 2, 1, d), TOL);
        assertArrayEquals(new double[] {0.5 / 2, -1.0 / 2}, d, TOL);
    }

    @Test
    void weightsExcludePaddedRows() {
        double[] pred = {1.0, 100.0, 3.0};
        double[] y = {0.0, 0.0, 0.0};
        double[] w = {1, 0, 1};
        double[] d = new double[3];
        assertEquals((1.0 + 9.0) / 2, Loss.MSE.evaluate(pred, y, w, 3, 1, d), TOL);
        assertEquals(0.0, d[1]);
    }

    @Test
    void crossEntropyByHand() {
        double[] logits = {0.0, Math.log(3.0)}; // softmax = (1/4, 3/4)
        double[] d = new double[2];
        assertEquals(-Math.log(0.75), Loss.XENT.evaluate(logits, new double[] {1}, null, 1, 2, d), TOL);
        assertArrayEquals(new double[] {0.25, -0.25}, d, TOL);
    }

    @Test
    void crossEntropyIsFiniteForHugeLogits() {
        double[] logits = {1000.0, -1000.0, 0.0, -1000.0, 1000.0, 1000.0};
        double[] d = new double[6];
        double l = Loss.XENT.evaluate(logits, new double[] {1, 0}, null, 2, 3, d);
        // row 0: true class has logit −1000, max 1000 → loss 2000; row 1: two tied maxima, true one at −1000 → 2000+ln 2
        assertEquals((2000.0 + 2000.0 + Math.log(2)) / 2, l, 1e-9);
        for (double v : d) {
            assertTrue(Double.isFinite(v));
        }
        assertEquals(0.5, d[0], TOL);
        assertEquals(-0.5, d[1], TOL);
    }

    @Test
    void classIndexOutOfRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.XENT.evaluate(new double[] {0, 0}, new double[] {2}, null, 1, 2, null));
        assertEquals("class index 2 outside 0..1", e.getMessage());
    }

    @Test
    void allRowsPaddedGivesZero() {
        double[] d = {9, 9};
        assertEquals(0.0, Loss.MSE.evaluate(new double[] {1, 2}, new double[] {0, 0}, new double[] {0, 0}, 2, 1, d));
        assertArrayEquals(new double[] {0, 0}, d);
    }
}
