package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's promise for the defaults: on a monthly series with trend, multiplicative seasonality and noise, a
 * model trained with the default flags (the default target mode: delta) forecasts the validation windows better
 * than the naive last-value forecast. Eval runs on a file cut so that its windows are exactly training's
 * validation windows (its loss equals the run's best validation loss).
 */
class DefaultForecastLearningTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsBeatTheNaiveForecastOnTheValidationWindows() throws Exception {
        double[] v = TargetTransformRunTest.monthly(180, 7);
        TargetTransformRunTest.write(dir.resolve("monthly.csv"), v, 0);
        Cli.Result r = Cli.run(dir, "train", "--threads", "1", "--plot", "none", "--no-progress", "--out", "run",
                "monthly.csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("target mode: delta"), r.err());
        Matcher split = Pattern.compile("split: (\\d+) training windows, (\\d+) validation windows").matcher(r.err());
        assertTrue(split.find(), r.err());
        int train = Integer.parseInt(split.group(1));
        assertEquals(32, Integer.parseInt(split.group(2)));
        // the validation windows start at row `train`: a file from that row on holds exactly them
        Path val = TargetTransformRunTest.write(dir.resolve("val.csv"), v, train);
        UseFixture.Output e = UseFixture.run("eval", "--model", dir.resolve("run").toString(), val.toString(),
                "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode report = new ObjectMapper().readTree(e.out());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertEquals(32, report.get("scored").asInt());
        assertEquals(summary.get("best_loss").asDouble(), report.get("loss").asDouble(), 1e-6,
                "the same windows as training's validation");
        double model = report.at("/metrics/rmse").asDouble();
        double naive = report.at("/baselines/last_value/rmse").asDouble();
        // the seasonal-naive forecast (12 months back), summed here from the file
        double sse = 0;
        for (int row = train + 20; row < v.length; row++) {
            sse += (v[row - 12] - v[row]) * (v[row - 12] - v[row]);
        }
        double seasonal = Math.sqrt(sse / 32);
        assertTrue(model < naive, "model RMSE " + model + " vs naive " + naive + " (seasonal naive " + seasonal + ")");
    }
}
