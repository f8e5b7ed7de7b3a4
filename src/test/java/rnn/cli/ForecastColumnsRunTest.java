package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, items 5 and 6 from the command line: the Nile case, {@code --missing-target}, its bad values. */
class ForecastColumnsRunTest {

    @TempDir
    Path dir;

    /** A year,value file (Nile-like): 40 years of flows with a gap in the target on line 12. */
    private Path nile() throws Exception {
        StringBuilder b = new StringBuilder("year,value\n");
        for (int r = 0; r < 40; r++) {
            b.append(1871 + r).append(',').append(r == 10 ? "" : Integer.toString(1100 - 3 * r + (r * 37) % 200))
                    .append('\n');
        }
        return Files.writeString(dir.resolve("nile.csv"), b);
    }

    @Test
    void theNileFileTrainsOnItsOwnPastWithYearAsTimeAndSaysSoFirst() throws Exception {
        nile();
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--hidden", "2", "--window", "5", "--threads", "1",
                "--plot", "none", "--batch-size", "8", "--missing-target", "interpolate", "--out", "run", "nile.csv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        int layout = -1;
        for (int i = 0; i < lines.size() && layout < 0; i++) {
            layout = lines.get(i).contains("layout: window, 1 series, ordered by \"year\"") ? i : -1;
        }
        assertTrue(layout >= 0, r.err());
        assertTrue(lines.get(layout + 1).endsWith("time: \"year\" (its name says time and it increases by 1 on every"
                + " row: taken as the time column, not a feature; name another with --time, or list it in --features"
                + " to use it as a feature)"), r.err());
        assertTrue(lines.get(layout + 2).endsWith("features (1): value (the target series' own past)"), r.err());
        assertTrue(r.err().contains("missing values: error (features), interpolate (targets)"), r.err());
        // no warning about the data (the only one may be the end-of-training line on the baselines, issue 12 item 3)
        assertTrue(r.err().lines().filter(l -> l.contains("warning")).allMatch(l -> l.startsWith("warning: "
                + "validation RMSE of the best model ") && l.contains(" does NOT beat the naive last value (")), r.err());
        assertTrue(r.err().contains("season: none (the step of \"year\", a step of 1, implies none): no "
                + "seasonal-naive baseline; give --season M for one"), r.err());
        JsonNode data = new ObjectMapper().readTree(dir.resolve("run/config.json").toFile()).get("data");
        assertEquals("interpolate", data.get("missing_target").asText());
        assertEquals("year", data.get("time").asText(), "the detected time is recorded, so --config repeats it");

        // eval of the training file: the interpolated target is not scored (its rows are dropped)
        Cli.Result eval = Cli.run(dir, "eval", "--model", "run", "nile.csv");
        assertEquals(0, eval.code(), eval.err());
        // so its windows are not the 35 training formed: the recorded split cannot be applied, every window is
        // scored and the report says why; --split validation refuses (issue 12 item 4)
        assertTrue(eval.out().contains("\nsplit     all (every example of the model's training file: the file gives 29"
                + " examples where training formed 35)\n"), eval.out());
        Cli.run(dir, "eval", "--model", "run", "--split", "validation", "nile.csv").assertError(2, "rnn: --split "
                + "validation: expected the 35 examples training formed from nile.csv, got 29 (eval drops the rows "
                + "whose target is missing; training filled them in); use --split all (see 'rnn eval --help')");
    }

    @Test
    void withoutTheFlagAMissingTargetIsAnErrorNamingTheFlag() throws Exception {
        nile();
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--missing", "ffill", "--out", "run", "nile.csv");
        r.assertError(3, "error: nile.csv:12:2 (column \"value\"): expected a number (a target), got \"\"; fix the"
                + " value or use --missing-target drop|interpolate");
    }

    @Test
    void badValuesOfMissingTarget() {
        UseFixture.Output o = UseFixture.run("train", "--missing-target", "ffill", "--out",
                dir.resolve("never").toString(), UseFixture.sunspots().toString());
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--missing-target: expected one of error, drop, interpolate, got \"ffill\""),
                o.err());
        UseFixture.Output labels = UseFixture.run("train", "--missing-target", "interpolate", "--loss", "xent",
                "--out", dir.resolve("never2").toString(), UseFixture.sunspots().toString());
        assertEquals(ExitCodes.USAGE, labels.code(), labels.err());
        assertTrue(labels.err().contains("--missing-target: expected error or drop for class labels (a label cannot"
                + " be interpolated), got interpolate"), labels.err());
    }
}
