package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A 4-trial grid sweep run locally as child processes: every trial is a normal run directory trained with its
 * options; the leaderboard (CSV, Markdown on stdout, picture) lists the trials' own summary.json and loss.csv
 * values best first; running the command again skips the finished trials; a changed sweep is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepRunTest {

    @TempDir
    static Path dir;
    Path data;
    Path sweep;
    SweepFixture.Result first;

    private String[] args(String grid) {
        return SweepFixture.sweep(sweep, data, "--grid", grid, "--epochs", "2", "--window", "6", "--batch-size",
                "16", "--plot", "none", "--parallel", "2");
    }

    @BeforeAll
    void runSweep() throws IOException {
        data = SweepFixture.sine(dir, 80);
        sweep = dir.resolve("sweep");
        first = SweepFixture.run(args("hidden=3,6;lr=1e-3,2e-2"));
    }

    /** The trials' own results, best first, computed from their summary.json files. */
    private List<JsonNode> summariesBestFirst() throws IOException {
        List<JsonNode> s = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            s.add(SweepFixture.json(sweep.resolve("trial-00" + i).resolve("summary.json")));
        }
        s.sort(Comparator.comparingDouble((JsonNode n) -> n.get("best_loss").asDouble())
                .thenComparing(n -> n.get("run").asText()));
        return s;
    }

    @Test
    void everyTrialIsARunOfItsOwnOptions() throws IOException {
        assertEquals(0, first.code(), first.err());
        String[][] expected = {{"3", "1e-3"}, {"3", "2e-2"}, {"6", "1e-3"}, {"6", "2e-2"}};
        JsonNode record = SweepFixture.json(sweep.resolve("sweep.json"));
        for (int i = 0; i < 4; i++) {
            Path run = sweep.resolve("trial-00" + i);
            JsonNode config = SweepFixture.json(run.resolve("config.json"));
            assertEquals(Integer.parseInt(expected[i][0]), config.at("/model/hidden/0").asInt());
            assertEquals(Double.parseDouble(expected[i][1]), config.at("/training/lr").asDouble());
            assertEquals(2, config.at("/training/epochs").asInt());
            assertEquals(6, config.at("/data/window").asInt(), config.toString());
            assertEquals(1, config.at("/training/threads").asInt(), "2 trials at once on 2 cores: 1 thread each");
            assertTrue(Files.isRegularFile(run.resolve("last.safetensors")));
            assertEquals(expected[i][0], record.at("/trials/" + i + "/options/hidden").asText());
            assertEquals(expected[i][1], record.at("/trials/" + i + "/options/lr").asText());
            assertEquals("trial-00" + i, record.at("/trials/" + i + "/id").asText());
        }
    }

    @Test
    void leaderboardListsTheTrialsOwnResultsBestFirst() throws IOException {
        assertEquals(0, first.code(), first.err());
        List<JsonNode> best = summariesBestFirst();
        List<String[]> rows = SweepFixture.csvRows(sweep.resolve("leaderboard.csv"));
        assertEquals("rank,trial,hidden,lr,best_val_loss,best_epoch,epochs,status,error,run_dir",
                Files.readAllLines(sweep.resolve("leaderboard.csv")).get(0));
        assertEquals(4, rows.size());
        StringBuilder table = new StringBuilder("| rank | trial | hidden | lr | best val loss | best epoch | epochs | "
                + "status |\n|---|---|---|---|---|---|---|---|\n");
        for (int r = 0; r < 4; r++) {
            JsonNode s = best.get(r);
            Path run = Path.of(s.get("run").asText());
            String trial = run.getFileName().toString();
            JsonNode config = SweepFixture.json(run.resolve("config.json"));
            String[] row = rows.get(r);
            assertEquals(Integer.toString(r + 1), row[0]);
            assertEquals(trial, row[1]);
            assertEquals(config.at("/model/hidden/0").asInt(), Integer.parseInt(row[2]));
            assertEquals(config.at("/training/lr").asDouble(), Double.parseDouble(row[3]));
            assertEquals(s.get("best_loss").asDouble(), Double.parseDouble(row[4]), 0.0, trial);
            assertEquals(s.get("best_epoch").asInt(), Integer.parseInt(row[5]));
            assertEquals(s.get("epochs").asInt(), Integer.parseInt(row[6]));
            assertEquals(3, Files.readAllLines(run.resolve("loss.csv")).size(), "loss.csv: header and 2 epochs");
            assertEquals("done", row[7]);
            assertEquals("", row[8]);
            assertEquals(run.toString(), row[9]);
            table.append("| ").append(r + 1).append(" | ").append(trial).append(" | ").append(row[2]).append(" | ")
                    .append(row[3]).append(" | ").append(String.format(Locale.ROOT, "%.6g", s.get("best_loss")
                            .asDouble())).append(" | ").append(row[5]).append(" | 2 | done |\n");
        }
        assertEquals(table.toString(), first.out(), "stdout holds the table only");
        byte[] png = Files.readAllBytes(sweep.resolve("leaderboard.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    }

    @Test
    void runningItAgainSkipsFinishedTrialsAndAChangedSweepIsRefused() throws IOException {
        assertEquals(0, first.code(), first.err());
        List<FileTime> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(Files.getLastModifiedTime(sweep.resolve("trial-00" + i).resolve("last.safetensors")));
        }
        String board = Files.readString(sweep.resolve("leaderboard.csv"));
        SweepFixture.Result again;
        try (LogCapture log = new LogCapture()) {
            again = SweepFixture.run(args("hidden=3,6;lr=1e-3,2e-2"));
            assertTrue(log.text().contains("4 of 4 trials already trained to 2 epochs; skipping them"), log.text());
        }
        assertEquals(0, again.code(), again.err());
        assertEquals(first.out(), again.out());
        assertEquals(board, Files.readString(sweep.resolve("leaderboard.csv")));
        for (int i = 0; i < 4; i++) {
            assertEquals(before.get(i), Files.getLastModifiedTime(sweep.resolve("trial-00" + i)
                    .resolve("last.safetensors")), "trial " + i + " was not trained again");
        }
        SweepFixture.Result changed = SweepFixture.run(args("hidden=3,6;lr=1e-3,3e-2"));
        assertEquals(2, changed.code(), changed.err());
        assertEquals("rnn: " + sweep.resolve("sweep.json") + ": this directory holds a different sweep (grid was "
                + "{\"hidden\":[\"3\",\"6\"],\"lr\":[\"1e-3\",\"2e-2\"]}, now "
                + "{\"hidden\":[\"3\",\"6\"],\"lr\":[\"1e-3\","
                + "\"3e-2\"]}); run the original command again to continue it, or choose another --out (see 'rnn "
                + "sweep --help')", changed.lastErrLine());
        assertEquals(board, Files.readString(sweep.resolve("leaderboard.csv")), "nothing mixed in");
    }
}
