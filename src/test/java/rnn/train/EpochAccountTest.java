package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An epoch's account, as loss.csv reports it: the training loss is the mean over rows (a batch weighs its rows,
 * so an uneven last batch counts for what it holds), grad_norm the largest gradient norm of the epoch's steps
 * (README: "the largest global gradient norm of the epoch"), and an account resumed mid-epoch from its saved
 * progress continues the same sums.
 */
class EpochAccountTest {

    @Test
    void theLossIsTheMeanOverRowsAndTheNormTheLargestOfTheSteps() {
        EpochAccount a = new EpochAccount(TrainerState.Progress.NONE);
        a.add(32, 1.0, 3.0);
        a.add(32, 2.0, 5.0);
        a.add(8, 4.0, 2.0);
        assertEquals((32 * 1.0 + 32 * 2.0 + 8 * 4.0) / 72, a.meanLoss(), 1e-15);
        assertEquals(72, a.rows());
        assertEquals(5.0, a.maxGradNorm());
    }

    @Test
    void anAccountResumedFromItsProgressContinuesTheSameSums() {
        EpochAccount straight = new EpochAccount(TrainerState.Progress.NONE);
        straight.add(32, 1.5, 4.0);
        EpochAccount resumed = new EpochAccount(straight.progress(1));
        straight.add(16, 0.5, 1.0);
        resumed.add(16, 0.5, 1.0);
        assertEquals(straight.meanLoss(), resumed.meanLoss());
        assertEquals(4.0, resumed.maxGradNorm());
        // totals from elsewhere (a data-parallel epoch): a loss sum and its rows
        resumed.addTotals(10.0, 20, 7.0);
        assertEquals((32 * 1.5 + 16 * 0.5 + 10.0) / 68, resumed.meanLoss(), 1e-15);
        assertEquals(7.0, resumed.maxGradNorm());
    }
}
