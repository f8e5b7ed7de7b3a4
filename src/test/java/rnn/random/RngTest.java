package rnn.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void splitMix64ReferenceOutputs() {
        // first outputs of SplitMix64 seeded with 0, as published with the algorithm (Vigna's splitmix64.c)
        Rng r = new Rng(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
    }

    @Test
    void restoredStateRepeatsTheSequence() {
        Rng a = new Rng(42);
        a.nextDouble();
        long saved = a.state();
        double x = a.nextGaussian();
        int y = a.nextInt(17);
        Rng b = new Rng(7);
        b.setState(saved);
        assertEquals(x, b.nextGaussian());
        assertEquals(y, b.nextInt(17));
    }

    @Test
    void uniformAndGaussianMoments() {
        Rng r = new Rng(3);
        int n = 200_000;
        double s = 0;
        double s2 = 0;
        double g = 0;
        double g2 = 0;
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            assertTrue(u >= 0 && u < 1);
            s += u;
            s2 += u * u;
            double z = r.nextGaussian();
            g += z;
            g2 += z * z;
        }
        assertEquals(0.5, s / n, 0.005);
        assertEquals(1.0 / 12, s2 / n - 0.25, 0.002);
        assertEquals(0.0, g / n, 0.01);
        assertEquals(1.0, g2 / n, 0.02);
    }

    @Test
    void shuffleIsAPermutation() {
        int[] a = new int[100];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        new Rng(5).shuffle(a);
        boolean[] seen = new boolean[100];
        boolean moved = false;
        for (int i = 0; i < a.length; i++) {
            seen[a[i]] = true;
            moved |= a[i] != i;
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        assertTrue(moved);
    }
}
