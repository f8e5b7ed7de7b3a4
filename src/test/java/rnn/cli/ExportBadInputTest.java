package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import rnn.testing.SpecialFiles;

/**
 * Every bad input of {@code rnn export}, in-process: the exit code and the exact one-line message, and nothing
 * written; the replacement of an existing file; the help; the metadata the graph carries.
 */
class ExportBadInputTest extends SmallRunTest {

    /** Runs export; returns the exit code and the logged lines with picocli's stderr. */
    private static UseFixture.Output export(String... args) {
        try (LogCapture log = new LogCapture()) {
            String[] all = new String[args.length + 1];
            all[0] = "export";
            System.arraycopy(args, 0, all, 1, args.length);
            UseFixture.Output o = UseFixture.run(all);
            return new UseFixture.Output(o.code(), o.out(), o.err() + log.text());
        }
    }

    private static void assertError(UseFixture.Output o, int code, String line) {
        assertEquals(code, o.code(), o.err());
        assertTrue(o.err().contains(line + "\n"), "expected the line\n" + line + "\ngot\n" + o.err());
        assertEquals("", o.out());
    }

    @Test
    void missingArgumentsAreAUsageError() {
        assertError(export(), 2, "rnn: Missing required parameters: 'RUN|FILE', 'OUT.onnx' (see 'rnn export --help')");
        assertError(export(dir.resolve("run").toString()), 2,
                "rnn: Missing required parameter: 'OUT.onnx' (see 'rnn export --help')");
    }

    @Test
    void aMissingModelIsExitFour() {
        Path out = dir.resolve("missing.onnx");
        Path none = dir.resolve("nothing.safetensors");
        assertError(export(none.toString(), out.toString()), 4,
                "error: " + none + ": no such checkpoint file; check the path");
        Path empty = dir.resolve("empty-run");
        assertTrue(empty.toFile().mkdir());
        assertError(export(empty.toString(), out.toString()), 4, "error: " + empty + ": has no best.safetensors; is "
                + "it a run directory of rnn train that finished at least one epoch? (or name a checkpoint file)");
        assertFalse(Files.exists(out));
    }

