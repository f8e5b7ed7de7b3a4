package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Grids enumerate every combination in order; random searches are reproducible and respect ranges and scales. */
class SearchSpaceTest {

    private static final TrainKeys KEYS = new TrainKeys(Set.of("lr", "hidden", "window", "cell", "dropout"),
            Map.of());

    @Test
    void gridIsTheCartesianProductFirstKeySlowest() {
        SearchSpace g = Searches.grid("--grid", "hidden=32,64;lr=1e-3,3e-3,1e-2;cell=gru,lstm", KEYS);
        List<Map<String, String>> expected = new ArrayList<>();
        for (String h : List.of("32", "64")) {
            for (String lr : List.of("1e-3", "3e-3", "1e-2")) {
                for (String c : List.of("gru", "lstm")) {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("hidden", h);
                    m.put("lr", lr);
                    m.put("cell", c);
                    expected.add(m);
                }
            }
        }
        List<Trial> trials = g.trials();
        assertEquals(12, g.size());
        assertEquals(expected.size(), trials.size());
        for (int i = 0; i < trials.size(); i++) {
            assertEquals(i, trials.get(i).index());
            assertEquals(expected.get(i), trials.get(i).values());
            assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(trials.get(i).values().keySet()));
        }
        assertEquals("trial-011", trials.get(11).id());
        assertEquals(List.of("--hidden", "64", "--lr", "1e-2", "--cell", "lstm"), trials.get(11).args());
    }

    @Test
    void randomSearchIsReproducibleAndDependsOnTheSeed() {
        String space = "lr=log-uniform(1e-4,1e-2);hidden=choice(32,64,128);window=int(10,40)";
        List<Trial> a = Searches.random("--random", 50, "--space", space, KEYS, 7).trials();
        List<Trial> b = Searches.random("--random", 50, "--space", space, KEYS, 7).trials();
        List<Trial> c = Searches.random("--random", 50, "--space", space, KEYS, 8).trials();
        assertEquals(a, b);
        assertNotEquals(a, c);
        // the first trials of a larger search are the trials of a smaller one with the same seed
        assertEquals(a.subList(0, 10), Searches.random("--random", 10, "--space", space, KEYS, 7).trials());
    }

    @Test
    void randomDrawsRespectRangesAndAreUniformOnTheirScale() {
        int n = 1000;
        List<Trial> trials = Searches.random("--random", n, "--space",
                "lr=log-uniform(1e-6,1);dropout=uniform(0.1,0.5);window=int(10,12);hidden=choice(32,64)", KEYS, 42)
                .trials();
        int lrBelowMilli = 0;
        int dropoutBelowMiddle = 0;
        Set<String> windows = new HashSet<>();
        int hidden32 = 0;
        for (Trial t : trials) {
            double lr = Double.parseDouble(t.values().get("lr"));
            assertTrue(lr >= 1e-6 && lr <= 1, "lr " + lr);
            lrBelowMilli += lr < 1e-3 ? 1 : 0;
            double p = Double.parseDouble(t.values().get("dropout"));
            assertTrue(p >= 0.1 && p < 0.5, "dropout " + p);
            dropoutBelowMiddle += p < 0.3 ? 1 : 0;
            int w = Integer.parseInt(t.values().get("window"));
            assertTrue(w >= 10 && w <= 12, "window " + w);
            windows.add(t.values().get("window"));
            assertTrue(Set.of("32", "64").contains(t.values().get("hidden")));
            hidden32 += t.values().get("hidden").equals("32") ? 1 : 0;
        }
        // log scale: 1e-6..1e-3 is half of the six decades (a linear draw would put 0.1 % there); 5 sigma bounds
        assertTrue(Math.abs(lrBelowMilli - n / 2) < 80, "log-uniform: " + lrBelowMilli + " of " + n + " below 1e-3");
        assertTrue(Math.abs(dropoutBelowMiddle - n / 2) < 80, "uniform: " + dropoutBelowMiddle);
        assertEquals(Set.of("10", "11", "12"), windows, "both ends of int(LO,HI) are drawn");
        assertTrue(Math.abs(hidden32 - n / 2) < 80, "choice: " + hidden32);
    }

    @Test
    void halvingRungsAndSurvivors() {
        assertEquals(List.of(1, 3, 9, 20), new Halving(1, 3, 20).rungs());
        assertEquals(List.of(2, 4, 8), new Halving(2, 2, 8).rungs());
        assertEquals(List.of(5, 6), new Halving(5, 3, 6).rungs());
        assertEquals(3, new Halving(1, 3, 9).survivors(9));
        assertEquals(2, new Halving(1, 3, 9).survivors(8));
        assertEquals(1, new Halving(1, 3, 9).survivors(2));
    }
}
