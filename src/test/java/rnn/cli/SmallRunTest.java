package rnn.cli;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the tests that use one small trained model: each test class gets its own temporary directory
 * {@link #dir}, and {@code dir/run} in it, a run of {@code rnn train} on sunspots (hidden size 3, one epoch,
 * {@code --features sunactivity}, {@link UseFixture#args}' defaults otherwise), trained once before the class's tests.
 */
abstract class SmallRunTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainOnce() throws IOException {
        // the series' own past and no time column, as these tests expect (without --features, the "date" column
        // would be taken as the time column and carried into the predictions: rnn.data.TimeColumnsTest)
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "3", "epochs", "1", "features",
                "sunactivity");
    }
}
