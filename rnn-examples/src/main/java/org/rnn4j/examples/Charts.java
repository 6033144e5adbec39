package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnn4j.io.AtomicFiles;

/**
 * PNG line charts for the examples (XChart), drawn headless and written atomically: to a temporary sibling
 * first, then renamed into place, so a reader never sees half a file.
 *
 * <pre>{@code
 * Charts.lossCurves(Path.of("results/x-loss.png"), "training loss", "epoch",
 *         Map.of("train", trainLoss, "validation", validationLoss));
 * Charts.predictedVsActual(Path.of("results/x-test.png"), "test window", dates, actual, predicted);
 * }</pre>
 */
public final class Charts {
    /** Width and height of every chart, in pixels. */
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    static {
        // no display on servers; XChart draws with AWT
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /**
     * Draws one line per series against 1, 2, ..., n (e.g. the training and validation loss by epoch). The y
     * axis is logarithmic when every value is positive and they span more than two orders of magnitude (a
     * loss that starts in the millions and ends in the thousands).
     *
     * @param png the file to write (parent folders are created)
     * @param title chart title
     * @param xLabel x-axis title, e.g. "epoch"
     * @param series name -> values, in legend order (use a {@link java.util.LinkedHashMap}); series may differ
     *     in length
     * @throws IllegalArgumentException when there is no series, a series is empty, or a value is not finite
     * @throws IOException when the file cannot be written; an existing file is then left untouched
     */
    public static void lossCurves(Path png, String title, String xLabel, Map<String, double[]> series)
            throws IOException {
        checkSeries(series);
        XYChart chart = chart(title, xLabel, "loss");
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] y = e.getValue();
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            line(chart.addSeries(e.getKey(), x, y));
        }
        logScaleIfWide(chart, series.values());
        write(chart, png);
    }

    /**
     * Draws one line per series against the given x values (e.g. validation loss scored every 10 epochs).
     *
     * @param png the file to write
     * @param title chart title
     * @param xLabel x-axis title
     * @param x the x value of each point, shared by all series
     * @param series name -> values, each as long as {@code x}
     * @throws IllegalArgumentException when there is no series, lengths differ, or a value is not finite
     * @throws IOException when the file cannot be written
     */
    public static void lossCurves(Path png, String title, String xLabel, double[] x, Map<String, double[]> series)
            throws IOException {
        checkSeries(series);
        finite("x", x);
        XYChart chart = chart(title, xLabel, "loss");
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue().length != x.length) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + e.getValue().length
                        + " values but x has " + x.length);
            }
            line(chart.addSeries(e.getKey(), x, e.getValue()));
        }
        logScaleIfWide(chart, series.values());
        write(chart, png);
    }

    /**
     * Draws the actual and the predicted values over dates (e.g. the test days).
     *
     * @param png the file to write
     * @param title chart title
     * @param dates the day of each value, ascending
     * @param actual actual values, one per date
     * @param predicted predicted values, one per date
     * @throws IllegalArgumentException when lengths differ, there are no dates, or a value is not finite
     * @throws IOException when the file cannot be written
     */
    public static void predictedVsActual(Path png, String title, List<LocalDate> dates, double[] actual,
                                         double[] predicted) throws IOException {
        if (dates == null || dates.isEmpty()) {
            throw new IllegalArgumentException("no dates to draw");
        }
        checkPair(dates.size(), actual, predicted);
        List<Date> x = new ArrayList<>(dates.size());
        for (LocalDate d : dates) {
            x.add(Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC)));
        }
        XYChart chart = chart(title, "date", "value");
        chart.getStyler().setDatePattern("yyyy-MM-dd");
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        line(chart.addSeries("actual", x, boxed(actual)));
        line(chart.addSeries("predicted", x, boxed(predicted)));
        write(chart, png);
    }

    /**
     * Draws the actual and the predicted values against numeric x values.
     *
     * @param png the file to write
     * @param title chart title
     * @param x the x value of each point
     * @param actual actual values
     * @param predicted predicted values
     * @throws IllegalArgumentException when lengths differ, there are no points, or a value is not finite
     * @throws IOException when the file cannot be written
     */
    public static void predictedVsActual(Path png, String title, double[] x, double[] actual, double[] predicted)
            throws IOException {
        finite("x", x);
        if (x.length == 0) {
            throw new IllegalArgumentException("no points to draw");
        }
        checkPair(x.length, actual, predicted);
        XYChart chart = chart(title, "x", "value");
        line(chart.addSeries("actual", x, actual));
        line(chart.addSeries("predicted", x, predicted));
        write(chart, png);
    }

    private static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title == null ? "" : title)
                .xAxisTitle(xLabel == null ? "" : xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    private static void line(XYSeries s) {
        s.setMarker(SeriesMarkers.NONE);
    }

    private static void logScaleIfWide(XYChart chart, Iterable<double[]> series) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double[] s : series) {
            for (double v : s) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > 0 && max / min > 100) {
            chart.getStyler().setYAxisLogarithmic(true);
        }
    }

    private static void checkSeries(Map<String, double[]> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("no series to draw");
        }
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (e.getValue() == null || e.getValue().length == 0) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has no values");
            }
            finite("series '" + e.getKey() + "'", e.getValue());
        }
    }

    private static void checkPair(int n, double[] actual, double[] predicted) {
        finite("actual", actual);
        finite("predicted", predicted);
        if (actual.length != n || predicted.length != n) {
            throw new IllegalArgumentException("got " + n + " x values, " + actual.length + " actual and "
                    + predicted.length + " predicted; they must match");
        }
    }

    private static void finite(String name, double[] v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
            }
        }
    }

    private static List<Double> boxed(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    private static void write(XYChart chart, Path png) throws IOException {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
