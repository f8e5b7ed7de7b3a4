package rnn.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec file in YAML and in JSON reads to the same fields; its data path is relative to the file. */
class SpecFileTest {

    private static final TrainKeys KEYS = new TrainKeys(Set.of("lr", "hidden", "window", "cell", "epochs",
            "bidirectional", "nesterov"), Map.of());

    @TempDir
    Path dir;

    @Test
    void yamlAndJsonGiveTheSameSpec() throws IOException {
        Path yaml = dir.resolve("s.yaml");
        Files.writeString(yaml, """
                # a sweep
                data: ../data/sales.csv
                options: {cell: lstm, epochs: 9, bidirectional: true, nesterov: false}
                grid:
                  hidden: ["64,32", 128]
                  lr: ["1e-3", 0.003]
                halving: {min_epochs: 1, eta: 3}
                """);
        Path json = dir.resolve("s.json");
        Files.writeString(json, """
                {"data": "../data/sales.csv",
                 "options": {"cell": "lstm", "epochs": 9, "bidirectional": true, "nesterov": false},
                 "grid": {"hidden": ["64,32", 128], "lr": ["1e-3", 0.003]},
                 "halving": {"min_epochs": 1, "eta": 3}}
                """);
        for (Path f : List.of(yaml, json)) {
            SpecFile s = SpecFile.read(f, KEYS);
            assertEquals(dir.getParent().resolve("data").resolve("sales.csv"), s.data(), f.toString());
            assertEquals(List.of("--cell", "lstm", "--epochs", "9", "--bidirectional"), s.options());
            assertEquals(Map.of("hidden", List.of("64,32", "128"), "lr", List.of("1e-3", "0.003")), s.grid());
            assertEquals(List.of("hidden", "lr"), List.copyOf(s.grid().keySet()), "the file's order");
            assertTrue(s.halving());
            assertEquals(1, s.minEpochs());
            assertEquals(3, s.eta());
            assertNull(s.trials());
        }
    }

    @Test
    void randomSearchAndHalvingSwitch() throws IOException {
        Path yaml = dir.resolve("r.yml");
        Files.writeString(yaml, """
                random:
                  trials: 5
                  space: {lr: "log-uniform(1e-4,1e-2)", window: "int(10,40)"}
                halving: false
                """);
        SpecFile s = SpecFile.read(yaml, KEYS);
        assertEquals(5, s.trials());
        assertEquals(new Distribution.LogUniform(1e-4, 1e-2), s.space().get("lr"));
        assertEquals(new Distribution.IntRange(10, 40), s.space().get("window"));
        assertFalse(s.halving());
        assertNull(s.grid());
        assertNull(s.data());
        assertEquals(List.of(), s.options());
    }
}
