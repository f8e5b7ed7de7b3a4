package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Checkpoint;
import rnn.nn.Compute;
import rnn.nn.Param;
import rnn.nn.RecurrentModel;
import rnn.train.TrainConfig;
import rnn.use.Predictor;

/**
 * {@code --bidirectional} from the command line to the checkpoint and back: the field in config.json and the
 * checkpoint (absent in older files = one-directional), PyTorch's tensor names, the model read back predicting as
 * the one trained, {@code rnn inspect}'s PyTorch modules, the refusals (exit 2 for flags, 4 for a checkpoint whose
 * field and tensors disagree).
 */
class BidirectionalRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory N = JsonNodeFactory.instance;

    @TempDir
    static Path dir;
    static UseFixture.Run bi;
    static Path uni;

    @BeforeAll
    static void trainOnce() throws IOException {
        bi = UseFixture.train(UseFixture.sunspots(), dir.resolve("bi"), "cell", "gru", "gru-variant", "reset-after",
                "hidden", "3,2", "epochs", "1", "bidirectional", "true");
        uni = UseFixture.train(UseFixture.sunspots(), dir.resolve("uni"), "hidden", "2", "epochs", "1").dir()
                .resolve("last.safetensors");
    }

    @Test
    void configJsonAndCheckpointRecordIt() throws IOException {
        assertTrue(bi.config().bidirectional());
        JsonNode config = JSON.readTree(Files.readString(bi.dir().resolve("config.json")));
        assertTrue(config.at("/model/bidirectional").isBoolean());
        assertTrue(config.at("/model/bidirectional").booleanValue());
        Checkpoint c = Checkpoint.read(bi.dir().resolve("last.safetensors"));
        assertTrue(JSON.readTree(c.metadata().get("model")).get("bidirectional").booleanValue());
        assertEquals(List.of("layers.0.weight_ih_l0", "layers.0.weight_hh_l0", "layers.0.bias_ih_l0",
                "layers.0.bias_hh_l0", "layers.0.weight_ih_l0_reverse", "layers.0.weight_hh_l0_reverse",
                "layers.0.bias_ih_l0_reverse", "layers.0.bias_hh_l0_reverse", "layers.1.weight_ih_l0"),
                c.tensors().stream().map(t -> t.name()).filter(n -> n.startsWith("layers.")).limit(9).toList());
        assertArrayEquals(new long[] {6, 6}, c.tensor("layers.1.weight_ih_l0_reverse").shape(), "3·2 gates × 2·3");
        assertArrayEquals(new long[] {1, 4}, c.tensor("head.weight").shape(), "the head reads 2·2 units");
        assertFalse(JSON.readTree(Checkpoint.read(uni).metadata().get("model")).get("bidirectional").booleanValue());
    }

    /** The checkpoint read back is the model training ended with: the same weights, the same predictions. */
    @Test
    void checkpointRoundTrip() {
        ModelSource source = ModelSource.open(bi.dir().resolve("last.safetensors"), null, false);
        assertTrue(source.spec().bidirectional());
        try (Compute compute = Compute.singleThreaded()) {
            RecurrentModel back = source.build(compute);
            List<Param> trained = bi.model().parameters().list();
            List<Param> read = back.parameters().list();
            assertEquals(trained.size(), read.size());
            for (int k = 0; k < trained.size(); k++) {
                assertEquals(trained.get(k).name(), read.get(k).name());
                assertArrayEquals(trained.get(k).value.data, read.get(k).value.data, trained.get(k).name());
            }
            // the trained weights in a model built from the training spec, run under the same kernels as the one read
            RecurrentModel copy = new RecurrentModel(bi.model().spec(), compute);
            for (int k = 0; k < trained.size(); k++) {
                System.arraycopy(trained.get(k).value.data, 0, copy.parameters().list().get(k).value.data, 0,
                        trained.get(k).size());
            }
            List<Double> a = predictions(copy);
            assertEquals(a, predictions(back));
            assertTrue(a.size() > 10);
        }
        UseFixture.Output o = UseFixture.run("predict", "--model", bi.dir().toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().lines().count() > 2, o.out());
    }

    private static List<Double> predictions(RecurrentModel model) {
        List<Double> p = new java.util.ArrayList<>();
        try {
            Predictor.forEachBatch(model, bi.data().train(), 16, (batch, pred) -> {
                for (int i = 0; i < batch.size(); i++) {
                    p.add(pred[i]);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void inspectShowsPyTorchsBidirectionalModules() throws IOException {
        UseFixture.Output o = UseFixture.run("inspect", "--json", bi.dir().toString());
        assertEquals(0, o.code(), o.err());
        JsonNode m = JSON.readTree(o.out()).get("model");
        assertTrue(m.get("bidirectional").booleanValue());
        JsonNode layers = m.get("layers");
        assertEquals("nn.GRU(1, 3, batch_first=True, bidirectional=True)", layers.get(0).get("pytorch").asText());
        assertEquals("nn.GRU(6, 2, batch_first=True, bidirectional=True)", layers.get(1).get("pytorch").asText());
        assertEquals("gru (reset-after), bidirectional", layers.get(0).get("type").asText());
        assertEquals("nn.Linear(4, 1)", layers.get(2).get("pytorch").asText());
        // per direction 3H·(I + H) + 2·3H; two directions per layer; head 2H_last·O + O
        long l0 = 2 * (3 * 3 * (1 + 3) + 2 * 3 * 3);
        long l1 = 2 * (3 * 2 * (6 + 2) + 2 * 3 * 2);
        assertEquals(l0 + l1 + 4 + 1, m.get("parameters").asLong());
        UseFixture.Output text = UseFixture.run("inspect", bi.dir().toString());
        assertTrue(text.out().contains("  layers.1 = nn.GRU(6, 2, batch_first=True, bidirectional=True)"),
                text.out());
    }

    @Test
    void tbpttWithSequenceOutputIsRefused() {
        UseFixture.Output o = UseFixture.run("train", "--bidirectional", "--tbptt", "5", "--output", "sequence",
                UseFixture.sunspots().toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: --bidirectional: expected --tbptt 0 with --output sequence (the reverse direction reads "
                + "each sequence whole, --tbptt 5 trains on chunks of 5 steps), got --tbptt 5; leave out --tbptt or "
                + "use --output last (see 'rnn train --help')", o.err().strip());
        // with the last-step output, truncation applies to each direction: accepted
        TrainConfig c = TrainCommand.parse(List.of("--bidirectional", "--tbptt", "5")).config();
        assertTrue(c.bidirectional());
        assertEquals(5, c.tbptt());
        assertFalse(TrainCommand.parse(List.of()).config().bidirectional(), "off by default");
    }

    /** A resumed run keeps its directions: typing --bidirectional on a one-directional run is a difference. */
    @Test
    void resumingCannotChangeIt() {
        TrainCommand uniRun = TrainCommand.parse(List.of("--hidden", "2"));
        TrainCommand biRun = TrainCommand.parse(List.of("--hidden", "2", "--bidirectional"));
        TrainConfig u = uniRun.config();
        TrainConfig b = biRun.config();
        assertEquals(List.of("--bidirectional: the run being resumed used (not set), got \"true\""),
                TrainOptions.architectureDifferences(TrainOptions.flags(u, uniRun.dataOptions(u)),
                        TrainOptions.flags(b, biRun.dataOptions(b))));
        assertEquals(List.of("--bidirectional"), TrainOptions.args(java.util.Map.of("--bidirectional", "true")));
        assertEquals(List.of(), TrainOptions.args(java.util.Map.of("--bidirectional", "false")));
    }

    @Test
    void aConfigFileTurnsItOnAndChecksItsType() throws IOException {
        Path on = Files.writeString(dir.resolve("on.json"), "{\"model\": {\"bidirectional\": true}}");
        assertTrue(ConfigFile.read(on).args().contains("--bidirectional"));
        Path off = Files.writeString(dir.resolve("off.json"), "{\"model\": {\"bidirectional\": false}}");
        assertFalse(ConfigFile.read(off).args().contains("--bidirectional"));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"model\": {\"bidirectional\": \"yes\"}}");
        UseFixture.Output o = UseFixture.run("train", "--config", bad.toString(), UseFixture.sunspots().toString());
        assertEquals(2, o.code(), o.err());
        assertEquals("rnn: " + bad + ": model.bidirectional: expected true or false, got \"yes\" (see 'rnn train "
                + "--help')", o.err().strip());
    }

    /** A checkpoint whose field says one thing and whose tensors another is refused (exit 4) before it is built. */
    @Test
    void theFieldMustMatchTheReverseTensors() throws IOException {
        Path biFile = bi.dir().resolve("last.safetensors");
        Path saysUni = CheckpointEdit.of(biFile).json("model", "/bidirectional", N.booleanNode(false))
                .write(dir.resolve("says-uni.safetensors"));
        CheckpointTrustTest.assertInvalid(saysUni, UseFixture.sunspots(), "model.bidirectional is false, expected "
                + "true: the file holds tensor \"layers.0.weight_hh_l0_reverse\" (the reverse direction of a "
                + "bidirectional layer)");
        Path saysBi = CheckpointEdit.of(uni).json("model", "/bidirectional", N.booleanNode(true))
                .write(dir.resolve("says-bi.safetensors"));
        CheckpointTrustTest.assertInvalid(saysBi, UseFixture.sunspots(), "model.bidirectional is true, expected "
                + "false: the file has no tensor \"layers.0.weight_hh_l0_reverse\" (the reverse direction of a "
                + "bidirectional layer)");
        Path notBoolean = CheckpointEdit.of(uni).json("model", "/bidirectional", N.textNode("true"))
                .write(dir.resolve("not-boolean.safetensors"));
        UseFixture.Output o = UseFixture.run("predict", "--model", notBoolean.toString(),
                UseFixture.sunspots().toString());
        assertEquals(4, o.code(), o.err());
        rnn.io.CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(
                rnn.io.CheckpointException.class, () -> ModelSource.open(notBoolean, null, false));
        assertEquals(notBoolean + ": its training configuration metadata is missing or malformed (model.bidirectional: "
                + "expected true or false, got \"true\"), so the architecture is unknown", e.getMessage());
    }

    /** A checkpoint written before the field existed is one-directional and predicts as before. */
    @Test
    void aCheckpointWithoutTheFieldIsOneDirectional() throws IOException {
        CheckpointEdit edit = CheckpointEdit.of(uni);
        ObjectNode model = (ObjectNode) edit.tree("model");
        model.remove("bidirectional");
        Path old = edit.meta("model", model.toString()).write(dir.resolve("old.safetensors"));
        ModelSource source = ModelSource.open(old, null, false);
        assertFalse(source.spec().bidirectional());
        UseFixture.Output before = UseFixture.run("predict", "--model", uni.toString(),
                UseFixture.sunspots().toString());
        UseFixture.Output after = UseFixture.run("predict", "--model", old.toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, after.code(), after.err());
        assertEquals(before.out(), after.out());
    }
}
