package rnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class LrScheduleTest {

    private static final double TOL = 1e-15;

    /** Reports {@code count} epochs of {@code loss}, checking that the rate stays {@code lr} throughout. */
    private static void epochs(LrSchedule s, double loss, int count, double lr) {
        for (int i = 0; i < count; i++) {
            s.endEpoch(loss);
            assertEquals(lr, s.lrForEpoch(0), TOL, "after a report of " + loss);
        }
    }

    @Test
    void constantIsTheSameEveryEpoch() {
        LrSchedule s = LrSchedule.of("constant", 0.003, 20);
        assertInstanceOf(ConstantLr.class, s);
        assertEquals(0.003, s.lrForEpoch(0));
        assertEquals(0.003, s.lrForEpoch(19));
        s.endEpoch(5.0);
        assertEquals(0.003, s.lrForEpoch(1000));
        assertArrayEquals(new double[0], s.state());
    }

    @Test
    void stepHalvesEveryTenEpochsByDefault() {
        LrSchedule s = LrSchedule.of("step", 0.1, 50);
        assertInstanceOf(StepDecayLr.class, s);
        assertEquals(0.1, s.lrForEpoch(0), TOL);
        assertEquals(0.1, s.lrForEpoch(9), TOL);
        assertEquals(0.05, s.lrForEpoch(10), TOL);
        assertEquals(0.05, s.lrForEpoch(19), TOL);
        assertEquals(0.025, s.lrForEpoch(20), TOL);
        assertEquals(0.0125, s.lrForEpoch(35), TOL);
    }

    @Test
    void stepWithOtherSettings() {
        LrSchedule s = new StepDecayLr(0.1, 3, 0.1);
        assertEquals(0.1, s.lrForEpoch(2), TOL);
        assertEquals(0.01, s.lrForEpoch(3), TOL);
        assertEquals(0.001, s.lrForEpoch(6), TOL);
    }

    /** cos(π/10) = √((5 + √5)/8) = 0.9510565162951535. */
    @Test
    void cosineAtTheStartMiddleAndEnd() {
        LrSchedule s = LrSchedule.of("cosine", 0.1, 10);
        assertInstanceOf(CosineAnnealingLr.class, s);
        assertEquals(0.1, s.lrForEpoch(0), TOL);
        assertEquals(0.05, s.lrForEpoch(5), TOL);                      // (1 + cos(π/2))/2 = 1/2
        assertEquals(0.05 * (1 - 0.9510565162951535), s.lrForEpoch(9), TOL);   // last epoch, cos(9π/10) = −cos(π/10)
        assertEquals(0.0, s.lrForEpoch(10), TOL);
        assertEquals(0.0, s.lrForEpoch(15), TOL, "stays at the minimum after the planned epochs");
    }

    @Test
    void cosineWithAMinimum() {
        LrSchedule s = new CosineAnnealingLr(0.1, 0.01, 4);
        assertEquals(0.1, s.lrForEpoch(0), TOL);
        assertEquals(0.055, s.lrForEpoch(2), TOL);
        assertEquals(0.01 + 0.09 * (1 - Math.sqrt(0.5)) / 2, s.lrForEpoch(3), TOL);   // cos(3π/4) = −√½
        assertEquals(0.01, s.lrForEpoch(4), TOL);
    }

    @Test
    void plateauReducesAfterPatienceNonImprovingEpochsAndNotBefore() {
        LrSchedule s = LrSchedule.of("plateau", 0.1, 20);
        assertInstanceOf(ReduceLrOnPlateau.class, s);
        assertEquals(0.1, s.lrForEpoch(0));

        epochs(s, 1.0, 1, 0.1);     // first report: an improvement on +∞
        epochs(s, 0.9, 1, 0.1);     // improvement
        epochs(s, 0.95, 3, 0.1);    // 3 epochs without improvement are tolerated (patience 3)
        epochs(s, 0.95, 1, 0.05);   // the 4th halves the rate
        epochs(s, 0.95, 3, 0.05);   // the count starts again
        epochs(s, 0.95, 1, 0.025);
    }

    @Test
    void plateauImprovementMustExceedTheRelativeThreshold() {
        LrSchedule s = LrSchedule.of("plateau", 0.1, 20);
        epochs(s, 0.9, 1, 0.1);
        epochs(s, 0.89995, 3, 0.1);   // above 0.9·(1 − 1e-4) = 0.89991: not an improvement
        epochs(s, 0.8999, 1, 0.1);    // below it: an improvement, the count restarts
        epochs(s, 0.8999, 3, 0.1);
        epochs(s, 0.8999, 1, 0.05);
    }

    @Test
    void plateauCountsNaNAsNoImprovement() {
        LrSchedule s = LrSchedule.of("plateau", 0.1, 20);
        epochs(s, 1.0, 1, 0.1);
        epochs(s, Double.NaN, 3, 0.1);
        epochs(s, Double.NaN, 1, 0.05);
    }

    @Test
    void plateauRespectsTheMinimumRate() {
        LrSchedule s = LrSchedule.of("plateau", 3e-6, 50);
        epochs(s, 1.0, 1, 3e-6);
        epochs(s, 1.0, 3, 3e-6);
        epochs(s, 1.0, 1, 1.5e-6);
        epochs(s, 1.0, 3, 1.5e-6);
        epochs(s, 1.0, 1, 1e-6);      // max(7.5e-7, 1e-6)
        epochs(s, 1.0, 8, 1e-6);      // never below
    }

    @Test
    void plateauStateRoundTripContinuesIdentically() {
        LrSchedule original = LrSchedule.of("plateau", 0.1, 20);
        for (double loss : new double[] {1.0, 0.9, 0.95, 0.95}) {
            original.endEpoch(loss);
        }
        double[] state = original.state();
        assertArrayEquals(new double[] {0.1, 0.9, 2}, state, 0.0);   // [lr, best, bad epochs]
        LrSchedule resumed = LrSchedule.of("plateau", 0.1, 20);
        resumed.setState(state);
        LrSchedule fresh = LrSchedule.of("plateau", 0.1, 20);

        double[] continuation = {0.95, 0.95, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85};
        double[] expected = {0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025};
        for (int i = 0; i < continuation.length; i++) {
            original.endEpoch(continuation[i]);
            resumed.endEpoch(continuation[i]);
            fresh.endEpoch(continuation[i]);
            assertEquals(expected[i], original.lrForEpoch(4 + i), TOL, "epoch " + (4 + i));
            assertEquals(original.lrForEpoch(4 + i), resumed.lrForEpoch(4 + i), 0.0, "epoch " + (4 + i));
        }
        assertArrayEquals(original.state(), resumed.state(), 0.0);
        assertNotEquals(original.lrForEpoch(12), fresh.lrForEpoch(12), "without the state the run differs");
    }

    @Test
    void statelessSchedulesRoundTripAnEmptyState() {
        for (String name : LrSchedule.NAMES) {
            LrSchedule s = LrSchedule.of(name, 0.1, 10);
            LrSchedule copy = LrSchedule.of(name, 0.1, 10);
            copy.setState(s.state());
            for (int e = 0; e < 12; e++) {
                assertEquals(s.lrForEpoch(e), copy.lrForEpoch(e), 0.0, name + " epoch " + e);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("cosine", 0.1, 10).setState(new double[] {1}));
        assertEquals("lr schedule cosine state: expected 0 values, got 1", e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("plateau", 0.1, 10).setState(new double[] {0.1, 1.0}));
        assertEquals("lr schedule plateau state: expected 3 values, got 2", p.getMessage());
    }

    @Test
    void factoryNamesAndErrors() {
        assertEquals(List.of("constant", "step", "cosine", "plateau"), LrSchedule.NAMES);
        for (String name : LrSchedule.NAMES) {
            assertEquals(name, LrSchedule.of(name, 0.1, 10).name());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("exponential", 0.1, 10));
        assertEquals("{{lr_schedule}}: expected one of constant, step, cosine, plateau, got \"exponential\"",
                unknown.getMessage());
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("constant", -1, 10));
        assertEquals("{{lr}}: expected a positive number, got -1.0", lr.getMessage());
        // the same rule as the command line's --lr: a base rate of 0 would train nothing
        for (String name : LrSchedule.NAMES) {
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> LrSchedule.of(name, 0, 10));
            assertEquals("{{lr}}: expected a positive number, got 0.0", zero.getMessage(), name);
        }
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> LrSchedule.of("cosine", 0.1, 0));
        assertEquals("{{epochs}}: expected a positive integer, got 0", epochs.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.of("step", 0.1, 10).lrForEpoch(-1));
    }
}
