package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.io.Checkpoint;

/**
 * {@code --recurrent-dropout P}: checked as a flag (exit 2), recorded as {@code model.recurrent_dropout} in
 * config.json and the checkpoint, checked when read back (exit 4 from a checkpoint, 2 from a --config file), 0 for a
 * description written before it existed; and a model trained with it predicts without masks.
 */
class RecurrentDropoutOptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @Test
    void theFlagIsAProbabilityBelowOne() {
        for (String[] c : new String[][] {{"1", "got 1.0"}, {"-0.1", "got -0.1"},
            {"0.9999999999999999999", "got 1.0"}}) {
            UseFixture.Output o = UseFixture.run("train", "--recurrent-dropout", c[0], "--out",
                    dir.resolve("r").toString(), UseFixture.sunspots().toString());
            assertEquals(2, o.code(), o.err());
            assertEquals("rnn: --recurrent-dropout: expected a probability in [0, 1), " + c[1] + " (see 'rnn train "
                    + "--help')", o.err().strip());
        }
        for (String v : new String[] {"x", "NaN"}) {
            UseFixture.Output o = UseFixture.run("train", "--recurrent-dropout", v, UseFixture.sunspots().toString());
            assertEquals(2, o.code(), o.err());
            assertEquals("rnn: --recurrent-dropout: expected a number, got \"" + v + "\" (see 'rnn train --help')",
                    o.err().strip());
        }
        assertTrue(!Files.exists(dir.resolve("r")), "nothing written");
    }

    @Test
    void aConfigFileIsCheckedAsTheFlag() throws IOException {
        Path file = Files.writeString(dir.resolve("rd.json"), "{\"model\": {\"recurrent_dropout\": 1}}");
        UseFixture.Output o = UseFixture.run("train", "--config", file.toString(), UseFixture.sunspots().toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: " + file + ": model.recurrent_dropout: expected a probability in [0, 1), got 1.0 (see "
                + "'rnn train --help')", o.err().strip());
        Path ok = Files.writeString(dir.resolve("ok.json"), "{\"model\": {\"recurrent_dropout\": 0.25}}");
        assertEquals(0.25, TrainCommand.parse(ConfigFile.read(ok).args()).config().model().recurrentDropout(), 0.0);
    }

    /** Recorded in config.json and the checkpoint, shown by inspect, validated when read (exit 4). */
    @Test
    void itIsRecordedAndValidatedWhenRead() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs", "1",
                "recurrent-dropout", "0.3");
        JsonNode config = JSON.readTree(dir.resolve("run/config.json").toFile());
        assertEquals(0.3, config.at("/model/recurrent_dropout").doubleValue(), 0.0);
        Path last = dir.resolve("run/last.safetensors");
        assertEquals(0.3, JSON.readTree(Checkpoint.read(last).metadata().get(Checkpoint.MODEL_KEY))
                .get("recurrent_dropout").doubleValue(), 0.0);
        UseFixture.Output inspect = UseFixture.run("inspect", last.toString());
        assertTrue(inspect.out().contains(" --dropout 0.0 --recurrent-dropout 0.3 --output last "), inspect.out());

        for (Object[] c : new Object[][] {{N.numberNode(1.0), "expected a probability in [0, 1), got 1.0"},
            {N.numberNode(-0.5), "expected a probability in [0, 1), got -0.5"},
            {N.textNode("0.3"), "expected a number, got \"0.3\""}}) {
            Path bad = CheckpointEdit.of(last).json(Checkpoint.MODEL_KEY, "/recurrent_dropout", (JsonNode) c[0])
                    .write(dir.resolve("bad-" + c[0].toString().replaceAll("[^0-9a-z-]", "_") + ".safetensors"));
            CheckpointTrustTest.assertRefused(bad, UseFixture.sunspots(), bad + ": its training configuration "
                    + "metadata is missing or malformed (model.recurrent_dropout: " + c[1] + "), so the "
                    + "architecture is unknown");
        }
    }

    /** A description without the field (written before it existed) has none; predictions never use the mask. */
    @Test
    void anOlderDescriptionHasNoneAndPredictionsUseNoMask() throws IOException {
        UseFixture.Run run = UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs",
                "1", "recurrent-dropout", "0.5");
        Path last = dir.resolve("run/last.safetensors");
        String with = predict(last, "with");
        CheckpointEdit e = CheckpointEdit.of(last);
        ObjectNode model = (ObjectNode) e.tree(Checkpoint.MODEL_KEY);
        model.remove("recurrent_dropout");
        Path older = e.meta(Checkpoint.MODEL_KEY, model.toString()).write(dir.resolve("older.safetensors"));
        assertEquals(0.0, RunConfig.fromMetadata(Checkpoint.read(older).metadata()).config().model()
                .recurrentDropout(), 0.0);
        assertEquals(with, predict(older, "older"), "the same predictions: the mask is for training only");
        assertEquals(0.5, run.config().model().recurrentDropout(), 0.0);
    }

    private String predict(Path model, String name) throws IOException {
        Path out = dir.resolve(name + ".csv");
        UseFixture.Output o = UseFixture.run("predict", "--model", model.toString(), UseFixture.sunspots().toString(),
                "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        return Files.readString(out);
    }
}
