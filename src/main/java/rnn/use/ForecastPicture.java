package rnn.use;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import rnn.data.Batch;
import rnn.data.Dataset;
import rnn.data.InputContract;
import rnn.data.TargetUnits;

/**
 * Collects what a forecast picture shows (drawn by {@code rnn.io.ForecastPlot}) from the batches of a window-layout dataset read for
 * prediction (every window, those forecasting past the end of the file too): per series, the first target's actual
 * value on every row (the history, as written in the file), the model's predictions and the naive forecast on each
 * target row in the file, and the forecast after
 * the last row (a one-step model's last windows, a path model's whole path from the window ending the series).
 * Values are in the target's units ({@link TargetUnits}). Only the first {@code maxSeries} series are kept; memory is
 * a few doubles per row of those.
 */
public final class ForecastPicture {

    /**
     * One series' points: x as {@link #axis()} says; NaN leaves a point out; {@code validationFrom} the x where the
     * validation part begins (NaN: not marked); the forecast after the last row in {@code futureX}/{@code future}.
     */
    public record Panel(String title, double[] x, double[] actual, double[] predicted, double[] naive,
            double validationFrom, double[] futureX, double[] future) {
    }

    private final Dataset data;
    private final InputContract contract;
    private final TargetUnits units;
    private final int outputs;
    private final int steps;
    private final int maxSeries;
    private final Map<Integer, Series> series = new LinkedHashMap<>();
    /** Whether a series beyond the first {@code maxSeries} came (and was left out). */
    private boolean leftOut;

    /** One series' points, in the order the windows come (time order within a series). */
    private static final class Series {
        final String title;
        double[] x = new double[64];
        double[] actual = new double[64];
        double[] predicted = new double[64];
        double[] naive = new double[64];
        int n;
        final List<double[]> future = new ArrayList<>();
        /** Every row's x and actual value (the history), filled when the series is first seen. */
        double[] historyX = new double[0];
        double[] history = new double[0];
        double validationFrom = Double.NaN;

        Series(String title) {
            this.title = title;
        }

        void add(double xv, double a, double p, double nv) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                actual = Arrays.copyOf(actual, 2 * n);
                predicted = Arrays.copyOf(predicted, 2 * n);
                naive = Arrays.copyOf(naive, 2 * n);
            }
            x[n] = xv;
            actual[n] = a;
            predicted[n] = p;
            naive[n] = nv;
            n++;
        }
    }

    /**
     * @param data      read for prediction with {@code contract} (window layout, regression)
     * @param maxSeries the most series kept (the first ones)
     */
    public ForecastPicture(Dataset data, InputContract contract, int maxSeries) {
        if (!supports(contract)) {
            throw new IllegalArgumentException("a forecast picture is for regression in the window layout");
        }
        this.data = data;
        this.contract = contract;
        this.units = data.targetUnits(contract);
        this.outputs = contract.outputs();
        this.steps = contract.targetSteps();
        this.maxSeries = maxSeries;
    }

    /** Whether a model's predictions draw as a forecast: regression in the window layout (rows of a series). */
    public static boolean supports(InputContract c) {
        return !c.classification() && c.layout().targetFollowsInputs() && !c.layout().stepsInColumns()
                && !c.layout().readsText() && c.output() == rnn.data.TargetMode.LAST;
    }

    /** Adds one batch of predictions ({@link Predictor.BatchConsumer#accept}'s arguments). */
    public void add(Batch batch, double[] pred) {
        units.decode(batch, pred);
        int targets = outputs / steps;
        for (int b = 0; b < batch.size(); b++) {
            int k = batch.example(b);
            Series s = seriesOf(k);
            if (s == null) {
                continue;
            }
            int t = data.steps(k) - 1;
            int i = b * outputs; // target 0 at step 1 (or the one step H)
            if (steps > 1 && data.endsSeries(k)) { // a path model's forecast: the window that ends the series
                for (int j = 0; j < steps; j++) {
                    s.future.add(new double[] {data.stepX(k, t, j), units.predicted(i + j * targets)});
                }
            } else if (data.stepsPastEnd(k, t, 0) > 0) {
                s.future.add(new double[] {data.stepX(k, t, 0), units.predicted(i)});
            } else {
                // the value as written in the file (also where the model does not read its target column)
                s.add(data.stepX(k, t, 0), data.actual(k, t, 0, 0), units.predicted(i), units.lastValue(i));
            }
        }
    }

    /**
     * Marks where the validation part of series {@code s} begins: the x of the first validation example's target
     * (training's own rule for the file it trained on).
     */
    public void markValidation(int s, double x) {
        Series ser = series.get(s);
        if (ser != null && (Double.isNaN(ser.validationFrom) || x < ser.validationFrom)) {
            ser.validationFrom = x;
        }
    }

    private Series seriesOf(int k) {
        int s = data.series(k);
        Series ser = series.get(s);
        if (ser == null && series.size() < maxSeries) {
            String id = data.seriesId(s);
            ser = new Series((id.isEmpty() ? "" : id + ": ") + contract.targets().get(0));
            int rows = data.seriesRows(s);
            ser.historyX = new double[rows];
            ser.history = new double[rows];
            double[] row = new double[2];
            for (int p = 0; p < rows; p++) {
                data.seriesRow(s, p, 0, row);
                ser.historyX[p] = row[0];
                ser.history[p] = row[1];
            }
            series.put(s, ser);
        } else if (ser == null) {
            leftOut = true;
        }
        return ser;
    }

    /** Whether the file has series beyond the ones kept. */
    public boolean leftOut() {
        return leftOut;
    }

    /** The panels, one per series kept, in the order the series first came. */
    public List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        for (Series s : series.values()) {
            s.future.sort(java.util.Comparator.comparingDouble(p -> p[0]));
            double[] fx = new double[s.future.size()];
            double[] fy = new double[s.future.size()];
            for (int i = 0; i < fx.length; i++) {
                fx[i] = s.future.get(i)[0];
                fy[i] = s.future.get(i)[1];
            }
            // every row of the series on x (the history), the predictions and the naive forecast on their rows
            double[] x = s.historyX;
            double[] actual = s.history.clone();
            double[] predicted = new double[x.length];
            double[] naive = new double[x.length];
            Arrays.fill(predicted, Double.NaN);
            Arrays.fill(naive, Double.NaN);
            Map<Double, Integer> rowOf = new java.util.HashMap<>();
            for (int i = 0; i < x.length; i++) {
                rowOf.put(x[i], i);
            }
            for (int j = 0; j < s.n; j++) {
                Integer i = rowOf.get(s.x[j]);
                if (i != null) {
                    predicted[i] = s.predicted[j];
                    naive[i] = s.naive[j];
                    if (Double.isNaN(actual[i])) {
                        actual[i] = s.actual[j];
                    }
                }
            }
            out.add(new Panel(s.title, x, actual, predicted, naive, s.validationFrom, fx, fy));
        }
        return out;
    }

    /** The x axis of the panels. */
    public Dataset.TimeAxis axis() {
        return data.timeAxis();
    }
}
