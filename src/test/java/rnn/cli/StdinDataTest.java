package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code -} as the data of {@code rnn predict}, {@code rnn eval} and {@code rnn train}: standard input, read once
 * as a stream, as the file would be.
 */
class StdinDataTest extends SmallRunTest {

    /** Runs the command line with {@code stdin} as System.in (restored afterwards). */
    private static UseFixture.Output withStdin(byte[] stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return UseFixture.run(args);
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void predictFromStdinWritesWhatPredictFromTheFileWrites() throws IOException {
        String model = dir.resolve("run").toString();
        UseFixture.Output fromFile = UseFixture.run("predict", "--quiet", "--model", model,
                UseFixture.sunspots().toString());
        UseFixture.Output fromStdin = withStdin(Files.readAllBytes(UseFixture.sunspots()), "predict", "--quiet",
                "--model", model, "-");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(0, fromStdin.code(), fromStdin.err());
        assertEquals(1 + 290, fromFile.out().lines().count(), "header + 289 windows of sunspots + the forecast");
        assertEquals(fromFile.out(), fromStdin.out());
    }

    @Test
    void evalFromStdinReportsWhatEvalOfTheFileReports() throws IOException {
        String model = dir.resolve("run").toString();
        UseFixture.Output fromFile = UseFixture.run("eval", "--quiet", "--json", "--model", model,
                UseFixture.sunspots().toString());
        UseFixture.Output fromStdin = withStdin(Files.readAllBytes(UseFixture.sunspots()), "eval", "--quiet",
                "--json", "--model", model, "-");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(0, fromStdin.code(), fromStdin.err());
        assertTrue(fromFile.out().contains("\"rmse\""), fromFile.out());
        assertTrue(fromStdin.out().contains("\"data\" : \"-\""), "the data as given: " + fromStdin.out());
        assertEquals(fromFile.out().replace(UseFixture.sunspots().toString(), "-"), fromStdin.out(),
                "the same report but for the data's name");
    }

    /** In a child JVM with a real pipe on its standard input: the error names "<stdin>", line and column. */
    @Test
    void aBadValueOnStdinIsNamedByStdinLineAndColumn() throws IOException, InterruptedException {
        // line 1 the header, line 2 the first row, line 4 the bad value in column 2
        byte[] csv = "year,sunactivity\n1700,5\n1701,11\n1702,n/a\n".getBytes(StandardCharsets.UTF_8);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = Cli.start(dir, out, err, "predict", "--model", dir.resolve("run").toString(), "-");
        try (OutputStream in = p.getOutputStream()) {
            in.write(csv);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rnn predict did not finish");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitCodes.DATA, p.exitValue(), stderr);
        assertTrue(stderr.contains("<stdin>:4:2 (column \"sunactivity\"): expected a number, got \"n/a\""), stderr);
        assertEquals("", Files.readString(out, StandardCharsets.UTF_8), "no partial output");
    }

    /**
     * {@code rnn train -}: standard input is read once, as a stream, and the run records "-" and the SHA-256 of the
     * bytes it trained on (computed here independently, by MessageDigest over the same bytes).
     */
    @Test
    void trainingFromStdinRecordsTheChecksumOfWhatItRead() throws Exception {
        byte[] csv = Files.readAllBytes(UseFixture.sunspots());
        UseFixture.Output o = withStdin(csv, "train", "--quiet", "--epochs", "1", "--hidden", "3", "--threads", "1",
                "--plot", "none", "--out", dir.resolve("from-stdin").toString(), "-");
        assertEquals(0, o.code(), o.err());
        JsonNode config = new ObjectMapper().readTree(dir.resolve("from-stdin/config.json").toFile());
        assertEquals("-", config.at("/input/file").asText());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)),
                config.at("/input/sha256").asText());
    }

    /** {@code rnn train /dev/stdin} in a child JVM with a real pipe: read once (the old second read saw nothing). */
    @Test
    void trainingFromDevStdinReadsThePipeOnce() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/stdin")), "a system with /dev/stdin");
        byte[] csv = Files.readAllBytes(UseFixture.sunspots());
        Path out = dir.resolve("devstdin-out.txt");
        Path err = dir.resolve("devstdin-err.txt");
        Process p = Cli.start(dir, out, err, "train", "--epochs", "1", "--hidden", "3", "--plot", "none", "--out",
                "devstdin-run", "/dev/stdin");
        try (OutputStream in = p.getOutputStream()) {
            in.write(csv);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rnn train /dev/stdin did not finish");
        assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
        JsonNode config = new ObjectMapper().readTree(dir.resolve("devstdin-run/config.json").toFile());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv)),
                config.at("/input/sha256").asText());
    }

    @Test
    void anUnknownLayoutIsWordedByTheCommandLine() {
        UseFixture.Output o = UseFixture.run("train", "--layout", "tall", "--out", dir.resolve("never2").toString(),
                UseFixture.sunspots().toString());
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--layout: expected one of window, long, wide, text, got \"tall\""), o.err());
        UseFixture.Output m = UseFixture.run("train", "--missing", "skip", "--out",
                dir.resolve("never3").toString(), UseFixture.sunspots().toString());
        assertEquals(ExitCodes.USAGE, m.code(), m.err());
        assertTrue(m.err().contains("--missing: expected one of error, drop, ffill, got \"skip\""), m.err());
    }
}
