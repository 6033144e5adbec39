package org.rnn4j.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Flags the features of new rows that lie far outside the range a model was trained on, measured in the training
 * standard deviations a fitted {@link StandardScaler} holds: {@code |z| = |x - mean| / sd}. A model applied to
 * such rows extrapolates (a model trained on an index near 5,000 and shown a share near 90, say), and its output
 * should not be trusted.
 *
 * <pre>{@code
 * FeatureRangeCheck check = FeatureRangeCheck.of(model.featureScaler(), StockDataset.FEATURES);
 * for (FeatureRangeCheck.Outlier o : check.outliers(rows)) {
 *     System.err.println("warning: " + o.describe(dates.get(o.row()).toString()));
 * }
 * }</pre>
 *
 * <p>The scaler's standard deviation of a constant training column is 1 (it is only centred), so a column that
 * was constant in training is flagged when a new value differs from that constant by more than the threshold
 * itself. Instances are immutable and thread-safe.
 */
public final class FeatureRangeCheck {
    /** The default threshold: 6 training standard deviations. */
    public static final double DEFAULT_THRESHOLD = 6;

    private final StandardScaler scaler;
    private final List<String> names;
    private final double threshold;

    /**
     * The largest excursion of one feature over the rows checked.
     *
     * @param column the feature's column
     * @param name its name
     * @param row the row (index into the rows checked) where {@code |z|} is largest
     * @param value the feature's value there
     * @param mean the training mean of the feature
     * @param sd the training standard deviation of the feature (the scaler's scale)
     * @param z {@code (value - mean) / sd}, signed
     */
    public record Outlier(int column, String name, int row, double value, double mean, double sd, double z) {
        /**
         * @param day how to name the row, e.g. its date
         * @return one line, e.g. {@code feature open: 91.2000 on 2023-06-30 is 24.8 sd below the training mean
         *     (mean 5,012.3, sd 198.2)}; numbers of 1e6 or more, or below 1e-3, in 4 significant digits
         */
        public String describe(String day) {
            return String.format(Locale.ROOT, "feature %s: %s on %s is %.1f sd %s the training mean (mean %s, "
                    + "sd %s)", name, number(value), day, Math.abs(z), z < 0 ? "below" : "above", number(mean),
                    number(sd));
        }

        private static String number(double v) {
            double a = Math.abs(v);
            return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4g", v)
                    : String.format(Locale.ROOT, a >= 100 ? "%,.1f" : "%.4f", v);
        }
    }

    private FeatureRangeCheck(StandardScaler scaler, List<String> names, double threshold) {
        this.scaler = scaler;
        this.names = names;
        this.threshold = threshold;
    }

    /**
     * A check at {@link #DEFAULT_THRESHOLD} standard deviations.
     *
     * @param scaler the scaler fitted on the training rows
     * @param names the feature names in column order; empty to call them {@code 0, 1, ...}
     * @return the check
     * @throws IllegalArgumentException when the names do not match the scaler's width
     */
    public static FeatureRangeCheck of(StandardScaler scaler, List<String> names) {
        return of(scaler, names, DEFAULT_THRESHOLD);
    }

    /**
     * @param scaler the scaler fitted on the training rows
     * @param names the feature names in column order; empty to call them {@code 0, 1, ...}
     * @param threshold the {@code |z|} above which a feature is flagged, &gt; 0
     * @return the check
     * @throws IllegalArgumentException when the names do not match the scaler's width or the threshold is not
     *     positive
     */
    public static FeatureRangeCheck of(StandardScaler scaler, List<String> names, double threshold) {
        if (scaler == null) {
            throw new IllegalArgumentException("the range check needs the scaler fitted on the training rows");
        }
        List<String> n = names == null ? List.of() : List.copyOf(names);
        if (!n.isEmpty() && n.size() != scaler.width()) {
            throw new IllegalArgumentException(n.size() + " feature names for a scaler of width " + scaler.width());
        }
        if (!(threshold > 0 && Double.isFinite(threshold))) {
            throw new IllegalArgumentException("threshold must be finite and > 0, got " + threshold);
        }
        return new FeatureRangeCheck(scaler, n, threshold);
    }

    /** @return the {@code |z|} above which a feature is flagged */
    public double threshold() {
        return threshold;
    }

    /**
     * Finds, for every feature, its largest {@code |z|} over the rows, and keeps those above the threshold.
     *
     * @param rows raw (unscaled) rows, {@code [row][feature]}
     * @return one outlier per flagged feature (the row of its largest {@code |z|}, the first such row on a tie),
     *     largest {@code |z|} first; empty when every feature is within range. A NaN value is not flagged; an
     *     infinite one is.
     * @throws IllegalArgumentException when a row has the wrong width
     */
    public List<Outlier> outliers(double[][] rows) {
        double[] mean = scaler.mean();
        double[] sd = scaler.scale();
        List<Outlier> out = new ArrayList<>();
        for (int j = 0; j < mean.length; j++) {
            int worst = -1;
            double worstZ = 0;
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == null || rows[i].length != mean.length) {
                    throw new IllegalArgumentException("row " + i + " has " + (rows[i] == null ? "no"
                            : Integer.toString(rows[i].length)) + " values, the scaler expects " + mean.length);
                }
                double z = (rows[i][j] - mean[j]) / sd[j];
                if (Math.abs(z) > Math.abs(worstZ)) {
                    worst = i;
                    worstZ = z;
                }
            }
            if (worst >= 0 && Math.abs(worstZ) > threshold) {
                out.add(new Outlier(j, names.isEmpty() ? Integer.toString(j) : names.get(j), worst, rows[worst][j],
                        mean[j], sd[j], worstZ));
            }
        }
        out.sort(Comparator.comparingDouble((Outlier o) -> -Math.abs(o.z())));
        return out;
    }

    @Override
    public String toString() {
        return "FeatureRangeCheck[width=" + scaler.width() + ", threshold=" + threshold + "]";
    }
}
