package rnn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RNN_JAVA_OPTS}, which the memory messages name as the fix, reaches the JVM that scripts/rnn starts. */
class JavaOptionsIT {

    @TempDir
    Path dir;

    @Test
    void theHeapOfRnnJavaOptsIsTheOneTheMemoryCheckSees() throws Exception {
        ProcessRun r = ProcessRun.run(Map.of("RNN_JAVA_OPTS", "-Xmx64m"), List.of("bash", "scripts/rnn", "train",
                "--gru-variant", "classic", "--window", "280", "--batch-size", "1000", "--hidden", "512", "--out", dir.resolve("run").toString(),
                "sample-data/sunspots.csv"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().matches("(?s).*\nrnn: training needs about 349\\.5 MB .*, more than the 6[0-9]\\.[0-9] "
                + "MB this JVM may use; .*RNN_JAVA_OPTS=-Xmx417m \\(see 'rnn train --help'\\)"), r.err());
    }
}
