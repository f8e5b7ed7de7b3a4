package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default target treatment chosen from the training rows (issue 12 item 2, {@link TargetDefaults}): the
 * seasonal difference where the seasonal naive forecast beats the last value at the forecast steps, else delta.
 */
class TargetDefaultsTest {

    @TempDir
    Path dir;

    private Path monthly(String name, int months, IntToDoubleFunction value) throws Exception {
        StringBuilder b = new StringBuilder("month,y\n");
        for (int r = 0; r < months; r++) {
            b.append(LocalDate.of(2000, 1, 1).plusMonths(r)).append(',').append(value.applyAsDouble(r)).append('\n');
        }
        return Files.writeString(dir.resolve(name), b);
    }

    private static String note(LoadedData d) {
        return d.schema().report().notes().stream().filter(n -> n.startsWith("target treatment")).findFirst()
                .orElse("");
    }

    @Test
    void aSeasonalSeriesGetsTheSeasonalDifference() throws Exception {
        Random rng = new Random(1);
        Path f = monthly("season.csv", 96, r -> 10 * Math.sin(2 * Math.PI * r / 12) + rng.nextGaussian());
        LoadedData d = DataLoader.load(f, DataOptions.builder(1).build());
        assertEquals("seasonal-diff:12", d.contract().transform().toString());
        assertEquals(TargetForm.LEVEL, d.contract().targetMode());
        assertTrue(note(d).startsWith("target treatment: seasonal-diff:12 and level, chosen by the data: on the "
                + "training rows the seasonal naive forecast (the value one season, 12 rows, before the target) is "
                + "better than the last value (sum of squares "), note(d));
    }

    @Test
    void aRandomWalkKeepsDelta() throws Exception {
        Random rng = new Random(2);
        double[] walk = new double[96];
        for (int r = 1; r < walk.length; r++) {
            walk[r] = walk[r - 1] + rng.nextGaussian();
        }
        LoadedData d = DataLoader.load(monthly("walk.csv", 96, r -> walk[r]), DataOptions.builder(1).build());
        assertTrue(d.contract().transform().isNone());
        assertEquals(TargetForm.DELTA, d.contract().targetMode());
        assertTrue(note(d).startsWith("target treatment: no transform and delta, chosen by the data: on the training "
                + "rows the last value is a better forecast than the seasonal naive (sum of squares "), note(d));
    }

    /**
     * Trend plus season: one month ahead the last value is the better guess (off by at most 0.5 + 10·2π/12 ≈ 5.7, mean
     * square about 14, against the season's 6 a year of trend: 36), while over steps 1..12 the last value is off by
     * up to twice the amplitude (mean square about 100) and the seasonal naive still by 6.
     */
    @Test
    void theForecastStepsDecide() throws Exception {
        Path f = monthly("trend.csv", 120, r -> 100 + 0.5 * r + 10 * Math.sin(2 * Math.PI * r / 12));
        LoadedData one = DataLoader.load(f, DataOptions.builder(1).build());
        assertEquals(TargetForm.DELTA, one.contract().targetMode());
        LoadedData path = DataLoader.load(f, DataOptions.builder(1).horizon(Horizon.parse("1..12")).build());
        assertEquals("seasonal-diff:12", path.contract().transform().toString());
        assertEquals(TargetForm.LEVEL, path.contract().targetMode());
    }

    @Test
    void namedOptionsAndShortSeriesAreNotChosenFor() throws Exception {
        Path f = monthly("season.csv", 96, r -> 10 * Math.sin(2 * Math.PI * r / 12));
        LoadedData named = DataLoader.load(f, DataOptions.builder(1).targetMode(TargetForm.DELTA).build());
        assertTrue(named.contract().transform().isNone());
        assertEquals(TargetForm.DELTA, named.contract().targetMode());
        assertEquals("", note(named), "the options chose");
        // 40 rows: a window of 20 and a horizon of 1 leave no room for a difference of 12 (12 + 21 > 40 is false:
        // use window 30 so that 12 + 31 > 40)
        Path shortFile = monthly("short.csv", 40, r -> 10 * Math.sin(2 * Math.PI * r / 12));
        LoadedData d = DataLoader.load(shortFile, DataOptions.builder(1).window(30).build());
        assertEquals(TargetForm.DELTA, d.contract().targetMode());
        assertEquals("target treatment: no transform and delta, chosen by the data: no series has the 43 rows a "
                + "seasonal difference of 12 needs; name --transform or --target-mode to choose", note(d));
        // no season (no time column): delta, nothing to test
        StringBuilder b = new StringBuilder("y\n");
        for (int r = 0; r < 96; r++) {
            b.append(10 * Math.sin(2 * Math.PI * r / 12)).append('\n');
        }
        LoadedData noTime = DataLoader.load(Files.writeString(dir.resolve("plain.csv"), b),
                DataOptions.builder(1).build());
        assertEquals(TargetForm.DELTA, noTime.contract().targetMode());
        assertEquals("", note(noTime));
    }
}
