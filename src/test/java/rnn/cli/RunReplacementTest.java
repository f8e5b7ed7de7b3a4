package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --out RUN --overwrite}: nothing good is destroyed before its replacement is ready. */
class RunReplacementTest {

    @TempDir
    Path dir;

    private static int train(Path out, Path data, String... more) {
        String[] base = {"train", "--quiet", "--epochs", "2", "--hidden", "3", "--threads", "1", "--plot", "none",
            "--out", out.toString()};
        String[] all = new String[base.length + more.length + 1];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        all[all.length - 1] = data.toString();
        return UseFixture.run(all).code();
    }

    /** Every file under {@code root}, relative name → bytes (as text of the bytes, for a readable diff). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(root.relativize(p).toString(), java.util.Arrays.toString(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    @Test
    void overwriteWithBadDataLeavesTheOldRunByteIdentical() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, UseFixture.sunspots()));
        Map<String, String> before = snapshot(run);
        assertTrue(before.containsKey("last.safetensors") && before.containsKey("checkpoints/epoch-0002.safetensors"),
                before.keySet().toString());
        Path bad = Files.writeString(dir.resolve("bad.csv"), "year,sunactivity\n1700,5\n1701,n/a\n");
        try (LogCapture log = new LogCapture()) {
            assertEquals(ExitCodes.DATA, train(run, bad, "--overwrite"));
            assertTrue(log.text().contains("bad.csv:3:2 (column \"sunactivity\"): expected a number"), log.text());
        }
        assertEquals(before, snapshot(run), "the earlier run, byte for byte");
    }

    @Test
    void overwriteReplacesOnlyTheFilesOfTheEarlierRun() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, UseFixture.sunspots(), "--epochs", "4"));
        Files.writeString(run.resolve("notes.txt"), "keep me");
        assertEquals(0, train(run, UseFixture.sunspots(), "--overwrite"));
        assertEquals("keep me", Files.readString(run.resolve("notes.txt")));
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-0004.safetensors")), "the earlier run's epochs went");
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-0002.safetensors")));
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".replaced-by-")).count(),
                    "nothing set aside is left");
        }
    }

    /** {@code --out . --overwrite} in a folder with the user's own config.json: refused, nothing deleted. */
    @Test
    void overwriteNeverTouchesAConfigJsonRnnDidNotWrite() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("project"));
        Files.writeString(mine.resolve("config.json"), "{\"my\": \"settings\"}");
        Files.writeString(mine.resolve("loss.csv"), "my,own\n");
        Map<String, String> before = snapshot(mine);
        try (LogCapture log = new LogCapture()) {
            int code = train(mine, UseFixture.sunspots(), "--overwrite");
            assertEquals(ExitCodes.USAGE, code);
        }
        UseFixture.Output o = UseFixture.run("train", "--quiet", "--epochs", "1", "--out", mine.toString(),
                "--overwrite", UseFixture.sunspots().toString());
        assertEquals("rnn: --out " + mine + ": config.json there was not written by rnn; --overwrite replaces only "
                + "the files of an earlier rnn run, never others; choose another --out (see 'rnn train --help')",
                o.err().strip());
        assertEquals(before, snapshot(mine), "the user's files, byte for byte");
    }

    @Test
    void overwriteRefusesRunFileNamesWithoutAnRnnConfig() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("other"));
        Files.writeString(mine.resolve("train.log"), "mine");
        UseFixture.Output o = UseFixture.run("train", "--quiet", "--epochs", "1", "--out", mine.toString(),
                "--overwrite", UseFixture.sunspots().toString());
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertEquals("rnn: --out " + mine + ": it holds train.log but no config.json of an rnn run; --overwrite "
                + "replaces only the files of an earlier rnn run, never others; choose another --out (see 'rnn "
                + "train --help')", o.err().strip());
        assertEquals("mine", Files.readString(mine.resolve("train.log")));
    }

    /**
     * Two runs into one directory: while another process (a child JVM) holds it, {@code train --out} and
     * {@code train --resume} are refused with exit 4 and a line naming the holder, and nothing is changed.
     */
    @Test
    void aRunIntoADirectoryAnotherProcessHoldsIsRefusedNamingIt() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, train(run, UseFixture.sunspots()));
        Map<String, String> before = snapshot(run);
        Process holder = rnn.io.LockHolder.start(run);
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                holder.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertEquals("locked", r.readLine());
            String expected = "error: " + run + ": another rnn run is writing into this run directory: pid "
                    + holder.pid() + " on host ";
            try (LogCapture log = new LogCapture()) {
                assertEquals(ExitCodes.MODEL_OR_IO, train(run, UseFixture.sunspots(), "--overwrite"));
                assertTrue(log.text().contains(expected), log.text());
                assertTrue(log.text().contains("; wait for it to finish, or write elsewhere with --out\n"),
                        log.text());
            }
            try (LogCapture log = new LogCapture()) {
                UseFixture.Output o = UseFixture.run("train", "--quiet", "--resume", run.toString(), "--epochs", "3");
                assertEquals(ExitCodes.MODEL_OR_IO, o.code(), o.err());
                assertTrue(log.text().contains(expected), log.text());
            }
            Map<String, String> after = snapshot(run);
            assertEquals(before.keySet(), after.keySet());
            before.remove(".rnn.lock");
            after.remove(".rnn.lock"); // the holder wrote its name there
            assertEquals(before, after, "the run, byte for byte");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroyForcibly();
        }
    }
}
