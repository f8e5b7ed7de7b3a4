package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's promise for the defaults: on a monthly series with trend, multiplicative seasonality and noise, a
 * model trained with the default flags (the target treatment chosen from the training rows) forecasts the
 * validation windows better than both naive forecasts, the last value and the value a season before, summed here
 * from the file. Eval of the training file scores exactly training's validation windows.
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
        assertTrue(r.err().contains("target treatment: "), r.err());
        // eval of the training file scores exactly the validation windows (its loss: the run's best validation loss)
        UseFixture.Output e = UseFixture.run("eval", "--model", dir.resolve("run").toString(),
                dir.resolve("monthly.csv").toString(), "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode report = new ObjectMapper().readTree(e.out());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile());
        assertEquals("validation", report.get("split").asText());
        assertEquals(summary.get("best_loss").asDouble(), report.get("loss").asDouble(), 1e-6,
                "the same windows as training's validation");
        int scored = report.get("scored").asInt();
        // the validation targets are the last `scored` rows: both naive forecasts summed here from the file
        double last = 0;
        double seasonal = 0;
        for (int row = v.length - scored; row < v.length; row++) {
            last += (v[row - 1] - v[row]) * (v[row - 1] - v[row]);
            seasonal += (v[row - 12] - v[row]) * (v[row - 12] - v[row]);
        }
        last = Math.sqrt(last / scored);
        seasonal = Math.sqrt(seasonal / scored);
        assertEquals(last, report.at("/baselines/last_value/rmse").asDouble(), 1e-6 * last);
        double model = report.at("/metrics/rmse").asDouble();
        assertTrue(model < last && model < seasonal, "model RMSE " + model + " vs the last value " + last
                + " and the seasonal naive " + seasonal);
    }
}
