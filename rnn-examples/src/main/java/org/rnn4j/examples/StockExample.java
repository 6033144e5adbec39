package org.rnn4j.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.data.FeatureRangeCheck;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.model.SequenceRegressor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 2, on the command line: {@code stock train} ({@link StockTrain}) trains and scores the LSTM,
 * {@code stock evaluate} scores a saved model on the test window, {@code stock forecast} prints a saved model's
 * forecasts for the last days of a price file. Without a subcommand it trains with the book's configuration.
 */
@Command(name = "stock", mixinStandardHelpOptions = true,
        description = "NASDAQ Composite close prediction with an LSTM over 5-day windows of 37 features. Without a "
                + "subcommand it runs 'train' with the book's configuration.",
        subcommands = {StockTrain.class, StockExample.Evaluate.class, StockExample.Forecast.class})
public final class StockExample implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new StockTrain().call();
    }

    /**
     * Prints and returns the scores of predictions on windows against the two naive forecasts for the same days:
     * close ≈ close of the day before the window's last day, and close ≈ open of the last day (an input feature).
     *
     * @return {@code evalName}, {@code naiveCloseYesterday}, {@code naiveOpenToday} and, with several outputs,
     *     {@code perHorizon}, in that order
     */
    static Map<String, Object> score(String evalName, StockDataset rows, SlidingWindows windows,
                                     double[][] predicted) {
        double[][] actual = windows.targets();
        int horizon = actual[0].length;
        RegressionMetrics lstm = RegressionMetrics.of(actual, predicted);
        System.out.printf(Locale.ROOT, "%s (%d windows, %s..%s): R² %.4f  MSE %.1f  RMSE %.2f  MAE %.2f%n",
                evalName, lstm.count(), rows.date(windows.lastRow(0)),
                rows.date(windows.lastRow(windows.count() - 1)), lstm.r2(), lstm.mse(), lstm.rmse(), lstm.mae());
        int close1 = StockDataset.featureIndex("close_1");
        int open = StockDataset.featureIndex("open");
        double[][] naiveClose = new double[windows.count()][horizon];
        double[][] naiveOpen = new double[windows.count()][horizon];
        for (int i = 0; i < windows.count(); i++) {
            double[] last = rows.features(windows.lastRow(i));
            Arrays.fill(naiveClose[i], last[close1]);
            Arrays.fill(naiveOpen[i], last[open]);
        }
        RegressionMetrics nClose = RegressionMetrics.of(actual, naiveClose);
        RegressionMetrics nOpen = RegressionMetrics.of(actual, naiveOpen);
        System.out.printf(Locale.ROOT, "naive close(t)≈close(t-1): R² %.4f  MSE %.1f  RMSE %.2f  MAE %.2f%n",
                nClose.r2(), nClose.mse(), nClose.rmse(), nClose.mae());
        System.out.printf(Locale.ROOT, "naive close(t)≈open(t):    R² %.4f  MSE %.1f  RMSE %.2f  MAE %.2f%n",
                nOpen.r2(), nOpen.mse(), nOpen.rmse(), nOpen.mae());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(evalName, lstm);
        out.put("naiveCloseYesterday", nClose);
        out.put("naiveOpenToday", nOpen);
        if (horizon > 1) {
            Map<String, Object> perHorizon = new LinkedHashMap<>();
            RegressionMetrics[] a = RegressionMetrics.perOutput(actual, predicted);
            RegressionMetrics[] b = RegressionMetrics.perOutput(actual, naiveClose);
            RegressionMetrics[] o = RegressionMetrics.perOutput(actual, naiveOpen);
            System.out.println("horizon  RMSE lstm  RMSE close(t-1)  RMSE open(t)   R² lstm");
            for (int j = 0; j < horizon; j++) {
                System.out.printf(Locale.ROOT, "t+%d     %9.2f  %15.2f  %12.2f  %8.4f%n", j, a[j].rmse(), b[j].rmse(),
                        o[j].rmse(), a[j].r2());
                perHorizon.put("t+" + j, RunInfo.ordered("lstm", a[j], "naiveCloseYesterday", b[j], "naiveOpenToday",
                        o[j]));
            }
            out.put("perHorizon", perHorizon);
        }
        return out;
    }

    /** The most features {@link #warnOutsideTrainingRange} names, one line each. */
    static final int MAX_RANGE_WARNINGS = 10;

    /**
     * Warns on {@code err} when the rows a model reads lie far outside the range of its training rows: one line
     * per flagged feature (at most {@value #MAX_RANGE_WARNINGS}), with its largest excursion in training standard
     * deviations and the day, then a summary line. Prints nothing when every feature is within range or the model
     * has no feature scaler.
     *
     * @param m the model
     * @param data the rows
     * @param from the first row the model reads
     * @param to the row after the last one it reads
     * @param what what reads them, e.g. "this forecast"
     * @param err where the warnings go
     * @return the number of flagged features
     */
    static int warnOutsideTrainingRange(SequenceRegressor m, StockDataset data, int from, int to, String what,
                                        PrintWriter err) {
        if (m.featureScaler() == null) {
            return 0;
        }
        List<String> names = m.featureNames().isEmpty() ? StockDataset.FEATURES : m.featureNames();
        FeatureRangeCheck check = FeatureRangeCheck.of(m.featureScaler(), names);
        List<FeatureRangeCheck.Outlier> out = check.outliers(data.rows(from, to).features());
        for (int k = 0; k < Math.min(out.size(), MAX_RANGE_WARNINGS); k++) {
            FeatureRangeCheck.Outlier o = out.get(k);
            err.println("warning: " + o.describe(data.date(from + o.row()).toString()));
        }
        if (out.size() > MAX_RANGE_WARNINGS) {
            err.println("warning: ... and " + (out.size() - MAX_RANGE_WARNINGS) + " more features");
        }
        if (!out.isEmpty()) {
            err.printf(Locale.ROOT, "warning: %d of %d features of the %d rows %s reads (%s..%s) lie more than %.0f "
                    + "sd from the mean of the model's training rows: the model never saw such values, and its "
                    + "forecasts from them are extrapolations%n",
                    out.size(), names.size(), to - from, what, data.date(from), data.date(to - 1), check.threshold());
        }
        err.flush();
        return out.size();
    }

    /** A forecast close more than this factor above or below the day's open is implausible for a daily close. */
    static final double IMPLAUSIBLE_FACTOR = 1.5;

    /**
     * Warns on {@code err}, in one line, when forecasts stray more than {@value #IMPLAUSIBLE_FACTOR} times above
     * or below the open of the day they are made on (or are not positive): a close rarely moves that far from the
     * day's open, so such forecasts come from a model reading a series or price level it was not trained on. It
     * catches what {@link #warnOutsideTrainingRange} cannot: a model trained on a series that spanned a wide
     * range (the NASDAQ's training closes run from 356 to 16,057, its open has a training sd of 3,393) shown a share
     * near 90, only about one sd below the training mean, which a price-target model maps to prices of the early
     * 1990s.
     *
     * @param data the rows
     * @param first the row of the first forecast day
     * @param forecasts {@code [day][horizon]}, the forecasts of rows {@code first, first + 1, ...}
     * @param err where the warning goes
     * @return the number of implausible forecasts
     */
    static int warnImplausibleForecasts(StockDataset data, int first, double[][] forecasts, PrintWriter err) {
        int open = StockDataset.featureIndex("open");
        int count = 0;
        int worstDay = -1;
        int worstStep = 0;
        double worstFactor = 0;
        for (int i = 0; i < forecasts.length; i++) {
            double o = data.features(first + i)[open];
            for (int j = 0; j < forecasts[i].length; j++) {
                double p = forecasts[i][j];
                double factor = p > 0 ? Math.max(p / o, o / p) : Double.POSITIVE_INFINITY;
                if (factor > IMPLAUSIBLE_FACTOR) {
                    count++;
                    if (factor > worstFactor) {
                        worstFactor = factor;
                        worstDay = i;
                        worstStep = j;
                    }
                }
            }
        }
        if (count > 0) {
            double p = forecasts[worstDay][worstStep];
            double o = data.features(first + worstDay)[open];
            err.printf(Locale.ROOT, "warning: %d of %d forecasts lie more than %.1f times above or below the day's "
                    + "open (the furthest: %s %.2f for %s, open %.2f%s); a close rarely strays that far from its "
                    + "open, so the model is likely reading a series or price level it was not trained on%n", count,
                    forecasts.length * forecasts[0].length, IMPLAUSIBLE_FACTOR, worstStep == 0 ? "close(t)"
                            : "close(t+" + worstStep + ")", p, data.date(first + worstDay), o,
                    p > 0 ? String.format(Locale.ROOT, ", %.1f times %s", worstFactor, p > o ? "above" : "below")
                            : "");
            err.flush();
        }
        return count;
    }

    /** The options that pick a saved model and the prices it reads. */
    static final class ModelAndData {
        @Option(names = "--model", required = true, description = "model file written by 'stock train --save'")
        Path model;
        @Option(names = "--csv", description = "daily price CSV with the columns Date, Open, High, Low, Close, Volume, "
                + "in any order (default: the book's NASDAQ file from the data directory)")
        Path csv;
        @Option(names = "--window", description = "days per window: only for model files written before rnn4j "
                + "0.2, which do not record it (default: the model's; 5 for those files)")
        Integer window;

        SequenceRegressor loadModel() throws IOException {
            SequenceRegressor m = SequenceRegressor.load(model);
            if (m.settings().features() != StockDataset.FEATURES.size()) {
                throw new IllegalArgumentException("model " + model + " reads " + m.settings().features()
                        + " features per day, not the stock project's " + StockDataset.FEATURES.size());
            }
            if (!m.featureNames().isEmpty() && !m.featureNames().equals(StockDataset.FEATURES)) {
                throw new IllegalArgumentException("model " + model + " reads the features " + m.featureNames()
                        + ", not the stock project's " + StockDataset.FEATURES);
            }
            int own = m.settings().windowLength();
            if (window != null && own > 0 && window != own) {
                throw new IllegalArgumentException("model " + model + " was trained on windows of " + own
                        + " days; --window " + window + " does not match (leave it out)");
            }
            if (window != null && window < 1) {
                throw new IllegalArgumentException("--window must be >= 1, got " + window);
            }
            return m;
        }

        /** @return the model's window length, or --window (default 5) for files that do not record it */
        int window(SequenceRegressor m) {
            int own = m.settings().windowLength();
            return own > 0 ? own : window != null ? window : 5;
        }

        StockDataset loadData() throws IOException {
            return csv != null ? StockDataset.read(csv) : StockDataset.load(DataHome.fromEnvironment());
        }
    }

    /** {@code rnn4j stock evaluate}: score a saved model on the book's test window, or on the rows from a date. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "R², MSE, RMSE and MAE of a saved model on the test window (2023-01-01..2023-06-30, or "
                    + "from --test-from on; the last window dropped, as the book does), next to the two naive "
                    + "forecasts.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Mixin
        ModelAndData in = new ModelAndData();
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--test-from", paramLabel = "YYYY-MM-DD", description = "score the rows dated from this day "
                + "on, as 'stock train --test-from' does (default: the book's test window)")
        LocalDate testFrom;

        @Override
        public Integer call() throws Exception {
            SequenceRegressor m = in.loadModel();
            StockDataset data = in.loadData();
            StockDataset test = testFrom != null ? data.splitAt(testFrom).test() : data.bookSplit().test();
            SlidingWindows w = SlidingWindows.of(test.features(), test.close(),
                    new SlidingWindows.Options(in.window(m), m.settings().outputs(), true));
            warnOutsideTrainingRange(m, test, 0, test.size(), "the evaluation", spec.commandLine().getErr());
            score("test", test, w, m.predict(w));
            return 0;
        }
    }

    /** {@code rnn4j stock forecast}: a saved model's forecasts for the last days of a price file. */
    @Command(name = "forecast", mixinStandardHelpOptions = true,
            description = "Print a saved model's close forecasts for the last days of a price file. The forecast for "
                    + "day t reads the window of rows ending at t: day t's open and what was known before it. Warns "
                    + "on standard error when a feature of those rows lies more than 6 sd from the mean of the "
                    + "model's training rows, or a forecast more than 1.5 times above or below the day's open (a "
                    + "model trained on another series or price level).")
    static final class Forecast implements Callable<Integer> {
        @CommandLine.Mixin
        ModelAndData in = new ModelAndData();
        @Option(names = "--days", description = "forecast the last N days (default: ${DEFAULT-VALUE})")
        int days = 5;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            SequenceRegressor m = in.loadModel();
            int window = in.window(m);
            StockDataset data = in.loadData();
            int first = data.size() - days;
            if (days < 1 || first < window - 1) {
                throw new IllegalArgumentException("--days must be in [1, " + (data.size() - window + 1)
                        + "] for this file and window, got " + days);
            }
            double[][][] windows = new double[days][][];
            for (int i = 0; i < days; i++) {
                int last = first + i;
                windows[i] = new double[window][];
                for (int t = 0; t < window; t++) {
                    windows[i][t] = data.features(last - window + 1 + t);
                }
            }
            warnOutsideTrainingRange(m, data, first - window + 1, data.size(), "this forecast",
                    spec.commandLine().getErr());
            double[][] p = m.predict(windows);
            warnImplausibleForecasts(data, first, p, spec.commandLine().getErr());
            int horizon = m.settings().outputs();
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-10s %9s", "day t", "open(t)"));
            for (int j = 0; j < horizon; j++) {
                head.append(String.format(Locale.ROOT, "   %11s %9s", j == 0 ? "close(t)" : "close(t+" + j + ")",
                        "actual"));
            }
            System.out.println(head);
            int open = StockDataset.featureIndex("open");
            for (int i = 0; i < days; i++) {
                int last = first + i;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %9.2f", data.date(last),
                        data.features(last)[open]));
                for (int j = 0; j < horizon; j++) {
                    String actual = last + j < data.size()
                            ? String.format(Locale.ROOT, "%9.2f", data.close(last + j)) : "        -";
                    line.append(String.format(Locale.ROOT, "   %11.2f %s", p[i][j], actual));
                }
                System.out.println(line);
            }
            return 0;
        }
    }
}