    @Test
    void aCorruptCheckpointIsExitFour() throws Exception {
        byte[] b = Files.readAllBytes(dir.resolve("run/best.safetensors"));
        b[b.length - 3] ^= 1;
        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), b);
        Path out = dir.resolve("corrupt.onnx");
        assertError(export(corrupt.toString(), out.toString()), 4, "error: " + corrupt + ": corrupt checkpoint: the "
                + "tensor bytes do not match their SHA-256 checksum (the file was modified or damaged); use another "
                + "checkpoint (the run directory keeps the last few)");
        assertFalse(Files.exists(out));
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertError(export("--format", "tflite", dir.resolve("run").toString(), dir.resolve("x.onnx").toString()), 2,
                "rnn: --format: expected one of onnx, got \"tflite\" (see 'rnn export --help')");
    }

    @Test
    void aDirectoryOrFifoAsOutIsRefusedAndStays() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("out-dir.onnx"));
        assertError(export(dir.resolve("run").toString(), outDir.toString()), 4, "error: " + outDir + ": a "
                + "directory, not a regular file; export writes a new file and renames it into place, which would "
                + "replace it: name a regular file or a new path");
        assertTrue(Files.isDirectory(outDir));
        Path fifo = SpecialFiles.fifo(dir.resolve("out.fifo"));
        assertError(export(dir.resolve("run").toString(), fifo.toString()), 4, "error: " + fifo + ": a FIFO (named "
                + "pipe), not a regular file; export writes a new file and renames it into place, which would replace "
                + "it: name a regular file or a new path");
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo));
    }

    @Test
    void anOutInAMissingDirectoryIsExitFour() {
        Path out = dir.resolve("no-such-dir/model.onnx");
        assertError(export(dir.resolve("run").toString(), out.toString()), 4, "error: I/O error: " + out
                + ": cannot write (no such directory); choose a writable path");
    }

    @Test
    void theModelFileItselfAsOutIsAUsageErrorAndTheFileStays() throws Exception {
        Path best = dir.resolve("run/best.safetensors");
        byte[] before = Files.readAllBytes(best);
        assertError(export(dir.resolve("run").toString(), best.toString()), 2, "rnn: OUT.onnx " + best + " is the "
                + "model file itself; name another path (see 'rnn export --help')");
        assertArrayEquals(before, Files.readAllBytes(best));
    }

    @Test
    void anExistingFileIsReplacedWhole() throws Exception {
        Path out = Files.writeString(dir.resolve("old.onnx"), "an older file");
        UseFixture.Output o = export(dir.resolve("run").toString(), out.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("", o.out());
        assertTrue(o.err().contains("info: exported " + dir.resolve("run/best.safetensors") + " (gru reset-after [3]) "
                + "to " + out + ": " + Files.size(out) + " bytes, ONNX opset 17\n"), o.err());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().contains(".tmp-")).count(),
                    "no temporary file left");
        }
        assertEquals("[\"sunactivity\"]", OnnxParity.property(out, "features"));
        assertEquals("[\"sunactivity\"]", OnnxParity.property(out, "targets"));
        assertEquals("[]", OnnxParity.property(out, "classes"));
        assertEquals("last", OnnxParity.property(out, "output"));
        assertEquals("window", OnnxParity.property(out, "layout"));
        assertEquals(ManifestVersionProvider.version(), OnnxParity.property(out, "rnn_version"));
        assertTrue(OnnxParity.property(out, "rnn_contract").contains("\"scaling\""));
    }

    @Test
    void helpShowsTheFormatAndAnExample() {
        UseFixture.Output o = UseFixture.run("export", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("--format=FORMAT"), o.out());
        assertTrue(o.out().contains("rnn export runs/spots spots.onnx"), o.out());
        UseFixture.Output root = UseFixture.run("--help");
        assertTrue(root.out().contains("export"), root.out());
    }

    @Test
    void nonFiniteWeightsAreRefusedUnlessAllowed() throws Exception {
        Path nan = CheckpointEdit.of(dir.resolve("run/best.safetensors")).value("layers.0.weight_hh_l0", 4, Double.NaN)
                .write(dir.resolve("nan.safetensors"));
        Path out = dir.resolve("nan.onnx");
        assertError(export(nan.toString(), out.toString()), 4, "error: " + nan + ": tensor \"layers.0.weight_hh_l0\" "
                + "holds NaN at index 4, expected finite values; use another checkpoint (or --allow-nonfinite to read "
                + "a model edited on purpose)");
        assertFalse(Files.exists(out));
        assertEquals(0, export("--allow-nonfinite", nan.toString(), out.toString()).code());
        assertTrue(Files.size(out) > 0);
    }

    /** A PyTorch state dict (float32) with --schema config.json exports the graph of the run it came from. */
    @Test
    void aStateDictWithItsSchemaExportsTheRunsGraph() throws Exception {
        Path torch = dir.resolve("torch.safetensors");
        PredictCommandTest.writeF32StateDict(rnn.io.SafeTensors.read(dir.resolve("run/best.safetensors")), torch);
        Path fromRun = dir.resolve("from-run.onnx");
        Path fromTorch = dir.resolve("from-torch.onnx");
        assertEquals(0, export(dir.resolve("run").toString(), fromRun.toString()).code());
        UseFixture.Output o = export("--schema", dir.resolve("run/config.json").toString(), torch.toString(),
                fromTorch.toString());
        assertEquals(0, o.code(), o.err());
        float[][][] x = new float[2][20][1];
        for (int t = 0; t < 20; t++) {
            x[0][t][0] = 10 * t;
            x[1][t][0] = 150 - 5 * t;
        }
        assertArrayEquals(OnnxParity.run(fromRun, x), OnnxParity.run(fromTorch, x));
    }
}
