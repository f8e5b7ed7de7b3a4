package rnn.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import ai.onnx.proto.OnnxMl.ModelProto;

import rnn.io.AtomicFiles;
import rnn.io.CheckpointException;
import rnn.io.NotARegularFileException;
import rnn.io.RunDirectoryException;
import rnn.nn.Compute;
import rnn.nn.RecurrentModel;
import rnn.onnx.OnnxExport;

/**
 * {@code rnn export}: a trained model (read and validated as predict reads it, {@link ModelSource}) written in a
 * format other tools load. Today ONNX: one graph from raw feature values to predictions in the target's units
 * ({@link OnnxExport}). OUT is written atomically (complete or not at all); an existing regular file is replaced,
 * as {@code predict -o} replaces it; anything else there (a directory, a FIFO, a device) is refused.
 */
@Command(name = "export", sortOptions = false,
        description = {"Writes a trained model as an ONNX graph (opset 17) for ONNX Runtime and other serving stacks.",
            "",
            "The graph takes 'features', float32 [batch, seq, F]: the model's feature columns in RAW units, in the "
                + "order of the metadata property 'features' (window and long layouts: one CSV row per step; wide "
                + "layout: a row's T*F values reshaped to [T, F], seq fixed to T); dynamic batch and seq. "
                + "It normalises inside, runs the ONNX RNN/GRU/LSTM operators and the head, and gives "
                + "'prediction' in the target's units ([batch, O]; [batch, seq, O] for --output sequence models) or, "
                + "for a classifier, 'probabilities' ([batch, (seq,) classes], classes as in the property 'classes').",
            "Every sequence of one call runs its full length: for a --output last model the prediction is the one "
                + "after the last step given (run sequences of different lengths in separate calls). Missing values "
                + "are not filled inside the graph.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn export runs/spots spots.onnx",
            "  rnn export --format onnx runs/spots/last.safetensors spots.onnx",
            "  Python: ort.InferenceSession(\"spots.onnx\").run(None, {\"features\": x})[0]"})
final class ExportCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(ExportCommand.class);

    /** The formats {@code rnn export} writes. */
    enum Format {
        ONNX
    }

    /** {@code --format}'s names. */
    static final class Formats extends Choice<Format> {
        Formats() {
            super(Format.class);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx", converter = Formats.class,
            completionCandidates = Formats.class, showDefaultValue = CommandLine.Help.Visibility.ALWAYS,
            description = "The file format: ${COMPLETION-CANDIDATES}.")
    Format format;

    @Option(names = "--schema", paramLabel = "config.json", description = "Read the model as a plain safetensors "
            + "state dict (e.g. written by PyTorch) with the architecture and schema of this config.json.")
    Path schema;

    @Option(names = "--allow-nonfinite", description = "Read a model whose weights hold NaN or infinities (one "
            + "edited on purpose); without it such a file is refused.")
    boolean allowNonfinite;

    @Option(names = "--quiet", description = "Print errors only.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors.")
    boolean debug;

    @Parameters(index = "0", paramLabel = "RUN|FILE", description = "A run directory (its best.safetensors) or a "
            + "checkpoint file.")
    Path model;

    @Parameters(index = "1", paramLabel = "OUT.onnx", description = "The file to write (replaced if it exists).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (quiet) {
            RunLogging.setConsoleLevel(Level.ERROR);
        }
        ModelSource source = ModelSource.open(model, schema, allowNonfinite);
        if (Files.exists(out) && Files.isSameFile(out, source.file())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "OUT.onnx " + out + " is the model file "
                    + "itself; name another path");
        }
        ModelProto onnx;
        try (Compute compute = Compute.singleThreaded()) {
            RecurrentModel net = source.build(compute);
            onnx = OnnxExport.export(source.spec(), net.parameters(), source.schema().contract(),
                    ManifestVersionProvider.version(), Map.of("source", source.file().getFileName().toString()));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source.file() + ": cannot be exported: " + e.getMessage());
        }
        byte[] bytes = onnx.toByteArray();
        try {
            AtomicFiles.write(out, ByteBuffer.wrap(bytes));
        } catch (NotARegularFileException e) {
            throw new RunDirectoryException(ExitCodes.MODEL_OR_IO, out + ": " + e.kind() + ", not a regular file; "
                    + "export writes a new file and renames it into place, which would replace it: name a regular "
                    + "file or a new path");
        } catch (IOException e) {
            throw new IOException(out + ": cannot write (" + PredictCommand.describe(e) + "); choose a writable path",
                    e);
        }
        LOG.info("exported {} ({}) to {}: {} bytes, ONNX opset {}", source.file(), source.describe(), out,
                bytes.length, onnx.getOpsetImport(0).getVersion());
        return ExitCodes.OK;
    }
}
