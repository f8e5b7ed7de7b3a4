package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.Batch;
import rnn.data.BatchIterator;
import rnn.data.ColumnStats;
import rnn.data.DataLoader;
import rnn.data.Dataset;
import rnn.io.SafeTensors;
import rnn.nn.SequenceInput;

/** {@code rnn predict} in-process: round trip, values computed independently, output forms, state dicts. */
class PredictCommandTest {

    @TempDir
    Path dir;

    /**
     * Train on sunspots, save, load, predict: the CSV holds exactly (bit for bit) what the in-memory model predicts
     * for the same inputs, de-normalised after the window's last value is added back (the default target mode is
     * delta for a series that is its own input).
     */
    @Test
    void predictionsFromTheCheckpointEqualTheInMemoryModelBitForBit() throws IOException {
        UseFixture.Run run = UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "features", "sunactivity",
                "hidden", "8,5",
                "cell", "lstm", "dropout", "0.1");
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run/last.safetensors")
                .toString(), UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("line,pred_sunactivity,actual_sunactivity", lines.get(0));
        List<String> file = Files.readAllLines(UseFixture.sunspots());

        Dataset data = DataLoader.loadForModel(UseFixture.sunspots(), run.data().contract(), ',',
                DataLoader.Purpose.PREDICT);
        ColumnStats stats = run.data().schema().contract().targetStats(0);
        List<String> expected = new ArrayList<>();
        Batch batch = data.newBatch(UseOptions.DEFAULT_BATCH_SIZE);
        BatchIterator it = data.batches(UseOptions.DEFAULT_BATCH_SIZE, null);
        while (it.next(batch)) {
            double[] pred = run.model().forward(new SequenceInput(batch.x(), 0, batch.mask(), 0, batch.size(),
                    batch.steps(), batch.inputs()), false, false);
            for (int b = 0; b < batch.size(); b++) {
                int line = data.line(batch.example(b), 19);
                String actual = line < 0 ? "" : Double.toString(Double.parseDouble(file.get(line - 1).split(",")[1]));
                double last = batch.x()[(19 * batch.size() + b) * batch.inputs()]; // the window's last value
                expected.add((line < 0 ? "" : Integer.toString(line)) + "," + stats.denormalize(pred[b] + last) + ","
                        + actual);
            }
        }
        assertEquals(expected, lines.subList(1, lines.size()));
        assertEquals(309 - 20 + 1 + 1, lines.size(), "290 windows, the last one a forecast");
        assertTrue(lines.get(lines.size() - 1).startsWith(","), "the forecast has no line");
        assertTrue(lines.get(lines.size() - 2).startsWith("310,"));
    }

    /**
     * A simple tanh RNN computed by hand from the checkpoint's tensors and the raw file, normalised with the
     * schema's statistics: the same predictions up to float32 storage of the inputs. The default target mode is
     * delta: the prediction is the window's last value plus the output in the target's units.
     */
    @Test
    void predictionsMatchAForwardPassComputedByHand() throws IOException {
        UseFixture.Run run = UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "features", "sunactivity",
                "cell", "rnn",
                "hidden", "4", "window", "6", "horizon", "2", "epochs", "1");
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("run/best.safetensors"));
        double[] wIh = c.tensor("layers.0.weight_ih_l0").values();
        double[] wHh = c.tensor("layers.0.weight_hh_l0").values();
        double[] bIh = c.tensor("layers.0.bias_ih_l0").values();
        double[] bHh = c.tensor("layers.0.bias_hh_l0").values();
        double[] wHead = c.tensor("head.weight").values();
        double bHead = c.tensor("head.bias").values()[0];
        ColumnStats st = run.data().schema().contract().scaling().featureStats().get(0);
        List<String> file = Files.readAllLines(UseFixture.sunspots());
        double[] raw = file.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        List<String> rows = o.out().lines().skip(1).toList();
        assertEquals(raw.length - 6 + 1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            double[] h = new double[4];
            for (int t = 0; t < 6; t++) {
                double z = (raw[i + t] - st.center()) / st.scale();
                double[] next = new double[4];
                for (int j = 0; j < 4; j++) {
                    double a = wIh[j] * z + bIh[j] + bHh[j];
                    for (int k = 0; k < 4; k++) {
                        a += wHh[j * 4 + k] * h[k];
                    }
                    next[j] = Math.tanh(a);
                }
                h = next;
            }
            double y = bHead;
            for (int j = 0; j < 4; j++) {
                y += wHead[j] * h[j];
            }
            String[] f = rows.get(i).split(",");
            int targetRow = i + 6 - 1 + 2;
            assertEquals(targetRow < raw.length ? Integer.toString(targetRow + 2) : "", f[0], "row " + i);
            assertEquals(y * st.scale() + raw[i + 5], Double.parseDouble(f[1]), 1e-5 * st.scale(), "row " + i);
        }
    }

    @Test
    void outWritesTheFileAtomicallyAndNothingOnStdout() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "4", "epochs", "1");
        Path out = dir.resolve("p.csv");
        Files.writeString(out, "old");
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(), "-o",
                out.toString(), UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.out());
        UseFixture.Output stdout = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());
        assertEquals(stdout.out(), Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("p.csv", "run"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary file is left");
        }
        UseFixture.Output bad = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(), "-o",
                dir.resolve("no/such/dir/p.csv").toString(), UseFixture.sunspots().toString());
        assertEquals(4, bad.code());
    }

    /** --output sequence: one row per step, with the example and step; the time column is carried over. */
    @Test
    void sequenceModelsWriteOneRowPerStep() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "hidden", "3", "epochs", "1", "output",
                "sequence", "window", "4", "time", "date");
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = o.out().lines().toList();
        assertEquals("example,step,date,line,pred_sunactivity,actual_sunactivity", rows.get(0));
        assertEquals((309 - 4 + 1) * 4 + 1, rows.size());
        // window 1 (rows 0..3), step 1 (row 0) predicts row 1: line 3, 1701-07-01
        assertTrue(rows.get(1).startsWith("1,1,1701-07-01,3,"), rows.get(1));
        assertTrue(rows.get(4).startsWith("1,4,1704-07-01,6,"), rows.get(4));
        assertTrue(rows.get(4).endsWith(",36.0"), rows.get(4)); // line 6 of the file: 1704-07-01,36.0
        // the last step of the last window predicts the year after the file's last row (2008-07-01): no line, no actual
        assertTrue(rows.get(rows.size() - 1).startsWith("306,4,2009-07-01,,"), rows.get(rows.size() - 1));
        assertTrue(rows.get(rows.size() - 1).endsWith(","), rows.get(rows.size() - 1));
    }

    /** Classification: the label and one probability per class, in class order, summing to 1. */
    @Test
    void classificationWritesTheLabelAndTheProbabilities() throws IOException {
        Path data = EvalCommandTest.classificationData(dir, "train.csv", 0);
        UseFixture.train(data, dir.resolve("run"), "id", "seq", "time", "t", "target", "label", "loss", "xent",
                "cell", "lstm", "hidden", "4", "epochs", "1");
        UseFixture.Output o = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                data.toString());
        assertEquals(0, o.code(), o.err());
        List<String> rows = o.out().lines().toList();
        assertEquals("seq,t,line,pred_label,prob_down,prob_flat,prob_up", rows.get(0));
        assertEquals(EvalCommandTest.SEQUENCES + 1, rows.size());
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            double[] p = {Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])};
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
            int arg = p[1] > p[0] ? (p[2] > p[1] ? 2 : 1) : (p[2] > p[0] ? 2 : 0);
            assertEquals(List.of("down", "flat", "up").get(arg), f[3]);
        }
    }

    /**
     * The reverse hand-over: a state dict as PyTorch's safetensors writes it (F32, names only, "format": "pt"
     * metadata) with the run's config.json gives the checkpoint's predictions up to float32 rounding of the weights.
     */
    @Test
    void aPyTorchStateDictIsReadWithSchemaConfigJson() throws IOException {
        UseFixture.train(UseFixture.sunspots(), dir.resolve("run"), "features", "sunactivity",
                "hidden", "6", "epochs", "1", "gru-variant",
                "reset-after");
        Path torch = dir.resolve("torch.safetensors");
        writeF32StateDict(SafeTensors.read(dir.resolve("run/best.safetensors")), torch);
        UseFixture.Output fromTorch = UseFixture.run("predict", "--quiet", "--model", torch.toString(), "--schema",
                dir.resolve("run/config.json").toString(), UseFixture.sunspots().toString());
        assertEquals(0, fromTorch.code(), fromTorch.err());
        UseFixture.Output fromRun = UseFixture.run("predict", "--quiet", "--model", dir.resolve("run").toString(),
                UseFixture.sunspots().toString());
        List<String> a = fromTorch.out().lines().toList();
        List<String> b = fromRun.out().lines().toList();
        assertEquals(b.size(), a.size());
        assertEquals(b.get(0), a.get(0));
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",");
            String[] y = b.get(i).split(",");
            assertEquals(y[0], x[0]);
            assertEquals(Double.parseDouble(y[1]), Double.parseDouble(x[1]), 1e-3);
        }
        assertEquals(4, UseFixture.run("predict", "--quiet", "--model", torch.toString(),
                UseFixture.sunspots().toString()).code(), "without --schema it is not an rnn checkpoint");
    }

    /** What {@code safetensors.torch.save_file(module.float().state_dict(), path)} writes. */
    static void writeF32StateDict(SafeTensors.Contents c, Path path) throws IOException {
        StringBuilder header = new StringBuilder("{");
        List<float[]> values = new ArrayList<>();
        long offset = 0;
        for (SafeTensors.Tensor t : c.tensors()) {
            if (!rnn.io.Checkpoint.isWeight(t.name())) {
                continue;
            }
            float[] f = new float[t.values().length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) t.values()[i];
            }
            values.add(f);
            header.append('"').append(t.name()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(java.util.Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[")
                    .append(offset).append(',').append(offset + 4L * f.length).append("]},");
            offset += 4L * f.length;
        }
        header.append("\"__metadata__\":{\"format\":\"pt\"}}");
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (float[] f : values) {
            for (float v : f) {
                buf.putFloat(v);
            }
        }
        Files.write(path, buf.array());
    }
}
