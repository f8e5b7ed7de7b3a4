package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 3 from the command line: a model that beats the naive forecast says so on its last line, the
 * majority class in eval, bad {@code --season} values. (The train log's baselines and the losing case:
 * {@link EvalSplitRunTest}.)
 */
class BaselinesRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(Path p) throws Exception {
        return JSON.readTree(p.toFile());
    }

    @Test
    void aModelThatBeatsTheBaselinesSaysSoOnItsLastLine() throws Exception {
        // ±10 alternating: "no change" is always 20 off (loss 4 in z-score units), the mean (≈ 0) already 1
        StringBuilder b = new StringBuilder("v\n");
        for (int r = 0; r < 60; r++) {
            b.append(r % 2 == 0 ? 10 : -10).append('\n');
        }
        Files.writeString(dir.resolve("alt.csv"), b);
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--hidden", "2", "--window", "4", "--threads", "1",
                "--plot", "none", "--out", "alt", "alt.csv");
        assertEquals(0, r.code(), r.err());
        JsonNode summary = json(dir.resolve("alt/summary.json"));
        assertEquals(String.format(java.util.Locale.ROOT, "validation RMSE of the best model %.5g beats the naive last "
                + "value (20.000)", summary.get("baselines").get("model_rmse").asDouble()), r.lastErrLine());
        assertTrue(summary.get("baselines").get("beaten_by_model").asBoolean());
        assertFalse(summary.get("baselines").has("seasonal_naive"));
        assertTrue(r.err().contains("season: none (no time column to infer it from): no seasonal-naive baseline;"
                + " give --season M for one"), r.err());
    }

    @Test
    void aClassifiersMajorityClassInEval() throws Exception {
        // shapes-long.csv: 100 sequences each of circle, line, zigzag; with --val the training part is the whole file:
        // a three-way tie goes to the first class (circle): accuracy 1/3, log-loss ln 3
        Path shapes = Path.of("sample-data", "shapes-long.csv").toAbsolutePath();
        assertTrue(Files.exists(shapes));
        UseFixture.train(shapes, dir.resolve("shapes"), "hidden", "2", "epochs", "1", "id", "id", "time", "step",
                "target", "shape", "loss", "xent", "val", shapes.toString());
        UseFixture.Output o = UseFixture.run("eval", "--json", "--threads", "1", "--model",
                dir.resolve("shapes").toString(), shapes.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode m = JSON.readTree(o.out()).at("/baselines/majority");
        assertEquals("circle", m.get("class").asText());
        assertEquals(1.0 / 3, m.get("accuracy").asDouble(), 1e-12);
        assertEquals(Math.log(3), m.get("log_loss").asDouble(), 1e-12);
        UseFixture.Output table = UseFixture.run("eval", "--threads", "1", "--model", dir.resolve("shapes").toString(),
                shapes.toString());
        assertTrue(table.out().contains("\nmajority  accuracy 0.333333, log-loss 1.09861 (baseline: the training part's"
                + " most frequent class (\"circle\"); log-loss of its class frequencies)\n"), table.out());
    }

    @Test
    void badSeasonsAreUsageErrors() throws Exception {
        Files.writeString(dir.resolve("alt.csv"), "v\n1\n-1\n1\n-1\n1\n-1\n");
        String bad = dir.resolve("bad").toString();
        for (String m : new String[] {"0", "1"}) {
            UseFixture.Output o = UseFixture.run("train", "--season", m, "--out", bad, dir.resolve("alt.csv").toString());
            assertEquals(2, o.code(), o.err());
            assertEquals("rnn: --season: expected a whole number >= 2 (the rows in one seasonal cycle), got " + m
                    + " (see 'rnn train --help')", o.err().lines().findFirst().orElseThrow());
        }
        Files.writeString(dir.resolve("ids.csv"), "id,x,y\na,1,2\na,2,3\nb,3,4\nb,4,5\n");
        UseFixture.Output o = UseFixture.run("train", "--season", "4", "--id", "id", "--out", bad,
                dir.resolve("ids.csv").toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: --season: expected none outside the window layout (it sets the seasonal-naive baseline), "
                + "got 4 with the long layout (see 'rnn train --help')", o.err().lines().findFirst().orElseThrow());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }

}
