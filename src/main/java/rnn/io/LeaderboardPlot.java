package rnn.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A sweep's {@code leaderboard.png}: one line per trial, its validation loss against epoch (from its
 * {@code loss.csv}), legend in leaderboard order, drawn with XChart like {@link LossPlot} (logarithmic y axis when
 * the losses span more than {@link LossPlot#LOG_SCALE_RATIO}). Written atomically; nothing when no trial has a
 * validation loss yet.
 */
public final class LeaderboardPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private LeaderboardPlot() {
    }

    /** Draws {@code curves} (legend → rows, in order) into {@code file}. */
    public static void draw(Path file, Map<String, List<LossLog.Row>> curves, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle("validation loss (normalised units)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        chart.getStyler().setDecimalPattern("#,##0.####");
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Map.Entry<String, List<LossLog.Row>> c : curves.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (LossLog.Row r : c.getValue()) {
                if (Double.isFinite(r.valLoss()) && r.valLoss() > 0) {
                    x.add((double) r.epoch());
                    y.add(r.valLoss());
                    min = Math.min(min, r.valLoss());
                    max = Math.max(max, r.valLoss());
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(c.getKey(), x, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return;
        }
        chart.getStyler().setYAxisLogarithmic(max / min > LossPlot.LOG_SCALE_RATIO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, ByteBuffer.wrap(out.toByteArray()));
    }
}
