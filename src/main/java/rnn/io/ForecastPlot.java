package rnn.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.imageio.ImageIO;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

/**
 * A forecast picture ({@code rnn eval --plot}, {@code rnn predict --plot}): one panel per series, the actual values
 * as a dark line, the model's predictions in blue, the naive forecast as a faint grey line, a dashed vertical line
 * where the validation part begins, and the forecast path past the end of the data in orange. Drawn with XChart,
 * like {@code loss.png}; PNG or SVG; written atomically.
 *
 * <p>At most {@value #MAX_PANELS} panels (the first series; the caller says how many were left out), one or two
 * columns of {@value #PANEL_WIDTH}×{@value #PANEL_HEIGHT}. A line of more than {@value #MAX_POINTS} points is thinned
 * to the minimum and maximum of each of {@value #MAX_POINTS}/2 equal runs, which keeps its envelope (a 500,000-row
 * series draws as fast as a short one).
 */
public final class ForecastPlot {

    /** What the x values are. */
    public enum Axis {
        /** Seconds since 1970-01-01T00:00Z (an ISO time column): a date axis. */
        DATES,
        /** The values of a numeric time column. */
        NUMBERS,
        /** Row positions in the series (no time column). */
        POSITIONS
    }

    /**
     * One series' panel. Arrays of one series of points have equal lengths; NaN leaves a point out (an unknown
     * actual value, a row without a prediction). {@code validationFrom} is the x where the validation part begins
     * (NaN: none marked); {@code futureX}/{@code future} the forecast path after the last row (empty: none).
     */
    public record Panel(String title, double[] x, double[] actual, double[] predicted, double[] naive,
            double validationFrom, double[] futureX, double[] future) {
        public Panel {
            if (actual.length != x.length || predicted.length != x.length || naive.length != x.length
                    || future.length != futureX.length) {
                throw new IllegalArgumentException("lengths differ");
            }
        }
    }

    /** Most panels in one picture. */
    public static final int MAX_PANELS = 12;
    /** Most points a line is drawn with. */
    static final int MAX_POINTS = 4000;
    static final int PANEL_WIDTH = 900;
    static final int PANEL_HEIGHT = 320;

    private static final Color ACTUAL = new Color(0x22, 0x22, 0x22);
    private static final Color PREDICTED = new Color(0x1f, 0x77, 0xb4);
    private static final Color NAIVE = new Color(0xb0, 0xb0, 0xb0);
    private static final Color FUTURE = new Color(0xff, 0x7f, 0x0e);
    private static final double MILLIS = 1000;

    private ForecastPlot() {
    }

