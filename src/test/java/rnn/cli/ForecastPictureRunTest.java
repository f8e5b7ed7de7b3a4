package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.io.Pixels;

/**
 * Issue 12 item 7 from the command line: {@code rnn predict --plot} and {@code rnn eval --plot} write the picture
 * the model calls for (each line found by its colour), and refuse what they cannot draw with the exact message.
 */
class ForecastPictureRunTest {

    /** The colours of ForecastPlot's lines (io.ForecastPlotTest checks the drawing itself). */
    private static final int ACTUAL = 0x222222;
    private static final int PREDICTED = 0x1f77b4;
    private static final int FORECAST = 0xff7f0e;
    private static final int VALIDATION_LINE = 0x993333;

    @TempDir
    static Path dir;
    static Cli.Result path;

    @BeforeAll
    static void trainOnce() throws Exception {
        StringBuilder b = new StringBuilder("month,sales\n");
        for (int r = 0; r < 72; r++) {
            long v = Math.round((100 + 2 * r) * (1 + 0.3 * Math.sin(2 * Math.PI * r / 12)));
            b.append(LocalDate.of(2000, 1, 1).plusMonths(r)).append(',').append(v).append('\n');
        }
        Files.writeString(dir.resolve("sales.csv"), b);
        path = Cli.run(dir, "train", "--epochs", "2", "--hidden", "3", "--window", "12", "--horizon", "1..6",
                "--threads", "1", "--plot", "none", "--out", "run", "sales.csv");
        assertEquals(0, path.code(), path.err());
    }

