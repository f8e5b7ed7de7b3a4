package rnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forecast and confusion pictures: written, readable, of the documented size and with each line drawn. */
class ForecastPlotTest {

    @TempDir
    Path dir;

    private static ForecastPlot.Panel panel(String title, int n, boolean future) {
        double[] x = new double[n];
        double[] actual = new double[n];
        double[] pred = new double[n];
        double[] naive = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1_262_304_000 + i * 2_678_400.0; // monthly-ish seconds from 2010
            actual[i] = 100 + 10 * Math.sin(i / 2.0) + i;
            pred[i] = i < 3 ? Double.NaN : actual[i] + 1;
            naive[i] = i == 0 ? Double.NaN : actual[i - 1];
        }
        double[] fx = future ? new double[] {x[n - 1] + 2_678_400, x[n - 1] + 5_356_800} : new double[0];
        double[] fy = future ? new double[] {140, 150} : new double[0];
        return new ForecastPlot.Panel(title, x, actual, pred, naive, x[n * 3 / 4], fx, fy);
    }

    @Test
    void pngHasOnePanelPerSeriesAndDrawsTheFuturePath() throws Exception {
        Path one = dir.resolve("one.png");
        ForecastPlot.write(one, "passengers", ForecastPlot.Axis.DATES, List.of(panel("series a", 40, true)));
        BufferedImage image = ImageIO.read(one.toFile());
        assertEquals(ForecastPlot.PANEL_WIDTH, image.getWidth());
        assertEquals(ForecastPlot.PANEL_HEIGHT, image.getHeight());
        assertTrue(Pixels.count(image, 0xff7f0e) > 20, "the orange forecast path is drawn");
        assertTrue(Pixels.count(image, 0x1f77b4) > 20, "the blue predictions are drawn");
        assertTrue(Pixels.count(image, 0x993333) > 20, "the validation part's dashed line is drawn on the date axis");
        assertTrue(Pixels.count(image, 0xb0b0b0) > 20, "the grey naive line is drawn");

        Path none = dir.resolve("none.png");
        ForecastPlot.write(none, "passengers", ForecastPlot.Axis.DATES, List.of(panel("series a", 40, false)));
        BufferedImage without = ImageIO.read(none.toFile());
        assertTrue(Pixels.count(without, 0xff7f0e) < Pixels.count(image, 0xff7f0e) / 4, "no path without a future");

        List<ForecastPlot.Panel> five = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            five.add(panel("s" + s, 30, s % 2 == 0));
        }
        Path grid = dir.resolve("grid.PNG");
        ForecastPlot.write(grid, "y", ForecastPlot.Axis.NUMBERS, five);
        BufferedImage g = ImageIO.read(grid.toFile());
        assertEquals(2 * ForecastPlot.PANEL_WIDTH, g.getWidth());
        assertEquals(3 * ForecastPlot.PANEL_HEIGHT, g.getHeight());
    }

    @Test
    void atMostTwelvePanels() throws Exception {
        List<ForecastPlot.Panel> many = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            many.add(panel("s" + s, 10, false));
        }
        Path file = dir.resolve("many.png");
        ForecastPlot.write(file, "y", ForecastPlot.Axis.POSITIONS, many);
        BufferedImage g = ImageIO.read(file.toFile());
        assertEquals(ForecastPlot.MAX_PANELS / 2 * ForecastPlot.PANEL_HEIGHT, g.getHeight());
    }

    @Test
    void svgIsAVectorDocumentWithEachSeriesNamed() throws Exception {
        Path file = dir.resolve("f.svg");
        ForecastPlot.write(file, "y", ForecastPlot.Axis.NUMBERS, List.of(panel("a", 20, true), panel("b", 20, true)));
        String svg = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
        // XChart draws text as outlines: each line is found by its colour
        for (String colour : new String[] {"rgb(34,34,34)", "rgb(31,119,180)", "rgb(176,176,176)",
            "rgb(255,127,14)", "rgb(153,51,51)"}) {
            assertTrue(svg.contains(colour), colour);
        }
    }

    @Test
    void thinningKeepsTheEnvelope() {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int n = 100_003;
        for (int i = 0; i < n; i++) {
            xs.add((double) i);
            ys.add(i == 77_777 ? 1e6 : i == 5 ? -1e6 : Math.sin(i));
        }
        double[][] t = ForecastPlot.thin(xs, ys);
        assertEquals(ForecastPlot.MAX_POINTS, t[0].length);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t[0].length; i++) {
            max = Math.max(max, t[1][i]);
            min = Math.min(min, t[1][i]);
            if (i > 0) {
                assertTrue(t[0][i] >= t[0][i - 1], "x in order");
            }
        }
        assertEquals(1e6, max);
        assertEquals(-1e6, min);
        assertEquals(3, ForecastPlot.thin(List.of(1.0, 2.0, 3.0), List.of(1.0, 2.0, 3.0))[0].length);
    }

    @Test
    void formatFromTheName() {
        assertEquals(LossPlot.Format.PNG, ForecastPlot.formatOf(Path.of("a/b.Png")));
        assertEquals(LossPlot.Format.SVG, ForecastPlot.formatOf(Path.of("b.svg")));
        assertNull(ForecastPlot.formatOf(Path.of("b.pdf")));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastPlot.write(dir.resolve("x.jpg"), "y", ForecastPlot.Axis.NUMBERS, List.of()));
    }

    @Test
    void confusionHeatMapCellsScaleWithTheClasses() throws Exception {
        Path file = dir.resolve("cm.png");
        ConfusionPlot.write(file, "confusion", List.of("circle", "line", "zigzag"),
                new long[][] {{30, 2, 0}, {1, 25, 4}, {0, 0, 38}});
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image.getWidth() > 3 * 48 && image.getHeight() > 3 * 48);
        assertTrue(Pixels.count(image, 0x08306b) > 40 * 40, "the largest count's cell is the darkest colour");
        Path svg = dir.resolve("cm.svg");
        ConfusionPlot.write(svg, "confusion", List.of("a", "b"), new long[][] {{3, 1}, {0, 4}});
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg") && text.contains("rgb(8,48,107)"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= ConfusionPlot.MAX_CLASSES; i++) {
            many.add("c" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> ConfusionPlot.write(dir.resolve("big.png"), "c", many,
                new long[many.size()][many.size()]));
        assertFalse(Files.exists(dir.resolve("big.png")));
    }
}
