package org.rnn4j.datasets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The NASDAQ Composite (^IXIC) daily series of the book's stock project (spec B.1) turned into the book's 37
 * features per trading day (spec B.2), with the same day's close as the target.
 *
 * <p>The CSV has the Yahoo Finance columns {@code Date, Open, High, Low, Close, Adj Close, Volume} (extra
 * columns are ignored; {@code Adj Close} is validated but not used). Features of day {@code t}, in
 * {@link #FEATURES} order: today's open (not shifted); yesterday's open, close, high, low and volume; means,
 * sample standard deviations (divide by w−1) and their ratios of close and volume over windows of 5, 21 and 252
 * trading days ending yesterday (the book's "5", "30" and "365"); returns over 1, 5, 21 and 252 days ending
 * yesterday; and the means of the one-day return over the 5, 21 and 252 rows ending yesterday (rolled, then
 * shifted once more). Rows where any feature is missing are dropped: the first complete row is the 255th
 * trading day (1991-01-03 in the book's file, which gives 8,185 complete rows).
 *
 * <pre>{@code
 * StockDataset data = StockDataset.load(DataHome.fromEnvironment());
 * StockDataset.Split split = data.bookSplit();       // 8,061 training rows, 124 test rows
 * double[][] x = split.train().features();           // [row][37], raw (unscaled)
 * double[] y = split.train().close();                // raw closing prices
 * }</pre>
 *
 * <p>Instances are immutable; slices share nothing mutable with their source. Accessors return copies.
 */
public final class StockDataset {
    /** Canonical download URL (the book's repository, at the commit that added the file). */
    public static final String URL = "https://raw.githubusercontent.com/packtjaniceg/"
            + "Python-Machine-Learning-by-Example-Fourth-Edition/0628c8ceae02f4eb2d0673c2c80774f44f0f2ed8/ch5/"
            + "19900101_20230630.csv";
    /** Location inside the data cache. */
    public static final String FILE = "stocks/19900101_20230630.csv";
    /** Required CSV columns. */
    public static final List<String> COLUMNS = List.of("Date", "Open", "High", "Low", "Close", "Adj Close",
            "Volume");
    /** The 37 feature names, in column order (spec B.2). */
    public static final List<String> FEATURES = List.of(
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
    /** The feature windows in trading days, standing for the book's "5", "30" and "365". */
    public static final int[] WINDOWS = {5, 21, 252};
    /**
     * Input rows needed for one complete feature row: the 252-day mean of the one-day return, shifted once,
     * reaches back 254 days, so the first complete row is the 255th.
     */
    public static final int MIN_ROWS = 255;
    /** The book's training period, inclusive. */
    public static final LocalDate TRAIN_START = LocalDate.of(1990, 1, 1);
    /** The book's training period, inclusive. */
    public static final LocalDate TRAIN_END = LocalDate.of(2022, 12, 31);
    /** The book's test period, inclusive. */
    public static final LocalDate TEST_START = LocalDate.of(2023, 1, 1);
    /** The book's test period, inclusive. */
    public static final LocalDate TEST_END = LocalDate.of(2023, 6, 30);

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern MISSING = Pattern.compile("(?i)nan|null|none|na|n/a|-|#n/a|inf|-inf|infinity");

    private final List<LocalDate> dates;
    private final double[][] features;
    private final double[] close;
    private final int rawRows;

    /**
     * A chronological split.
     *
     * @param train the training rows
     * @param test the test rows
     */
    public record Split(StockDataset train, StockDataset test) {
    }

    private StockDataset(List<LocalDate> dates, double[][] features, double[] close, int rawRows) {
        this.dates = dates;
        this.features = features;
        this.close = close;
        this.rawRows = rawRows;
    }

    /**
     * Loads {@value #FILE} from the cache, downloading it from {@link #URL} when missing.
     *
     * @param home the data cache
     * @return the dataset
     * @throws IOException when the file is missing and cannot be downloaded, or is invalid (see {@link #read})
     */
    public static StockDataset load(DataHome home) throws IOException {
        return read(home.resolve(FILE, URL));
    }

    /**
     * Reads a daily OHLCV CSV and computes the features.
     *
     * @param csv the file
     * @return the complete feature rows
     * @throws IOException when the file is missing or unreadable, is not valid CSV, lacks a required column,
     *     has an empty, missing (NaN), non-numeric or non-positive price cell, a negative volume, an invalid,
     *     duplicate or out-of-order date, fewer than {@value #MIN_ROWS} data rows, or values that make a
     *     feature infinite (a division by zero); the message names the file, the line and the column
     */
    public static StockDataset read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("stock CSV not found: " + csv);
        }
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> ohlcv = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser parser = format.parse(in)) {
            List<String> header = parser.getHeaderNames();
            for (String column : COLUMNS) {
                int n = Collections.frequency(header, column);
                if (n == 0) {
                    throw new IOException("stock CSV " + csv + " has no '" + column + "' column (header: "
                            + String.join(",", header) + "; expected " + String.join(",", COLUMNS) + ")");
                }
                if (n > 1) {
                    throw new IOException("stock CSV " + csv + " has " + n + " '" + column + "' columns");
                }
            }
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                for (String column : COLUMNS) {
                    if (!r.isSet(column)) {
                        throw new IOException("stock CSV " + csv + " line " + line + " has " + r.size()
                                + " cells, too few for column '" + column + "' (header has " + header.size() + ")");
                    }
                }
                LocalDate date = date(csv, line, r.get("Date"));
                if (!dates.isEmpty()) {
                    LocalDate previous = dates.get(dates.size() - 1);
                    long previousLine = lines.get(lines.size() - 1);
                    if (date.equals(previous)) {
                        throw new IOException("stock CSV " + csv + " line " + line + ": date " + date
                                + " repeats line " + previousLine + " (duplicate dates)");
                    }
                    if (date.isBefore(previous)) {
                        throw new IOException("stock CSV " + csv + " line " + line + ": date " + date
                                + " comes after " + previous + " on line " + previousLine
                                + "; rows must be sorted by ascending date");
                    }
                }
                double[] row = new double[5];
                String[] used = {"Open", "High", "Low", "Close", "Volume"};
                for (int k = 0; k < used.length; k++) {
                    row[k] = number(csv, line, used[k], r.get(used[k]));
                }
                number(csv, line, "Adj Close", r.get("Adj Close"));
                dates.add(date);
                ohlcv.add(row);
                lines.add(line);
            }
        } catch (UncheckedIOException e) {
            throw new IOException("stock CSV " + csv + " is not valid CSV (" + e.getCause().getMessage() + ")", e);
        }
        if (ohlcv.size() < MIN_ROWS) {
            throw new IOException("stock CSV " + csv + " has " + ohlcv.size() + " data rows; the features need at "
                    + "least " + MIN_ROWS + " (the longest window, 252 trading days, plus the one-day shifts and "
                    + "the 252-day return leave no complete row otherwise)");
        }
        return compute(csv, dates, ohlcv, lines);
    }

    private static LocalDate date(Path csv, long line, String cell) throws IOException {
        if (cell.isEmpty()) {
            throw new IOException("stock CSV " + csv + " line " + line + ", column 'Date' is empty");
        }
        try {
            return LocalDate.parse(cell);
        } catch (DateTimeParseException e) {
            throw new IOException("stock CSV " + csv + " line " + line + ", column 'Date': '" + cell
                    + "' is not a date in YYYY-MM-DD form", e);
        }
    }

    private static double number(Path csv, long line, String column, String cell) throws IOException {
        String where = "stock CSV " + csv + " line " + line + ", column '" + column + "'";
        if (cell.isEmpty()) {
            throw new IOException(where + " is empty (missing value)");
        }
        if (MISSING.matcher(cell).matches()) {
            throw new IOException(where + " is '" + cell + "' (a missing or non-finite value)");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new IOException(where + ": '" + cell + "' is not a number");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new IOException(where + ": '" + cell + "' is out of range");
        }
        if (column.equals("Volume") ? v < 0 : v <= 0) {
            throw new IOException(where + ": " + cell + " must be " + (column.equals("Volume") ? ">= 0" : "> 0"));
        }
        return v;
    }

    private static StockDataset compute(Path csv, List<LocalDate> allDates, List<double[]> ohlcv, List<Long> lines)
            throws IOException {
        int n = ohlcv.size();
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = ohlcv.get(i);
            o[i] = r[0];
            h[i] = r[1];
            l[i] = r[2];
            c[i] = r[3];
            v[i] = r[4];
        }
        List<double[]> cols = new ArrayList<>(FEATURES.size());
        cols.add(o);
        cols.add(shift(o, 1));
        cols.add(shift(c, 1));
        cols.add(shift(h, 1));
        cols.add(shift(l, 1));
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
        for (int k : new int[] {1, 5, 21, 252}) {
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

        List<LocalDate> dates = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Double> target = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[cols.size()];
            boolean complete = true;
            for (int j = 0; j < row.length; j++) {
                row[j] = cols.get(j)[i];
                complete &= !Double.isNaN(row[j]);
            }
            for (int j = 0; complete && j < row.length; j++) {
                if (Double.isInfinite(row[j])) {
                    throw new IOException("stock CSV " + csv + ": feature " + FEATURES.get(j) + " of "
                            + allDates.get(i) + " (line " + lines.get(i) + ") is infinite (values too large, or a "
                            + "division by zero)");
                }
            }
            if (complete) {
                dates.add(allDates.get(i));
                rows.add(row);
                target.add(c[i]);
            }
        }
        if (rows.isEmpty()) {
            throw new IOException("stock CSV " + csv + " gives no complete feature row");
        }
        return new StockDataset(List.copyOf(dates), rows.toArray(double[][]::new),
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

    /**
     * @param name a feature name from {@link #FEATURES}
     * @return its column index
     * @throws IllegalArgumentException for an unknown name
     */
    public static int featureIndex(String name) {
        int i = FEATURES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown feature '" + name + "'; features are " + FEATURES);
        }
        return i;
    }

    /** @return the number of complete feature rows */
    public int size() {
        return close.length;
    }

    /** @return the number of data rows in the CSV the features were computed from */
    public int rawRows() {
        return rawRows;
    }

    /** @return the dates of the rows, ascending (unmodifiable) */
    public List<LocalDate> dates() {
        return dates;
    }

    /**
     * @param i row index
     * @return the row's date
     */
    public LocalDate date(int i) {
        return dates.get(i);
    }

    /** @return a copy of the features, {@code [row][37]}, raw (unscaled) */
    public double[][] features() {
        double[][] out = new double[features.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[i].clone();
        }
        return out;
    }

    /**
     * @param i row index
     * @return a copy of row {@code i}'s features
     */
    public double[] features(int i) {
        return features[i].clone();
    }

    /**
     * @param name a feature name from {@link #FEATURES}
     * @return that feature for every row
     */
    public double[] column(String name) {
        int j = featureIndex(name);
        double[] out = new double[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[i][j];
        }
        return out;
    }

    /** @return a copy of the targets: each row's own close */
    public double[] close() {
        return close.clone();
    }

    /**
     * @param i row index
     * @return row {@code i}'s close
     */
    public double close(int i) {
        return close[i];
    }

    /**
     * @param from first row, inclusive
     * @param to last row, exclusive
     * @return those rows
     * @throws IllegalArgumentException when the range is empty or out of bounds
     */
    public StockDataset rows(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") is empty or outside [0, "
                    + size() + ")");
        }
        double[][] f = new double[to - from][];
        for (int i = from; i < to; i++) {
            f[i - from] = features[i].clone();
        }
        double[] y = new double[to - from];
        System.arraycopy(close, from, y, 0, y.length);
        return new StockDataset(List.copyOf(dates.subList(from, to)), f, y, rawRows);
    }

    /**
     * @param first first date, inclusive
     * @param last last date, inclusive
     * @return the rows dated {@code first .. last}
     * @throws IllegalArgumentException when {@code first} is after {@code last} or no row falls in the range
     */
    public StockDataset between(LocalDate first, LocalDate last) {
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("date range " + first + ".." + last + " is reversed");
        }
        int from = 0;
        while (from < size() && dates.get(from).isBefore(first)) {
            from++;
        }
        int to = from;
        while (to < size() && !dates.get(to).isAfter(last)) {
            to++;
        }
        if (from == to) {
            throw new IllegalArgumentException("no rows dated " + first + ".." + last + " (the data covers "
                    + dates.get(0) + ".." + dates.get(size() - 1) + ")");
        }
        return rows(from, to);
    }

    /**
     * The book's split (spec B.3): training rows dated 1990-01-01..2022-12-31, test rows dated
     * 2023-01-01..2023-06-30 (8,061 and 124 rows of the book's file).
     *
     * @return the split
     * @throws IllegalArgumentException when either period holds no rows
     */
    public Split bookSplit() {
        return new Split(between(TRAIN_START, TRAIN_END), between(TEST_START, TEST_END));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StockDataset[%d rows, %s..%s]", size(), dates.get(0),
                dates.get(size() - 1));
    }
}