    @Test
    void predictDrawsTheHistoryAndThePath() throws Exception {
        Cli.Result r = Cli.run(dir, "predict", "--model", "run", "--plot", "predict.png", "sales.csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote predict.png: 1 series"), r.err());
        BufferedImage image = ImageIO.read(dir.resolve("predict.png").toFile());
        assertTrue(Pixels.count(image, ACTUAL) > 50, "the actual values");
        assertTrue(Pixels.count(image, PREDICTED) > 50, "the predictions");
        assertTrue(Pixels.count(image, FORECAST) > 10, "the path after the end");
        assertEquals(0, Pixels.count(image, VALIDATION_LINE), "predict marks no validation part");
    }

    /**
     * The panel holds every row of the series as the history (the file's values), the predictions on the rows the
     * windows forecast (none on the first W rows), and the path after the end at the months that follow.
     */
    @Test
    void thePanelHoldsTheWholeHistoryAndThePath() throws Exception {
        ModelSource source = ModelSource.open(dir.resolve("run/best.safetensors"), null, false);
        rnn.data.Dataset data = rnn.data.DataLoader.loadForModel(dir.resolve("sales.csv"),
                source.schema().contract(), ',', rnn.data.DataLoader.Purpose.PREDICT);
        rnn.use.ForecastPicture picture = Pictures.forecast(data, source.schema().contract());
        try (rnn.nn.Compute compute = new rnn.nn.Compute(1)) {
            rnn.use.Predictor.forEachBatch(source.build(compute), data, 32, picture::add);
        }
        assertFalse(picture.leftOut(), "the one series is kept");
        rnn.use.ForecastPicture none = new rnn.use.ForecastPicture(data, source.schema().contract(), 0);
        try (rnn.nn.Compute compute = new rnn.nn.Compute(1)) {
            rnn.use.Predictor.forEachBatch(source.build(compute), data, 32, none::add);
        }
        assertTrue(none.leftOut() && none.panels().isEmpty(), "a series beyond the limit is left out and said so");
        rnn.use.ForecastPicture.Panel p = picture.panels().get(0);
        List<String> lines = Files.readAllLines(dir.resolve("sales.csv"));
        assertEquals(72, p.x().length);
        for (int r = 0; r < 72; r++) {
            assertEquals(Double.parseDouble(lines.get(r + 1).split(",")[1]), p.actual()[r], "row " + r);
        }
        assertTrue(Double.isNaN(p.predicted()[11]), "no window forecasts the first 12 rows");
        assertFalse(Double.isNaN(p.predicted()[71]));
        // the predictions are predict's step-1 rows (by their line), the naive forecast the row before's value
        Cli.Result r = Cli.run(dir, "predict", "--model", "run", "sales.csv");
        assertEquals(0, r.code(), r.err());
        int checked = 0;
        for (String row : r.out().lines().skip(1).toList()) {
            String[] f = row.split(",", -1); // month, step_ahead, line, pred_sales, actual_sales
            if (!f[2].isEmpty()) {
                int i = Integer.parseInt(f[2]) - 2;
                assertEquals(Double.parseDouble(f[3]), p.predicted()[i], 0.0, "row " + i);
                assertEquals(p.actual()[i - 1], p.naive()[i], 1e-9, "row " + i);
                checked++;
            }
        }
        assertTrue(checked > 20, "rows compared: " + checked);
        assertEquals(6, p.future().length);
        assertEquals(java.time.LocalDate.of(2006, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond(),
                p.futureX()[0], 0.0, "the month after the last row");
    }

    @Test
    void evalOfTheTrainingFileMarksTheValidationPart() throws Exception {
        Cli.Result r = Cli.run(dir, "eval", "--model", "run", "--plot", "eval.svg", "sales.csv");
        assertEquals(0, r.code(), r.err());
        String svg = Files.readString(dir.resolve("eval.svg"));
        assertTrue(svg.contains("rgb(153,51,51)"), "the validation line");
        assertTrue(svg.contains("rgb(255,127,14)"), "the path after the end");
        // another file: nothing to mark
        Files.copy(dir.resolve("sales.csv"), dir.resolve("copy.csv"));
        Files.writeString(dir.resolve("copy.csv"), "2006-01-01,250\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Result other = Cli.run(dir, "eval", "--model", "run", "--plot", "other.svg", "copy.csv");
        assertEquals(0, other.code(), other.err());
        assertFalse(Files.readString(dir.resolve("other.svg")).contains("rgb(153,51,51)"));
    }

    @Test
    void aClassifiersEvalDrawsItsConfusionMatrix() throws Exception {
        StringBuilder b = new StringBuilder("id,step,x,label\n");
        for (int s = 0; s < 40; s++) {
            for (int t = 0; t < 4; t++) {
                b.append(s).append(',').append(t).append(',').append(s % 2 == 0 ? t : -t).append(',')
                        .append(s % 2 == 0 ? "up" : "down").append('\n');
            }
        }
        Files.writeString(dir.resolve("labels.csv"), b);
        Cli.Result t = Cli.run(dir, "train", "--id", "id", "--time", "step", "--target", "label", "--loss", "xent",
                "--epochs", "2", "--hidden", "3", "--threads", "1", "--plot", "none", "--out", "cls", "labels.csv");
        assertEquals(0, t.code(), t.err());
        Cli.Result r = Cli.run(dir, "eval", "--model", "cls", "--plot", "cm.png", "labels.csv");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("wrote cm.png: the confusion matrix of 2 classes"), r.err());
        assertTrue(Pixels.count(ImageIO.read(dir.resolve("cm.png").toFile()), 0xffffff) > 0);
        Cli.Result p = Cli.run(dir, "predict", "--model", "cls", "--plot", "p.png", "labels.csv");
        assertEquals(2, p.code());
        assertTrue(p.err().contains("--plot: expected a forecast model (regression in the window layout, --output "
                + "last), got a classifier; leave out --plot"), p.err());
        assertFalse(Files.exists(dir.resolve("p.png")));
    }

    @Test
    void badPlotNames() throws Exception {
        Cli.Result r = Cli.run(dir, "predict", "--model", "run", "--plot", "f.jpg", "sales.csv");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--plot: expected a file name ending in .png or .svg, got \"f.jpg\""), r.err());
        assertEquals("", r.out(), "nothing predicted");
        Cli.Result missing = Cli.run(dir, "eval", "--model", "run", "--plot", "no/such/dir/e.png", "sales.csv");
        assertEquals(4, missing.code());
        assertTrue(missing.err().contains("--plot no/such/dir/e.png: cannot write (no such directory); choose a "
                + "writable path"), missing.err());
    }
}
