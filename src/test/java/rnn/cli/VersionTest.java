package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The tests run from target/classes, without a jar manifest, as a Spark run does (scripts/rnn runs
 * target/spark/classes): the version still comes from the build (rnn/version.properties), so runs, checkpoints and
 * ONNX exports made there say which rnn made them.
 */
class VersionTest {

    @Test
    void withoutAManifestTheVersionIsThePomsVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>rnn</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertEquals(true, m.find(), "the project's version in pom.xml");
        assertEquals(m.group(1), ManifestVersionProvider.version());
        assertEquals("rnn " + m.group(1), new ManifestVersionProvider().getVersion()[0]);
    }
}
