package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import rnn.data.DataLoader;
import rnn.data.Dataset;
import rnn.io.AtomicFileWriter;
import rnn.io.NotARegularFileException;
import rnn.io.RunDirectoryException;
import rnn.nn.Compute;
import rnn.nn.RecurrentModel;
import rnn.use.PredictionWriter;
import rnn.use.Predictor;

/** {@code rnn predict}: a trained model's predictions for every example of a CSV file, as CSV (DESIGN §2). */
@Command(name = "predict", sortOptions = false,
        description = {"Writes a trained model's predictions for a CSV file as CSV.",
            "",
            "DATA.csv is read with the model's schema: columns by name; the same layout, window, horizon and "
                + "normalisation. One output row per window, sequence or row (per step for --output sequence "
                + "models): the id column, example and step (sequence models), the time column, step_ahead "
                + "(--horizon 1..H models), 'line' (the line of DATA.csv holding the target row; empty for a "
                + "forecast beyond the end of the file), pred_<target> in the target's units (classification: the "
                + "label, then prob_<class> per class), and actual_<target>, the value in DATA.csv where known.",
            "Target values need not be present unless the target is also an input. In the window layout the last "
                + "H windows of each series forecast past the end of the file; a --horizon 1..H model writes each "
                + "series' path of H rows there instead. A forecast row's time is the time that many steps after "
                + "the series' last row (daily, weekly, monthly, quarterly, yearly or a constant numeric step), "
                + "empty when the times have no regular step.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {"  rnn predict --model runs/spots sample-data/sunspots.csv > pred.csv",
            "  rnn predict --model runs/spots/last.safetensors -o pred.csv new.csv",
            "  rnn predict --model torch.safetensors --schema runs/spots/config.json new.csv"})
final class PredictCommand implements Callable<Integer> {

    private static final Logger LOG = LogManager.getLogger(PredictCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    UseOptions use;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "DATA.csv", description = UseOptions.DATA_DESCRIPTION)
    java.nio.file.Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT.csv", order = 6,
            description = "Write the predictions to this file (atomically: complete or not at all) instead of stdout.")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png|svg", order = 7, description = "Also draw the forecast: per "
            + "series (the first 12) the actual values, the predictions, the naive forecast (faint) and the forecast "
            + "after the end of the file. Forecast models (regression in the window layout) only.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        CommandLine cl = spec.commandLine();
        use.data = data;
        use.apply(cl);
        ModelSource source = use.open();
        if (plot != null) {
            Pictures.check(cl, plot, source.schema().contract(), false);
        }
        Dataset dataset = use.load(cl, source, DataLoader.Purpose.PREDICT);
        LOG.info("model: {}: {}, {} inputs, {} outputs", source.file(), source.describe(),
                source.spec().inputSize(), source.spec().outputs());
        try (Compute compute = use.compute(source.spec(), dataset)) {
            RecurrentModel model = source.build(compute);
            LOG.info("predicting {} {} of {}", dataset.size(), noun(source), use.data);
            long rows;
            if (out == null) {
                rows = write(model, dataset, source, cl.getOut(), true);
            } else {
                try (AtomicFileWriter file = AtomicFileWriter.open(out)) {
                    rows = write(model, dataset, source, file.writer(), false);
                    file.commit();
                } catch (NotARegularFileException e) {
                    throw new RunDirectoryException(ExitCodes.MODEL_OR_IO, "-o " + out + ": " + e.kind()
                            + ", not a regular file; -o writes a new file and renames it into place, which would "
                            + "replace it: name a regular file or a new path, or redirect stdout (> " + out + ")");
                } catch (IOException e) {
                    throw new IOException("-o " + out + ": cannot write (" + describe(e) + "); choose a writable path",
                            e);
                }
            }
            LOG.info("wrote {} prediction row{}{}", rows, rows == 1 ? "" : "s", out == null ? "" : " to " + out);
        }
        return ExitCodes.OK;
    }

    private long write(RecurrentModel model, Dataset dataset, ModelSource source, Writer w, boolean stdout)
            throws IOException {
        PredictionWriter writer = new PredictionWriter(w, source.schema().contract(), dataset);
        writer.writeHeader();
        rnn.use.ForecastPicture picture = plot == null ? null : Pictures.forecast(dataset, source.schema().contract());
        Predictor.forEachBatch(model, dataset, use.batchSize, (batch, pred) -> {
            if (!use.allowNonfinite) {
                source.checkPredictions(pred, batch);
            }
            writer.write(batch, pred);
            if (picture != null) {
                picture.add(batch, pred);
            }
            if (stdout) {
                ResultWriter.check((PrintWriter) w); // a closed pipe or a full disk stops the work here
            }
        });
        w.flush();
        if (picture != null) {
            Pictures.write(plot, picture, source.schema().contract());
        }
        return writer.rows();
    }

    static String noun(ModelSource source) {
        return source.schema().contract().layout().examplesNoun();
    }

    /** A short reason for an I/O failure of an output file ("no such directory", "permission denied", …). */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
