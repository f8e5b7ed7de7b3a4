package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import rnn.testing.SpecialFiles;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;

/**
 * What a checkpoint may do to the machine reading it, checked as a user meets it (a child JVM: exit code, one
 * line on stderr, no stack trace): special files are refused before a byte is read, a header that lies about the
 * file is refused before allocation, and a file claiming 10⁹ parameters fails cleanly in a JVM of 128 MB.
 */
class CheckpointLimitsTest extends SmallRunTest {

    private static final long GIB = 1024L * 1024 * 1024;

    /** Runs {@code rnn ARGS} in a child JVM with a heap of {@code heap} (e.g. "128m"). */
    static Cli.Result runWithHeap(String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Cli.command(args));
        cmd.add(1, "-Xmx" + heap);
        Path out = Files.createTempFile("rnn-out", ".txt");
        Path err = Files.createTempFile("rnn-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "rnn did not finish: " + String.join(" ", args));
            return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void assertOneLine(Cli.Result r, int code, String line) {
        r.assertError(code, line);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void specialFilesAreRefusedBeforeAnyByteIsRead() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("model.fifo"));
        for (String f : new String[] {"/dev/zero", fifo.toString()}) {
            Cli.Result r = Cli.run(dir, "predict", "--model", f, Cli.sunspots().toString());
            assertOneLine(r, 4, "error: " + f + ": is not a regular file (a FIFO, device or socket), so it is not read "
                    + "as a checkpoint; name a .safetensors file");
        }
        Cli.Result d = Cli.run(dir, "inspect", "/dev");
        assertOneLine(d, 4, "error: /dev: has no best.safetensors; is it a run directory of rnn train that finished "
                + "at least one epoch? (or name a checkpoint file)");
    }

