package rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

import rnn.data.DataOptions;
import rnn.data.TargetForm;
import rnn.data.TargetTransforms;

/**
 * config.json's {@code data.transform} and {@code data.target_mode}: written as given (null = the default), read
 * back; a description written before target modes existed (no {@code target_mode}) reads as the level it trained.
 */
class ConfigJsonTargetTest {

    private static final TrainConfig CONFIG = TrainerFixture.config(TrainerFixture.Options.of(1), Path.of("out"));

    @Test
    void theTransformAndModeRoundTrip() {
        DataOptions given = DataOptions.defaults(CONFIG.seed()).withTarget(TargetTransforms.parse("log,seasonal-diff:12"),
                TargetForm.DELTA);
        ObjectNode o = ConfigJson.data(given);
        assertEquals("log,seasonal-diff:12", o.get("transform").asText());
        assertEquals("delta", o.get("target_mode").asText());
        assertEquals(given, ConfigJson.data(o, CONFIG));

        ObjectNode defaults = ConfigJson.data(DataOptions.defaults(CONFIG.seed()));
        assertTrue(defaults.get("transform").isNull());
        assertTrue(defaults.get("target_mode").isNull());
        DataOptions read = ConfigJson.data(defaults, CONFIG);
        assertNull(read.transform(), "the default");
        assertNull(read.targetMode(), "the default: delta where possible");
    }

    @Test
    void aDescriptionFromBeforeTargetModesReadsAsTheLevel() {
        ObjectNode old = ConfigJson.data(DataOptions.defaults(CONFIG.seed()));
        old.remove("transform");
        old.remove("target_mode");
        DataOptions read = ConfigJson.data(old, CONFIG);
        assertEquals(TargetForm.LEVEL, read.targetMode());
        assertNull(read.transform());
        assertFalse(read.resolvedTransform().differences());
    }

    @Test
    void badStoredValuesNameTheirField() {
        ObjectNode o = ConfigJson.data(DataOptions.defaults(CONFIG.seed()));
        o.put("transform", "log,exp");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.data(o, CONFIG));
        assertEquals("data.transform: expected none, or log, log1p, diff, seasonal-diff:M (M from 1 to 10000) "
                + "separated by commas, log or log1p first, got \"exp\"", e.getMessage());
        o.putNull("transform");
        o.put("target_mode", "up");
        e = assertThrows(IllegalArgumentException.class, () -> ConfigJson.data(o, CONFIG));
        assertEquals("data.target_mode: expected one of level, delta, got \"up\"", e.getMessage());
    }
}
