package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;
import rnn.nn.GruVariant;

/**
 * reset-after is the GRU of a new run; a description written when classic was the default and recording no variant
 * (format 1's flag map, format 2 and 3's {@code model}, a run's config.json) is read as classic, so such a model
 * loads, predicts and resumes as before.
 */
class GruVariantDefaultTest {

    private static final Path FORMAT1 = Path.of("src", "test", "resources", "format1").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aNewRunTrainsTheResetAfterGru() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs", "1");
        JsonNode config = JSON.readTree(dir.resolve("run/config.json").toFile());
        assertEquals("reset-after", config.at("/model/gru_variant").asText());
        SafeTensors.Tensor bHh = SafeTensors.read(dir.resolve("run/last.safetensors")).tensor("layers.0.bias_hh_l0");
        assertArrayEquals(new long[] {12}, bHh.shape(), "PyTorch's second bias");
        UseFixture.Output help = UseFixture.run("train", "--help");
        assertTrue(help.out().contains("reset-after became the default keeps classic.") && help.out().contains(
                "Default: reset-after"), help.out());
    }

    /** Release 1 wrote every option; a flag map without gru-variant (edited) is classic and predicts as before. */
    @Test
    void aFormatOneFlagMapWithoutTheVariantIsClassic() throws IOException {
        assertEquals("classic", JSON.readTree(Checkpoint.read(FORMAT1.resolve("run/best.safetensors")).metadata()
                .get("options")).get("gru-variant").asText(), "release 1 wrote its default");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        CheckpointEdit e = CheckpointEdit.of(FORMAT1.resolve("run/best.safetensors"));
        ObjectNode options = (ObjectNode) e.tree("options");
        options.remove("gru-variant");
        e.meta("options", options.toString()).write(run.resolve("best.safetensors"));
        Path out = dir.resolve("p.csv");
        UseFixture.Output o = UseFixture.run("predict", "--model", run.toString(),
                FORMAT1.resolve("sunspots-60.csv").toString(), "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(Files.readString(FORMAT1.resolve("predictions.csv")), RunFormatTest.withoutActuals(
                Files.readString(out), FORMAT1.resolve("sunspots-60.csv")));

        ObjectNode config = (ObjectNode) JSON.readTree(FORMAT1.resolve("run/config.json").toFile());
        ((ObjectNode) config.get("options")).remove("gru-variant");
        Path file = Files.writeString(dir.resolve("config.json"), config.toString());
        assertEquals(GruVariant.CLASSIC, TrainCommand.parse(ConfigFile.read(file).args()).config().gruVariant());
        assertEquals(GruVariant.CLASSIC, RunConfig.fromConfigJson(config).config().gruVariant());
    }

    /**
     * A classic checkpoint of format 3, and of format 2, whose model description lacks the variant predicts what it
     * predicts with it recorded (and with --schema, a config.json without it).
     */
    @Test
    void aFormatTwoOrThreeDescriptionWithoutTheVariantIsClassic() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs", "1", "gru-variant",
                "classic");
        Path last = dir.resolve("run/last.safetensors");
        String expected = predict(last, null, "recorded");
        CheckpointEdit e = CheckpointEdit.of(last);
        ObjectNode model = (ObjectNode) e.tree(Checkpoint.MODEL_KEY);
        assertEquals("classic", model.remove("gru_variant").asText());
        e.meta(Checkpoint.MODEL_KEY, model.toString());
        Path f3 = e.write(dir.resolve("no-variant-3.safetensors"));
        assertEquals(expected, predict(f3, null, "f3"));
        assertEquals("3", Checkpoint.read(f3).metadata().get(Checkpoint.VERSION_KEY));
        Path f2 = e.asFormat2().write(dir.resolve("no-variant-2.safetensors"));
        assertEquals("2", Checkpoint.read(f2).metadata().get(Checkpoint.VERSION_KEY));
        assertEquals(expected, predict(f2, null, "f2"));

        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("run/config.json").toFile());
        ((ObjectNode) config.get("model")).remove("gru_variant");
        Path schema = Files.writeString(dir.resolve("config-without-variant.json"), config.toString());
        Path stateDict = dir.resolve("state.safetensors");
        SafeTensors.write(stateDict, SafeTensors.read(last).tensors().stream()
                .filter(t -> t.name().startsWith("layers.") || t.name().startsWith("head.")).toList(),
                java.util.Map.of());
        assertEquals(expected, predict(stateDict, schema, "--schema"));
        // and as a --config file: a run's description, so classic
        assertEquals(GruVariant.CLASSIC, TrainCommand.parse(ConfigFile.read(schema).args()).config().gruVariant());
    }

    /** A hand-written --config file without the variant gets the default, as the command line does. */
    @Test
    void aHandWrittenConfigFileWithoutTheVariantGetsTheDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("mine.json"), "{\"model\": {\"cell\": \"gru\", \"hidden\": [6]}}");
        assertEquals(GruVariant.RESET_AFTER, TrainCommand.parse(ConfigFile.read(file).args()).config().gruVariant());
        Path explicit = Files.writeString(dir.resolve("classic.json"), "{\"model\": {\"gru_variant\": \"classic\"}}");
        assertEquals(GruVariant.CLASSIC, TrainCommand.parse(ConfigFile.read(explicit).args()).config().gruVariant());
    }

    /** --resume of a classic run keeps classic without --gru-variant (no architecture change to refuse). */
    @Test
    void resumingAClassicRunKeepsClassic() throws Exception {
        Cli.Result first = Cli.run(dir, "train", "--gru-variant", "classic", "--hidden", "4", "--epochs", "1",
                "--out", "run", Cli.sunspots().toString());
        assertEquals(0, first.code(), first.err());
        Cli.Result r = Cli.run(dir, "train", "--resume", "run", "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals("classic", JSON.readTree(dir.resolve("run/config.json").toFile()).at("/model/gru_variant")
                .asText());
        assertNull(SafeTensors.read(dir.resolve("run/last.safetensors")).tensor("layers.0.bias_hh_l0"));
        Cli.Result wrong = Cli.run(dir, "train", "--resume", "run", "--epochs", "3", "--gru-variant", "reset-after");
        assertEquals(2, wrong.code(), wrong.err());
        assertTrue(wrong.lastErrLine().contains("--gru-variant: the run being resumed used \"classic\", got "
                + "\"reset-after\""), wrong.err());
    }

    private String predict(Path model, Path schema, String what) throws IOException {
        Path out = dir.resolve("p-" + what.replace("-", "") + ".csv");
        UseFixture.Output o = schema == null
                ? UseFixture.run("predict", "--model", model.toString(), UseFixture.sunspots().toString(), "-o",
                out.toString())
                : UseFixture.run("predict", "--model", model.toString(), "--schema", schema.toString(),
                UseFixture.sunspots().toString(), "-o", out.toString());
        assertEquals(0, o.code(), what + ": " + o.err());
        try (Stream<String> lines = Files.lines(out)) {
            return String.join("\n", lines.toList());
        }
    }
}
