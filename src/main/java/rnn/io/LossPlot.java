package rnn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code RUN/loss.png} (or {@code loss.svg}): training and validation loss against epoch, drawn with XChart.
 * The y axis is logarithmic when the plotted values span more than two decades. Written atomically, so a reader
 * never sees half an image.
 */
public final class LossPlot {

    /** {@code --plot}: the image format, or none. */
    public enum Format {
        PNG, SVG, NONE;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** max/min of the plotted losses above which the y axis is logarithmic. */
    static final double LOG_SCALE_RATIO = 100;

    private LossPlot() {
    }

    /** The file a format writes in a run directory, or null for NONE. */
    public static Path file(Path runDir, Format format) {
        return format == Format.NONE ? null : runDir.resolve("loss." + format.extension());
    }

    /** Draws the rows into {@code RUN/loss.<format>}; does nothing for NONE or no rows. */
    public static void draw(Path runDir, List<LossLog.Row> rows, String title, Format format) throws IOException {
        byte[] image = render(rows, title, format);
        if (image != null) {
            AtomicFiles.write(file(runDir, format), ByteBuffer.wrap(image));
        }
    }


    /** The image file's bytes, or null for NONE or nothing to plot. */
    private static byte[] render(List<LossLog.Row> rows, String title, Format format) {
        if (format == Format.NONE || rows.isEmpty()) {
            return null;
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle("loss (normalised units)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setDecimalPattern("#,##0.####");
        List<Double> epochs = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> valEpochs = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (LossLog.Row r : rows) {
            if (Double.isFinite(r.trainLoss()) && r.trainLoss() > 0) {
                epochs.add((double) r.epoch());
                train.add(r.trainLoss());
                min = Math.min(min, r.trainLoss());
                max = Math.max(max, r.trainLoss());
            }
            if (Double.isFinite(r.valLoss()) && r.valLoss() > 0) {
                valEpochs.add((double) r.epoch());
                val.add(r.valLoss());
                min = Math.min(min, r.valLoss());
                max = Math.max(max, r.valLoss());
            }
        }
        if (train.isEmpty() && val.isEmpty()) {
            return null;
        }
        // log scale once the curves span decades (then at least three decade ticks are labelled)
        chart.getStyler().setYAxisLogarithmic(max / min > LOG_SCALE_RATIO);
        if (!train.isEmpty()) {
            XYSeries s = chart.addSeries("train", epochs, train);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (!val.isEmpty()) {
            XYSeries s = chart.addSeries("validation", valEpochs, val);
            s.setMarker(SeriesMarkers.DIAMOND);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format == Format.PNG) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
