package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The public-domain files of src/test/resources/data (from statsmodels, see its README.md): yearly sunspots
 * (309 rows) and US quarterly macro data (203 rows, an ISO-like "1959Q1" time column).
 */
class RealDataTest {

    @Test
    void sunspotsAsOneSeriesWithTheYearAsTime() {
        LoadedData d = DataLoader.load(TestData.resource("sunspots_yearly.csv"), DataOptions.defaults(42)
                .withTime("year"));
        LoadReport s = d.report();
        assertEquals(309, s.rows());
        assertEquals(List.of("sunactivity"), d.contract().features(),
                "no other numeric column: the series is its own input");
        assertEquals("features (1): sunactivity (the target series' own past)", d.schema().describe().get(2));
        assertEquals(289, s.counts().examples());
        assertEquals(231, s.split().trainExamples());
        assertEquals(58, s.split().validationExamples());
        assertEquals(231 + 20 + 1 - 1, s.statsRows());
        Dataset val = d.validation();
        assertEquals("2008", val.time(val.size() - 1, 19), "the last window predicts 2008");
        assertEquals(310, val.line(val.size() - 1, 19));
        ColumnStats sun = d.contract().targetStats(0);
        // the default target mode is delta (the series is its own input): the target is the change from 2007's value
        assertEquals(TargetForm.DELTA, d.contract().targetMode());
        double last = sun.denormalize(val.target(val.size() - 1, 0, 0) + val.input(val.size() - 1, 19, 0));
        assertEquals(2.9, last, 1e-4, "sunactivity in 2008");
        assertEquals(2.9 - 7.5, sun.denormalize(val.target(val.size() - 1, 0, 0)) - sun.center(), 1e-4,
                "2008 less 2007");
    }

    @Test
    void macroDataWithQuartersAsTimeAndTwoTargets() {
        LoadedData d = DataLoader.load(TestData.resource("macrodata.csv"), DataOptions.defaults(42)
                .withTime("quarter").withTargets("realgdp", "infl").withWindow(8, 4, 1).withValSplit(0.25));
        LoadReport s = d.report();
        assertEquals(203, s.rows());
        assertEquals(10, d.contract().inputs());
        assertEquals(2, d.contract().outputs());
        assertEquals(203 - 8 - 4 + 1, s.counts().examples());
        assertEquals("2009Q3", d.validation().time(d.validation().size() - 1, 7));
        Batch batch = d.train().newBatch(16);
        BatchIterator it = d.train().batches(16, new rnn.random.Rng(3));
        int rows = 0;
        while (it.next(batch)) {
            rows += batch.size();
            for (int i = 0; i < batch.size() * batch.steps() * batch.inputs(); i++) {
                assertTrue(Math.abs(batch.x()[i]) < 10, "normalised values stay moderate");
            }
        }
        assertEquals(s.split().trainExamples(), rows);
    }
}