    /** The format a file name asks for ({@code .png} or {@code .svg}, any case), or null for another name. */
    public static LossPlot.Format formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".png") ? LossPlot.Format.PNG : name.endsWith(".svg") ? LossPlot.Format.SVG : null;
    }

    /** Draws the panels into {@code file} (PNG or SVG by its name), atomically. */
    public static void write(Path file, String yLabel, Axis axis, List<Panel> panels) throws IOException {
        LossPlot.Format format = formatOf(file);
        if (format == null) {
            throw new IllegalArgumentException("not a .png or .svg name: " + file);
        }
        List<XYChart> charts = new ArrayList<>();
        for (Panel p : panels.subList(0, Math.min(MAX_PANELS, panels.size()))) {
            charts.add(chart(p, yLabel, axis));
        }
        AtomicFiles.write(file, ByteBuffer.wrap(encode(charts, format)));
    }

    private static XYChart chart(Panel p, String yLabel, Axis axis) {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(p.title())
                .xAxisTitle(axis == Axis.POSITIONS ? "row of the series" : "time").yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setDecimalPattern("#,##0.###");
        if (axis == Axis.DATES) {
            chart.getStyler().setDatePattern(datePattern(p));
        }
        add(chart, "naive", axis, p.x(), p.naive(), NAIVE, 1f);
        add(chart, "actual", axis, p.x(), p.actual(), ACTUAL, 1.5f);
        add(chart, "predicted", axis, p.x(), p.predicted(), PREDICTED, 1.5f);
        add(chart, "forecast", axis, p.futureX(), p.future(), FUTURE, 2f);
        if (chart.getSeriesMap().isEmpty()) {
            add(chart, "no values", axis, new double[] {0}, new double[] {0}, Color.WHITE, 0f);
        }
        if (Double.isFinite(p.validationFrom())) {
            AnnotationLine line = new AnnotationLine(axis == Axis.DATES ? p.validationFrom() * MILLIS
                    : p.validationFrom(), true, false);
            chart.addAnnotation(line);
            chart.getStyler().setAnnotationLineColor(new Color(0x99, 0x33, 0x33));
            chart.getStyler().setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /** Years when the panel spans more than three years, else days. */
    private static String datePattern(Panel p) {
        double span = 0;
        if (p.x().length > 0) {
            double last = p.futureX().length > 0 ? p.futureX()[p.futureX().length - 1] : p.x()[p.x().length - 1];
            span = last - p.x()[0];
        }
        return span > 3 * 365.25 * 86_400 ? "yyyy" : span > 60 * 86_400 ? "yyyy-MM" : "yyyy-MM-dd";
    }

    /** Adds one line of the finite points (thinned), or nothing when there are none. */
    private static void add(XYChart chart, String name, Axis axis, double[] x, double[] y, Color color, float width) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        double[][] thin = thin(xs, ys);
        XYSeries s;
        if (axis == Axis.DATES) {
            List<Date> dates = new ArrayList<>(thin[0].length);
            for (double v : thin[0]) {
                dates.add(new Date(Math.round(v * MILLIS)));
            }
            List<Double> values = new ArrayList<>(thin[1].length);
            for (double v : thin[1]) {
                values.add(v);
            }
            s = chart.addSeries(name, dates, values);
        } else {
            s = chart.addSeries(name, thin[0], thin[1]);
        }
        s.setMarker(xs.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setLineWidth(width);
    }

    /** The points, or the minimum and maximum (in x order) of each of MAX_POINTS/2 runs when there are more. */
    static double[][] thin(List<Double> xs, List<Double> ys) {
        int n = xs.size();
        if (n <= MAX_POINTS) {
            double[][] out = new double[2][n];
            for (int i = 0; i < n; i++) {
                out[0][i] = xs.get(i);
                out[1][i] = ys.get(i);
            }
            return out;
        }
        int runs = MAX_POINTS / 2;
        double[][] out = new double[2][2 * runs];
        for (int r = 0; r < runs; r++) {
            int from = (int) ((long) n * r / runs);
            int to = (int) ((long) n * (r + 1) / runs);
            int lo = from;
            int hi = from;
            for (int i = from + 1; i < to; i++) {
                if (ys.get(i) < ys.get(lo)) {
                    lo = i;
                }
                if (ys.get(i) > ys.get(hi)) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            out[0][2 * r] = xs.get(first);
            out[1][2 * r] = ys.get(first);
            out[0][2 * r + 1] = xs.get(second);
            out[1][2 * r + 1] = ys.get(second);
        }
        return out;
    }

    /** One picture of the charts in one column (up to 3) or two. */
    static byte[] encode(List<? extends Chart<?, ?>> charts, LossPlot.Format format) {
        int n = charts.size();
        int columns = n <= 3 ? 1 : 2;
        int rows = (n + columns - 1) / columns;
        int width = charts.get(0).getWidth();
        int height = charts.get(0).getHeight();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format == LossPlot.Format.PNG) {
                BufferedImage image = new BufferedImage(columns * width, rows * height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                for (int i = 0; i < n; i++) {
                    g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * width,
                            (i / columns) * height, null);
                }
                g.dispose();
                ImageIO.write(image, "png", out);
            } else {
                VectorGraphics2D g = new VectorGraphics2D();
                for (int i = 0; i < n; i++) {
                    Graphics2D panel = (Graphics2D) g.create((i % columns) * width, (i / columns) * height, width,
                            height);
                    charts.get(i).paint(panel, width, height);
                    panel.dispose();
                }
                new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, columns * width, rows * height))
                        .writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