    /**
     * A 3 GiB sparse file whose header claims a small tensor (refused by the coverage check), and one claiming 10⁹
     * parameters (GRU, hidden 18257: 3·18257² ≈ 10⁹ values in layers.0.weight_hh_l0) that the file really holds
     * (8 GB, sparse): in a JVM of 128 MB both end with one line and exit 4, nothing allocated.
     */
    @Test
    void aCheckpointClaimingABillionParametersFailsCleanlyIn128Megabytes() throws Exception {
        Path lying = dir.resolve("lying.safetensors");
        sparse(lying, "{\"head.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 3 * GIB);
        Cli.Result r = runWithHeap("128m", "predict", "--model", lying.toString(), Cli.sunspots().toString());
        assertOneLine(r, 4, "error: " + lying + ": corrupt checkpoint: the tensors cover 8 of " + 3 * GIB
                + " data bytes; use another checkpoint (the run directory keeps the last few)");

        long h = 18257;
        long values = 3 * h * h;
        Path billion = dir.resolve("billion.safetensors");
        SafeTensors.Contents small = SafeTensors.read(dir.resolve("run/best.safetensors"));
        ObjectNode model = (ObjectNode) CheckpointEdit.JSON.readTree(small.metadata().get(Checkpoint.MODEL_KEY));
        model.putArray("hidden").add(h);
        ObjectNode meta = CheckpointEdit.JSON.createObjectNode();
        small.metadata().forEach((k, v) -> {
            if (!k.equals(SafeTensors.CHECKSUM_KEY)) {
                meta.put(k, v);
            }
        });
        meta.put(Checkpoint.MODEL_KEY, model.toString());
        String header = "{\"layers.0.weight_hh_l0\":{\"dtype\":\"F64\",\"shape\":[" + 3 * h + "," + h
                + "],\"data_offsets\":[0," + 8 * values + "]},\"__metadata__\":" + meta + "}";
        sparse(billion, header, 8 * values);
        Cli.Result b = runWithHeap("128m", "predict", "--model", billion.toString(), Cli.sunspots().toString());
        assertEquals(4, b.code(), b.err());
        assertTrue(b.lastErrLine().matches("error: .*billion.safetensors: reading its " + values + " tensor values "
                + "needs " + 8 * values / (1024 * 1024) + " MB of memory, but this JVM can use only \\d+ MB more; give it more with RNN_JAVA_OPTS=-Xmx8g"),
                b.lastErrLine());
        assertFalse(b.err().contains("\tat ") || b.err().contains("OutOfMemoryError"), b.err());
        // the metadata lies alone (tensors of the real size): refused by the consistency of shapes, in 128 MB too
        Path hidden = CheckpointEdit.of(dir.resolve("run/best.safetensors")).json(Checkpoint.MODEL_KEY, "/hidden/0",
                com.fasterxml.jackson.databind.node.IntNode.valueOf(2147483647)).write(dir.resolve("hidden.safetensors"));
        Cli.Result m = runWithHeap("128m", "predict", "--model", hidden.toString(), Cli.sunspots().toString());
        assertOneLine(m, 4, "error: " + hidden + ": invalid model description: model.hidden[0] is 2147483647, "
                + "expected 3, the size of tensor \"layers.0.weight_hh_l0\" [9, 3]; use another checkpoint (the run "
                + "directory keeps the last few)");
    }

    @Test
    void aResumeRefusesABatchBeyondTheEpochWithOneLine() throws Exception {
        Path batch = CheckpointEdit.of(dir.resolve("run/last.safetensors")).json("trainer_state", "/batch",
                com.fasterxml.jackson.databind.node.IntNode.valueOf(2147483647)).write(dir.resolve("batch.safetensors"));
        Cli.Result r = Cli.run(dir, "train", "--resume", batch.toString(), "--out", "resumed", "--epochs", "3",
                "--plot", "none");
        assertOneLine(r, 4, "error: " + batch + ": cannot resume from it: trainer_state.batch is 2147483647, "
                + "expected at most the 8 batches of an epoch; resume from another checkpoint of the run");
    }

    @Test
    void aResumeRefusesHiddenSizesTheWeightsDoNotHaveBeforeBuildingTheModel() throws Exception {
        Path f = CheckpointEdit.of(dir.resolve("run/last.safetensors")).json(Checkpoint.MODEL_KEY, "/hidden/0",
                com.fasterxml.jackson.databind.node.IntNode.valueOf(2147483647)).write(dir.resolve("big.safetensors"));
        Cli.Result r = runWithHeap("128m", "train", "--resume", f.toString(), "--out", "resumed-big", "--epochs",
                "3", "--plot", "none");
        assertOneLine(r, 4, "error: " + f + ": invalid model description: model.hidden[0] is 2147483647, expected 3, "
                + "the size of tensor \"layers.0.weight_hh_l0\" [9, 3]; use another checkpoint (the run directory "
                + "keeps the last few)");
    }

    @Test
    void absurdFiniteWeightsGiveNoInfinitePrediction() throws Exception {
        Path f = CheckpointEdit.of(dir.resolve("run/best.safetensors")).value("head.bias", 0, 1e250)
                .write(dir.resolve("absurd.safetensors"));
        for (String command : new String[] {"predict", "eval"}) {
            Cli.Result r = Cli.run(dir, command, "--model", f.toString(), Cli.sunspots().toString());
            assertOneLine(r, 4, "error: " + f + ": the model predicts 1.0E250 (normalised units), beyond 1.0E200: "
                    + "its weights are out of range (an edited checkpoint?); use another checkpoint, or "
                    + "--allow-nonfinite to use such predictions");
        }
        // the flag lets a user score such a model on purpose: the metrics are then as large as the predictions
        Cli.Result allowed = Cli.run(dir, "eval", "--allow-nonfinite", "--json", "--model", f.toString(),
                Cli.sunspots().toString());
        assertEquals(0, allowed.code(), allowed.err());
    }

    /** A file of {@code dataBytes} zero bytes after the header, written sparse (only the header on disk). */
    private static void sparse(Path file, String header, long dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(b.array());
            f.setLength(8 + padded + dataBytes);
        }
        assertEquals(8 + padded + dataBytes, Files.size(file), Map.of("file", file).toString());
    }
}
