package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The documented default: one thread per 256 units of the widest layer; as many trials at once as cores allow. */
class ParallelRuleTest {

    @Test
    void smallTrialsRunOnePerCore() {
        assertEquals(1, ParallelRule.threadsPerTrial(64, 8));
        assertEquals(1, ParallelRule.threadsPerTrial(256, 8));
        assertEquals(8, ParallelRule.parallel(20, 1, 8));
        assertEquals(3, ParallelRule.parallel(3, 1, 8), "never more at once than trials");
    }

    @Test
    void wideTrialsShareTheCores() {
        assertEquals(2, ParallelRule.threadsPerTrial(257, 8));
        assertEquals(4, ParallelRule.threadsPerTrial(1024, 8));
        assertEquals(2, ParallelRule.parallel(10, 4, 8));
        assertEquals(2, ParallelRule.threadsPerTrial(100_000, 2), "at most the cores");
        assertEquals(1, ParallelRule.parallel(10, 2, 2));
    }

    @Test
    void givenParallelSplitsTheCores() {
        assertEquals(4, ParallelRule.threadsFor(2, 8));
        assertEquals(2, ParallelRule.threadsFor(3, 8));
        assertEquals(1, ParallelRule.threadsFor(16, 8), "at least one");
    }
}
