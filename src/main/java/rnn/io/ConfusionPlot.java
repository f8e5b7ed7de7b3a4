package rnn.io;

import java.awt.Color;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * A classifier's confusion matrix as a heat map ({@code rnn eval --plot} on a classification model): true class
 * down, predicted class across, each cell's count written in it, white (0) to dark blue (the largest count).
 * Drawn with XChart like {@code loss.png}; PNG or SVG; written atomically. At most {@value #MAX_CLASSES} classes
 * (a larger matrix is unreadable as a picture; the caller says so and the report keeps the numbers).
 */
public final class ConfusionPlot {

    /** Most classes drawn. */
    public static final int MAX_CLASSES = 60;
    private static final int CELL = 48;
    private static final int MARGIN = 260;

    private ConfusionPlot() {
    }

    /**
     * Draws {@code counts[true][predicted]} over {@code labels} (its rows and columns) into {@code file}.
     *
     * @throws IllegalArgumentException for more than {@link #MAX_CLASSES} labels or a name that is not .png/.svg
     */
    public static void write(Path file, String title, List<String> labels, long[][] counts) throws IOException {
        LossPlot.Format format = ForecastPlot.formatOf(file);
        int n = labels.size();
        if (format == null || n > MAX_CLASSES || n == 0) {
            throw new IllegalArgumentException(file + ": " + n + " classes");
        }
        System.setProperty("java.awt.headless", "true");
        int side = MARGIN + CELL * n;
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9e, 0xca, 0xe1),
            new Color(0x08, 0x30, 0x6b)});
        chart.getStyler().setHeatMapValueDecimalPattern("#,##0");
        long max = 0;
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                max = Math.max(max, counts[t][p]);
                // y runs upwards: the first class's row at the top, as in a printed matrix
                cells.add(new Number[] {p, n - 1 - t, counts[t][p]});
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(1, max));
        List<String> down = new ArrayList<>(labels);
        java.util.Collections.reverse(down);
        chart.addSeries("count", labels, down, cells);
        AtomicFiles.write(file, ByteBuffer.wrap(ForecastPlot.encode(List.of(chart), format)));
    }
}
