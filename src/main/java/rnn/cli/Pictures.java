package rnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import picocli.CommandLine;
import rnn.data.Dataset;
import rnn.data.InputContract;
import rnn.io.ConfusionPlot;
import rnn.io.ForecastPlot;
import rnn.io.RunDirectoryException;
import rnn.use.EvalReport;
import rnn.use.ForecastPicture;

/**
 * {@code --plot FILE} of {@code rnn predict} and {@code rnn eval} (issue 12 item 7): checks the option before any
 * work, and writes the picture the model's kind calls for — a forecast per series ({@link ForecastPicture} →
 * {@link ForecastPlot}) for regression in the window layout, a confusion matrix ({@link ConfusionPlot}) for a
 * classifier's eval.
 */
final class Pictures {

    private static final Logger LOG = LogManager.getLogger(Pictures.class);

    private Pictures() {
    }

    /**
     * The {@code --plot} file, checked: a {@code .png} or {@code .svg} name, and a model the command can draw.
     *
     * @param confusion whether a classifier is drawn (eval's confusion matrix)
     * @throws CommandLine.ParameterException (exit 2) otherwise
     */
    static void check(CommandLine cl, Path file, InputContract c, boolean confusion) {
        if (ForecastPlot.formatOf(file) == null) {
            throw new CommandLine.ParameterException(cl, "--plot: expected a file name ending in .png or .svg, got "
                    + "\"" + file + "\"");
        }
        if (c.classification() && confusion && !c.layout().readsText()) {
            return;
        }
        if (!ForecastPicture.supports(c)) {
            String kind = c.layout().readsText() ? "a text model" : c.classification() ? "a classifier"
                    : "a regression model of the " + c.layout().cliName() + " layout"
                    + (c.output() == rnn.data.TargetMode.SEQUENCE ? " with --output sequence" : "");
            throw new CommandLine.ParameterException(cl, "--plot: expected " + (confusion ? "a forecast model "
                    + "(regression in the window layout, --output last) or a classifier" : "a forecast model "
                    + "(regression in the window layout, --output last)") + ", got " + kind + "; leave out --plot");
        }
    }

    /** A forecast picture's collector for {@code data} read for prediction with contract {@code c}. */
    static ForecastPicture forecast(Dataset data, InputContract c) {
        return new ForecastPicture(data, c, ForecastPlot.MAX_PANELS);
    }

    /** Draws the collected forecasts into {@code file}. */
    static void write(Path file, ForecastPicture picture, InputContract c) throws IOException {
        List<ForecastPlot.Panel> panels = new ArrayList<>();
        for (ForecastPicture.Panel p : picture.panels()) {
            LOG.debug("picture of {}: {} points, validation from x = {}, {} forecast points", p.title(), p.x().length,
                    p.validationFrom(), p.future().length);
            panels.add(new ForecastPlot.Panel(p.title(), p.x(), p.actual(), p.predicted(), p.naive(),
                    p.validationFrom(), p.futureX(), p.future()));
        }
        ForecastPlot.Axis axis = switch (picture.axis()) {
            case DATES -> ForecastPlot.Axis.DATES;
            case NUMBERS -> ForecastPlot.Axis.NUMBERS;
            default -> ForecastPlot.Axis.POSITIONS;
        };
        save(file, () -> ForecastPlot.write(file, c.targets().get(0), axis, panels));
        LOG.info("wrote {}: {} series{}", file, panels.size(), picture.leftOut() ? " (the first "
                + ForecastPlot.MAX_PANELS + "; the others are left out of the picture)" : "");
    }

    /** Draws a classifier's confusion matrix into {@code file}, or says why it is left out. */
    static void write(Path file, EvalReport.Classification c) throws IOException {
        if (c.classes().size() + c.unseenClasses().size() > ConfusionPlot.MAX_CLASSES) {
            LOG.warn("--plot: {} classes are too many for a readable picture (at most {}); no picture written, the "
                    + "report holds the matrix", c.classes().size() + c.unseenClasses().size(),
                    ConfusionPlot.MAX_CLASSES);
            return;
        }
        List<String> labels = new ArrayList<>(c.classes());
        labels.addAll(c.unseenClasses());
        save(file, () -> ConfusionPlot.write(file, "confusion matrix", labels, c.confusion()));
        LOG.info("wrote {}: the confusion matrix of {} classes", file, labels.size());
    }

    private interface Drawing {
        void draw() throws IOException;
    }

    private static void save(Path file, Drawing d) {
        try {
            d.draw();
        } catch (IOException e) {
            throw new RunDirectoryException(ExitCodes.MODEL_OR_IO, "--plot " + file + ": cannot write ("
                    + PredictCommand.describe(e) + "); choose a writable path");
        }
    }
}
