package org.rnn4j.data;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Standardises columns to zero mean and unit variance, as scikit-learn's {@code StandardScaler}: the mean and
 * the <em>population</em> standard deviation (divide by n) of each column are fitted on training rows only
 * and then applied unchanged to any other rows. A column with zero variance is only centred (its scale is 1).
 *
 * <pre>{@code
 * StandardScaler scaler = StandardScaler.fit(trainRows);
 * double[][] x = scaler.transform(testRows);
 * String text = scaler.toText();                   // or toProperties()
 * StandardScaler same = StandardScaler.fromText(text);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Statistics are computed in {@code double} with two passes.
 * The text form is a {@link Properties} file whose numbers are printed with {@link Double#toString(double)},
 * so a round trip reproduces the scaler exactly.
 */
public final class StandardScaler {
    private static final String FORMAT = "rnn4j-standard-scaler";
    private static final int VERSION = 1;

    private final double[] mean;
    private final double[] scale;

    private StandardScaler(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Fits the scaler.
     *
     * @param rows training rows, {@code [row][column]}; all of the same width
     * @return the fitted scaler
     * @throws IllegalArgumentException when there are no rows, rows are ragged or a value is not finite
     */
    public static StandardScaler fit(double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        int width = checkRow(rows, 0, -1);
        if (width == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on rows with no columns");
        }
        double[] mean = new double[width];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows, i, width);
            for (int j = 0; j < width; j++) {
                mean[j] += rows[i][j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= rows.length;
        }
        double[] scale = new double[width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                double d = row[j] - mean[j];
                scale[j] += d * d;
            }
        }
        for (int j = 0; j < width; j++) {
            double std = Math.sqrt(scale[j] / rows.length);
            scale[j] = std == 0 ? 1 : std;
        }
        return new StandardScaler(mean, scale);
    }

    /**
     * Creates a scaler from known statistics.
     *
     * @param mean the column means
     * @param scale the column scales (standard deviations), each finite and &gt; 0
     * @return the scaler
     * @throws IllegalArgumentException when the lengths differ, are zero or a value is invalid
     */
    public static StandardScaler of(double[] mean, double[] scale) {
        if (mean == null || scale == null || mean.length != scale.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and scale must have the same positive length, got "
                    + (mean == null ? "null" : mean.length) + " and " + (scale == null ? "null" : scale.length));
        }
        for (int j = 0; j < mean.length; j++) {
            if (!Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("mean of column " + j + " is not finite: " + mean[j]);
            }
            if (!(scale[j] > 0 && Double.isFinite(scale[j]))) {
                throw new IllegalArgumentException("scale of column " + j + " must be finite and > 0, got "
                        + scale[j]);
            }
        }
        return new StandardScaler(mean.clone(), scale.clone());
    }

    /** @return the number of columns */
    public int width() {
        return mean.length;
    }

    /** @return a copy of the column means */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the column scales (population standard deviations; 1 for constant columns) */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * @param row one row of {@link #width()} values
     * @return a new standardised row
     * @throws IllegalArgumentException when the row has the wrong width
     */
    public double[] transform(double[] row) {
        checkWidth(row, -1);
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /**
     * @param rows rows of {@link #width()} values
     * @return new standardised rows
     * @throws IllegalArgumentException when a row has the wrong width
     */
    public double[][] transform(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            checkWidth(rows[i], i);
            out[i] = transform(rows[i]);
        }
        return out;
    }

    /**
     * Maps standardised values back to the original units.
     *
     * @param row one standardised row of {@link #width()} values
     * @return a new row in the original units
     * @throws IllegalArgumentException when the row has the wrong width
     */
    public double[] inverseTransform(double[] row) {
        checkWidth(row, -1);
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = row[j] * scale[j] + mean[j];
        }
        return out;
    }

    /**
     * @return the statistics as properties: {@code format}, {@code version}, {@code width}, {@code mean} and
     *     {@code scale} (comma-separated)
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("width", Integer.toString(mean.length));
        p.setProperty("mean", join(mean));
        p.setProperty("scale", join(scale));
        return p;
    }

    /**
     * @param p properties written by {@link #toProperties()}
     * @return the scaler
     * @throws IllegalArgumentException when a property is missing or invalid, or the version is unknown
     */
    public static StandardScaler fromProperties(Properties p) {
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("not a standard scaler: format is '" + p.getProperty("format")
                    + "', expected '" + FORMAT + "'");
        }
        String version = p.getProperty("version");
        if (!Integer.toString(VERSION).equals(version)) {
            throw new IllegalArgumentException("standard scaler version '" + version + "' is not supported (this "
                    + "build reads version " + VERSION + ")");
        }
        int width;
        try {
            width = Integer.parseInt(p.getProperty("width", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("standard scaler has an invalid width '" + p.getProperty("width")
                    + "'", e);
        }
        double[] mean = split(p, "mean", width);
        double[] scale = split(p, "scale", width);
        return of(mean, scale);
    }

    /**
     * @param out where to write the properties text
     * @throws IOException on a write failure
     */
    public void write(Writer out) throws IOException {
        toProperties().store(out, "rnn4j StandardScaler: x' = (x - mean) / scale");
    }

    /**
     * @param in properties text written by {@link #write(Writer)}
     * @return the scaler
     * @throws IOException on a read failure or invalid content
     */
    public static StandardScaler read(Reader in) throws IOException {
        Properties p = new Properties();
        p.load(in);
        try {
            return fromProperties(p);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @return the text form (a properties file) */
    public String toText() {
        StringWriter w = new StringWriter();
        try {
            write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /**
     * @param text text written by {@link #toText()}
     * @return the scaler
     * @throws IllegalArgumentException when the text is not a valid scaler
     */
    public static StandardScaler fromText(String text) {
        try {
            return read(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardScaler s && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "StandardScaler[width=" + mean.length + "]";
    }

    private void checkWidth(double[] row, int index) {
        if (row == null || row.length != mean.length) {
            throw new IllegalArgumentException((index < 0 ? "row" : "row " + index) + " has "
                    + (row == null ? "no" : Integer.toString(row.length)) + " values, the scaler expects "
                    + mean.length);
        }
    }

    private static int checkRow(double[][] rows, int i, int width) {
        double[] row = rows[i];
        if (row == null) {
            throw new IllegalArgumentException("row " + i + " is null");
        }
        if (width >= 0 && row.length != width) {
            throw new IllegalArgumentException("row " + i + " has " + row.length + " values, row 0 has " + width);
        }
        for (int j = 0; j < row.length; j++) {
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException("row " + i + " column " + j + " is not finite: " + row[j]);
            }
        }
        return row.length;
    }

    private static String join(double[] v) {
        return Arrays.stream(v).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static double[] split(Properties p, String key, int width) {
        String s = p.getProperty(key);
        if (s == null) {
            throw new IllegalArgumentException("standard scaler has no '" + key + "' property");
        }
        String[] parts = s.split(",", -1);
        if (parts.length != width) {
            throw new IllegalArgumentException("standard scaler '" + key + "' has " + parts.length
                    + " values, width is " + width);
        }
        double[] v = new double[width];
        for (int j = 0; j < width; j++) {
            try {
                v[j] = Double.parseDouble(parts[j].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("standard scaler '" + key + "' value " + j + " is not a number: '"
                        + parts[j] + "'", e);
            }
        }
        return v;
    }
}
