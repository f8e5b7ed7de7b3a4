package rnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.Compute;
import rnn.nn.GruVariant;
import rnn.nn.ModelSpec;
import rnn.nn.OutputMode;
import rnn.nn.Param;
import rnn.nn.RecurrentModel;
import rnn.optim.Optimizer;
import rnn.optim.OptimizerSettings;
import rnn.random.Rng;

class CheckpointTest {

    @TempDir
    Path dir;

    /** Adam over the model's parameters after one step with every gradient 0.1 (moments and weights non-zero). */
    private static Optimizer adamAfterOneStep(RecurrentModel m) {
        Optimizer adam = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(m.parameters());
        for (Param p : m.parameters()) {
            java.util.Arrays.fill(p.grad.data, 0.1);
        }
        adam.step(1e-3);
        return adam;
    }

    private static RecurrentModel model(int hidden) {
        RecurrentModel m = new RecurrentModel(new ModelSpec(CellType.LSTM, Activation.TANH, GruVariant.CLASSIC, 3,
                new int[] {hidden, 4}, 2, OutputMode.LAST, 0), Compute.singleThreaded());
        m.initialize(new Rng(1));
        return m;
    }

    @Test
    void weightsAndOptimizerStateRoundTripBitForBit() throws IOException {
        RecurrentModel a = model(5);
        Optimizer adam = adamAfterOneStep(a);
        Path f = dir.resolve("epoch-0001.safetensors");
        Checkpoint.write(f, a.parameters(), adam.state(), Map.of("epoch", "1"));

        RecurrentModel b = model(5);
        b.initialize(new Rng(99));
        Optimizer adamB = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(b.parameters());
        Checkpoint c = Checkpoint.read(f);
        c.loadParameters(b.parameters());
        c.loadOptimizerState(adamB.state());
        assertEquals("1", c.metadata().get("epoch"));
        assertEquals("rnn-checkpoint", c.metadata().get("format"));
        assertEquals("3", c.metadata().get("format_version"));
        for (int k = 0; k < a.parameters().list().size(); k++) {
            assertArrayEquals(a.parameters().list().get(k).value.data, b.parameters().list().get(k).value.data);
        }
        for (String name : adam.state().keySet()) {
            assertArrayEquals(adam.state().get(name), adamB.state().get(name), name);
        }
        // optimizer tensors carry their parameter's shape
        assertArrayEquals(new long[] {20, 3},
                SafeTensors.read(f).tensor("optim.exp_avg.layers.0.weight_ih_l0").shape());
    }

    /** A snapshot is written later, on the writer thread, while training changes the weights: it holds copies. */
    @Test
    void aSnapshotHoldsTheValuesOfWhenItWasTakenNotOfWhenItIsWritten() throws IOException {
        RecurrentModel a = model(5);
        Optimizer adam = adamAfterOneStep(a);
        List<double[]> weights = new java.util.ArrayList<>();
        for (Param p : a.parameters()) {
            weights.add(p.value.data.clone());
        }
        Map<String, double[]> moments = new java.util.LinkedHashMap<>();
        adam.state().forEach((k, v) -> moments.put(k, v.clone()));
        Checkpoint.Snapshot s = Checkpoint.snapshot(a.parameters(), adam.state(), List.of(), Map.of("epoch", "1"));
        adam.step(1e-3); // the next step changes weights and moments in place
        Path f = dir.resolve("later.safetensors");
        s.writeTo(f);
        RecurrentModel b = model(5);
        Optimizer adamB = OptimizerSettings.defaults(OptimizerSettings.Kind.ADAM).create(b.parameters());
        Checkpoint c = Checkpoint.read(f);
        c.loadParameters(b.parameters());
        c.loadOptimizerState(adamB.state());
        for (int k = 0; k < weights.size(); k++) {
            assertArrayEquals(weights.get(k), b.parameters().list().get(k).value.data);
        }
        for (String name : moments.keySet()) {
            assertArrayEquals(moments.get(name), adamB.state().get(name), name);
        }
    }

    @Test
    void otherArchitectureIsRefusedWithTheDifferenceNamed() throws IOException {
        Path f = dir.resolve("m.safetensors");
        RecurrentModel a = model(5);
        Checkpoint.write(f, a.parameters(), Map.of(), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.read(f).loadParameters(model(6).parameters()));
        assertEquals(f + ": tensor \"layers.0.weight_ih_l0\" has shape [20, 3], the model expects [24, 3]",
                e.getMessage());
    }

    @Test
    void newerFormatVersionSaysWhichIsNeeded() throws IOException {
        Path f = dir.resolve("future.safetensors");
        SafeTensors.write(f, List.of(), Map.of("format", "rnn-checkpoint", "format_version", "7"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(f));
        assertEquals(f + ": written by a newer rnn (checkpoint format version 7; this rnn reads up to version 3); "
                + "upgrade rnn to read it", e.getMessage());
        assertEquals(4, e.exitCode());
    }

    @Test
    void aPlainSafetensorsFileIsNotACheckpoint() throws IOException {
        Path f = dir.resolve("torch.safetensors");
        SafeTensors.write(f, List.of(), Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(f));
        assertEquals(f + ": not an rnn checkpoint (its metadata has no format \"rnn-checkpoint\"); a PyTorch state "
                + "dict is read by 'rnn predict {{schema}} config.json'", e.getMessage());
    }
}
