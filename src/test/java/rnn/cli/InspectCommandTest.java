package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.io.Checkpoint;

/** {@code rnn inspect}: its JSON (architecture, shapes, counts, training, epochs, schema, version) and table. */
class InspectCommandTest {

    @TempDir
    Path dir;

    @Test
    void jsonDescribesArchitectureTrainingAndSchema() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "cell", "lstm", "hidden", "5,3", "epochs", "3",
                "early-stopping", "0", "recurrent-dropout", "0.25");
        UseFixture.Output o = UseFixture.run("inspect", "--json", dir.resolve("run").toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = new ObjectMapper().readTree(o.out());
        assertEquals(dir.resolve("run/best.safetensors").toString(), r.get("file").asText());
        assertEquals("rnn-checkpoint", r.get("format").asText());
        assertEquals(Checkpoint.FORMAT_VERSION, r.get("format_version").asInt());
        JsonNode m = r.get("model");
        assertEquals("lstm", m.get("cell").asText());
        assertEquals("[5,3]", m.get("hidden").toString());
        assertEquals(0.25, m.get("recurrent_dropout").doubleValue(), 0.0);
        // LSTM: 4H·(I + H) + 2·4H per layer; head H·O + O
        long l0 = 4 * 5 * (1 + 5) + 2 * 4 * 5;
        long l1 = 4 * 3 * (5 + 3) + 2 * 4 * 3;
        long head = 3 + 1;
        assertEquals(l0 + l1 + head, m.get("parameters").asLong());
        JsonNode layers = m.get("layers");
        assertEquals(3, layers.size());
        assertEquals(l0, layers.get(0).get("parameters").asLong());
        assertEquals(l1, layers.get(1).get("parameters").asLong());
        assertEquals(head, layers.get(2).get("parameters").asLong());
        assertEquals("[{\"name\":\"layers.1.weight_ih_l0\",\"shape\":[12,5]},{\"name\":\"layers.1.weight_hh_l0\","
                + "\"shape\":[12,3]},{\"name\":\"layers.1.bias_ih_l0\",\"shape\":[12]},{\"name\":"
                + "\"layers.1.bias_hh_l0\",\"shape\":[12]}]", layers.get(1).get("tensors").toString());
        assertEquals("nn.LSTM(5, 3, batch_first=True)", layers.get(1).get("pytorch").asText());
        assertEquals("nn.Linear(3, 1)", layers.get(2).get("pytorch").asText());
        assertEquals(0.001, r.at("/training/lr").doubleValue(), 0.0, "a JSON number");
        assertTrue(r.at("/training/lr").isNumber());
        assertEquals(3, r.at("/training/epochs").intValue());
        assertEquals("[\"sunactivity\"]", r.at("/data/targets").toString());
        assertEquals(3, r.get("epochs_trained").asInt());
        Checkpoint best = Checkpoint.read(dir.resolve("run/best.safetensors"));
        assertEquals(Integer.parseInt(best.metadata().get("epoch")), r.get("epoch").asInt());
        assertEquals(Double.parseDouble(best.metadata().get("best_val_loss")), r.get("best_val_loss").asDouble());
        assertEquals(r.get("epoch").asInt(), r.get("best_epoch").asInt());
        assertEquals("validation", r.get("best_loss_is").asText());
        assertEquals("window", r.at("/schema/contract/layout").asText());
        assertEquals(20, r.at("/schema/contract/shape/window").asInt());
        assertEquals("sunactivity", r.at("/schema/contract/columns/targets/0").asText());
    }

    @Test
    void theTableNamesTheClassicGruAsHavingNoPyTorchCounterpart() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "features", "sunactivity",
                "hidden", "8", "epochs", "1", "gru-variant",
                "classic");
        UseFixture.Output o = UseFixture.run("inspect", dir.resolve("run/last.safetensors").toString());
        assertEquals(0, o.code(), o.err());
        String t = o.out();
        assertTrue(t.contains("format        rnn-checkpoint version 3, written by rnn test"), t);
        assertTrue(t.contains("model         gru (classic), hidden [8], 1 inputs, 1 outputs, output last"), t);
        assertTrue(t.contains("parameters    249"), t);
        assertTrue(t.contains("layers.0.weight_hh_l0  [24,8]  192"), t);
        assertTrue(t.contains("pytorch       none: the classic GRU (Keras reset_after=False) has no PyTorch "
                + "counterpart"), t);
        assertTrue(t.contains("epochs        1 trained; this checkpoint after epoch 1"), t);
        assertTrue(t.contains("schema        layout: window, 1 series; window 20, horizon 1, stride 1: 289 windows"),
                t);
    }
}
