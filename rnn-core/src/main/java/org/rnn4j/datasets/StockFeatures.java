package org.rnn4j.datasets;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The book's 37 engineered features of a daily price series (the book's stock project), with their names.
 *
 * <p>Features of day {@code t}, in {@link #NAMES} order: today's open (not shifted); yesterday's open, close,
 * high, low and volume; means, sample standard deviations (divide by w−1) and their ratios of close and volume
 * over windows of 5, 21 and 252 trading days ending yesterday (the book's "5", "30" and "365"); returns over 1,
 * 5, 21 and 252 days ending yesterday; and the means of the one-day return over the 5, 21 and 252 rows ending
 * yesterday (rolled, then shifted once more). A feature whose history is too short is NaN; the first day with
 * all 37 is the {@value #MIN_ROWS}th.
 *
 * <pre>{@code
 * double[][] f = StockFeatures.columns(PriceTable.read(csv));   // [37][days], NaN where history is short
 * double avg5 = f[StockFeatures.index("avg_price_5")][day];
 * }</pre>
 */
public final class StockFeatures {
    /** The 37 feature names, in column order (the book's stock project). */
    public static final List<String> NAMES = List.of(
            "open", "open_1", "close_1", "high_1", "low_1", "volume_1",
            "avg_price_5", "avg_price_30", "avg_price_365",
            "ratio_avg_price_5_30", "ratio_avg_price_5_365", "ratio_avg_price_30_365",
            "avg_volume_5", "avg_volume_30", "avg_volume_365",
            "ratio_avg_volume_5_30", "ratio_avg_volume_5_365", "ratio_avg_volume_30_365",
            "std_price_5", "std_price_30", "std_price_365",
            "ratio_std_price_5_30", "ratio_std_price_5_365", "ratio_std_price_30_365",
            "std_volume_5", "std_volume_30", "std_volume_365",
            "ratio_std_volume_5_30", "ratio_std_volume_5_365", "ratio_std_volume_30_365",
            "return_1", "return_5", "return_30", "return_365",
            "moving_avg_5", "moving_avg_30", "moving_avg_365");
    /**
     * Input rows needed for one complete feature row: the 252-day mean of the one-day return, shifted once,
     * reaches back 254 days, so the first complete row is the 255th.
     */
    public static final int MIN_ROWS = 255;

    /** The windows in trading days, standing for the book's "5", "30" and "365". */
    private static final int[] WINDOWS = {5, 21, 252};
    /** The return horizons in trading days: the book's 1, 5, "30" and "365". */
    private static final int[] RETURNS = {1, 5, 21, 252};

    /**
     * The complete feature rows of a series.
     *
     * @param dates each row's date
     * @param features {@code [row][37]}
     * @param close each row's own close (the target)
     * @param sourceRows the rows of the price series they were computed from
     */
    record Rows(List<LocalDate> dates, double[][] features, double[] close, int sourceRows) {
    }

    private StockFeatures() {
    }

    /** @return a copy of the feature windows in trading days, {@code {5, 21, 252}} */
    public static int[] windows() {
        return WINDOWS.clone();
    }

    /**
     * @param name a feature name from {@link #NAMES}
     * @return its column index
     * @throws IllegalArgumentException for an unknown name
     */
    public static int index(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; features are " + NAMES);
        }
        return i;
    }

    /**
     * Every feature of every day, complete or not.
     *
     * @param prices the series
     * @return {@code [feature][day]} in {@link #NAMES} order, NaN where the history is too short (and where a
     *     ratio is 0/0); may hold infinities where a ratio or return divides by zero
     */
    public static double[][] columns(PriceTable prices) {
        double[] o = prices.open();
        double[] c = prices.close();
        double[] v = prices.volume();
        int n = c.length;
        List<double[]> cols = new ArrayList<>(NAMES.size());
        cols.add(o);
        cols.add(shift(o, 1));
        cols.add(shift(c, 1));
        cols.add(shift(prices.high(), 1));
        cols.add(shift(prices.low(), 1));
        cols.add(shift(v, 1));
        for (boolean std : new boolean[] {false, true}) {
            for (double[] src : new double[][] {c, v}) {
                double[][] stat = new double[WINDOWS.length][];
                for (int k = 0; k < WINDOWS.length; k++) {
                    stat[k] = shift(std ? rollingStd(src, WINDOWS[k]) : rollingMean(src, WINDOWS[k]), 1);
                    cols.add(stat[k]);
                }
                cols.add(divide(stat[0], stat[1]));
                cols.add(divide(stat[0], stat[2]));
                cols.add(divide(stat[1], stat[2]));
            }
        }
        double[] return1 = null;
        for (int k : RETURNS) {
            double[] past = shift(c, k);
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = (c[i] - past[i]) / past[i];
            }
            r = shift(r, 1);
            if (k == 1) {
                return1 = r;
            }
            cols.add(r);
        }
        for (int w : WINDOWS) {
            cols.add(shift(rollingMean(return1, w), 1));
        }
        return cols.toArray(double[][]::new);
    }

    /**
     * The rows where all 37 features are known, with each row's own close as the target; rows with a missing
     * (NaN) feature are dropped, as the book's {@code dropna()} does.
     *
     * @param prices the series
     * @return the complete rows, in date order
     * @throws IOException when the series has fewer than {@value #MIN_ROWS} rows, a complete row has an
     *     infinite feature (values too large, or a division by zero), or no row is complete; the message names
     *     the file, and for an infinite feature the day and its line
     */
    static Rows compute(PriceTable prices) throws IOException {
        int n = prices.size();
        if (n < MIN_ROWS) {
            throw new IOException("price CSV " + prices.source() + " has " + n + " data rows; the features need at "
                    + "least " + MIN_ROWS + " (the longest window, 252 trading days, plus the one-day shifts and "
                    + "the 252-day return leave no complete row otherwise)");
        }
        double[][] cols = columns(prices);
        double[] c = prices.close();
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Double> target = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[cols.length];
            boolean complete = true;
            for (int j = 0; j < row.length; j++) {
                row[j] = cols[j][i];
                complete &= !Double.isNaN(row[j]);
            }
            for (int j = 0; complete && j < row.length; j++) {
                if (Double.isInfinite(row[j])) {
                    throw new IOException("price CSV " + prices.source() + ": feature " + NAMES.get(j) + " of "
                            + prices.date(i) + " (line " + prices.line(i) + ") is infinite (values too large, or a "
                            + "division by zero)");
                }
            }
            if (complete) {
                dates.add(prices.date(i));
                rows.add(row);
                target.add(c[i]);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("price CSV " + prices.source() + " gives no complete feature row");
        }
        return new Rows(List.copyOf(dates), rows.toArray(double[][]::new),
                target.stream().mapToDouble(Double::doubleValue).toArray(), n);
    }

    /** Value of {@code k} rows earlier; NaN for the first {@code k} rows. */
    private static double[] shift(double[] a, int k) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = i < k ? Double.NaN : a[i - k];
        }
        return out;
    }

    /** Mean of rows {@code i-w+1 .. i}; NaN when the window is incomplete or holds a NaN. */
    private static double[] rollingMean(double[] a, int w) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (i < w - 1) {
                out[i] = Double.NaN;
                continue;
            }
            double s = 0;
            for (int j = i - w + 1; j <= i; j++) {
                s += a[j];
            }
            out[i] = s / w;
        }
        return out;
    }

    /** Sample standard deviation (divide by w−1) of rows {@code i-w+1 .. i}, two-pass. */
    private static double[] rollingStd(double[] a, int w) {
        double[] mean = rollingMean(a, w);
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(mean[i])) {
                out[i] = Double.NaN;
                continue;
            }
            double s = 0;
            for (int j = i - w + 1; j <= i; j++) {
                double d = a[j] - mean[i];
                s += d * d;
            }
            out[i] = Math.sqrt(s / (w - 1));
        }
        return out;
    }

    private static double[] divide(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] / b[i];
        }
        return out;
    }
}
