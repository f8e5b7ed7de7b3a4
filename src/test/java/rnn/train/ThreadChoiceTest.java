package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import rnn.data.LoadedData;
import rnn.train.TrainerFixture.Options;

/** What a run tells {@code --threads 0} about its size ({@link Trainer#rowSteps}). */
class ThreadChoiceTest {

    /**
     * The bundled sunspots: 309 rows give 289 windows of 20 steps, 231 training and 58 validation; an epoch passes
     * each training step 3 times (forward and backward) and each validation step once: 3·231·20 + 58·20 = 15,020.
     */
    @Test
    void aRunCountsItsStepsOverAllEpochs() {
        LoadedData data = TrainerFixture.data();
        assertEquals(231, data.train().size());
        assertEquals(58, data.validation().size());
        assertEquals(20 * 15_020L, Trainer.rowSteps(TrainerFixture.config(Options.of(20), Path.of("unused")), data));
        assertEquals(1000 * 15_020L,
                Trainer.rowSteps(TrainerFixture.config(Options.of(1000), Path.of("unused")), data));
    }
}
