package org.rnn4j.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.rnn4j.data.SlidingWindows;

/**
 * The book's stock dataset: the NASDAQ Composite (^IXIC) daily series, or any other daily price
 * series, as the book's 37 features per trading day with the same day's close as the target, and its
 * chronological splits and windows.
 *
 * <p>Reading and validating the CSV is {@link PriceTable}'s job (columns {@code Date, Open, High, Low, Close,
 * Volume}; {@code Adj Close} is validated when present but not used); the features are {@link StockFeatures}'s
 * (see there for their definitions). Rows where any feature is missing are dropped: the first complete row is
 * the 255th trading day (1991-01-03 in the book's file, which gives 8,185 complete rows).
 *
 * <pre>{@code
 * StockDataset data = StockDataset.load(DataHome.fromEnvironment());
 * StockDataset.Split split = data.bookSplit();       // 8,061 training rows, 124 test rows
 * double[][] x = split.train().features();           // [row][37], raw (unscaled)
 * double[] y = split.train().close();                // raw closing prices
 * SlidingWindows w = split.test().windows(SlidingWindows.Options.BOOK);   // 119 windows of 5 days
 *
 * StockDataset own = StockDataset.read(Path.of("AAPL.csv"));               // any daily price CSV
 * StockDataset.Split s = own.splitAt(LocalDate.of(2022, 7, 1), LocalDate.of(2023, 1, 1))
 *         .requireWindows(SlidingWindows.Options.BOOK);   // train / validate / test by date
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
    /**
     * The columns of the book's file. {@link #read} needs {@link PriceTable#REQUIRED}, all of these
     * but {@code Adj Close}, which it validates when present.
     */
    public static final List<String> COLUMNS = List.of("Date", "Open", "High", "Low", "Close", "Adj Close",
            "Volume");
    /** The book's 37 feature names, in column order; the same list as {@link StockFeatures#NAMES}. */
    public static final List<String> FEATURES = StockFeatures.NAMES;
    /** The feature windows in trading days, standing for the book's "5", "30" and "365" (a copy). */
    public static final int[] WINDOWS = StockFeatures.windows();
    /** Input rows needed for one complete feature row (see {@link StockFeatures#MIN_ROWS}). */
    public static final int MIN_ROWS = StockFeatures.MIN_ROWS;
    /** The book's training period, inclusive. */
    public static final LocalDate TRAIN_START = LocalDate.of(1990, 1, 1);
    /** The book's training period, inclusive. */
    public static final LocalDate TRAIN_END = LocalDate.of(2022, 12, 31);
    /** The book's test period, inclusive. */
    public static final LocalDate TEST_START = LocalDate.of(2023, 1, 1);
    /** The book's test period, inclusive. */
    public static final LocalDate TEST_END = LocalDate.of(2023, 6, 30);

    private final List<LocalDate> dates;
    private final double[][] features;
    private final double[] close;
    private final int rawRows;

    /**
     * A chronological split: training rows, optionally validation rows, then test rows.
     *
     * @param train the training rows
     * @param validation the validation rows, between the training and the test rows; {@code null} when the split
     *     has none
     * @param test the test rows
     */
    public record Split(StockDataset train, StockDataset validation, StockDataset test) {
        /**
         * A split without validation rows.
         *
         * @param train the training rows
         * @param test the test rows
         */
        public Split(StockDataset train, StockDataset test) {
            this(train, null, test);
        }

        /** @return whether the split has validation rows */
        public boolean hasValidation() {
            return validation != null;
        }

        /**
         * Checks that every part gives at least one window, before any training.
         *
         * @param layout how the windows are cut
         * @return this split
         * @throws IllegalArgumentException when a part is too short for one window; the message names the part,
         *     its dates and its row count, and the rows a window needs
         */
        public Split requireWindows(SlidingWindows.Options layout) {
            int need = layout.length() + layout.horizon() - 1 + (layout.dropLast() ? 1 : 0);
            String[] names = {"training", "validation", "test"};
            StockDataset[] parts = {train, validation, test};
            for (int k = 0; k < parts.length; k++) {
                if (parts[k] != null && layout.count(parts[k].size()) < 1) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s rows (%s) give no "
                            + "window: one window of %d days with horizon %d%s needs at least %d rows; the split "
                            + "has %s", names[k], parts[k].period(), layout.length(), layout.horizon(),
                            layout.dropLast() ? ", the last window dropped," : "", need, counts()));
                }
            }
            return this;
        }

        /** @return the row counts of the parts, e.g. "8,061 training rows and 124 test rows" */
        public String counts() {
            return String.format(Locale.ROOT, "%,d training rows%s and %,d test rows", train.size(),
                    validation == null ? "" : String.format(Locale.ROOT, ", %,d validation rows", validation.size()),
                    test.size());
        }
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
     * @throws IOException when the file is invalid (see {@link PriceTable#read}), has fewer than
     *     {@value #MIN_ROWS} data rows, or has values that make a feature infinite (a division by zero); the
     *     message names the file, and for a bad cell its line and column
     */
    public static StockDataset read(Path csv) throws IOException {
        return of(PriceTable.read(csv));
    }

    /**
     * Computes the features of a price series.
     *
     * @param prices the series, e.g. from {@link PriceTable#read}
     * @return the complete feature rows
     * @throws IOException when the series has fewer than {@value #MIN_ROWS} rows or values that make a feature
     *     infinite; the message names the file, and for an infinite feature the day and its line
     */
    public static StockDataset of(PriceTable prices) throws IOException {
        StockFeatures.Rows r = StockFeatures.compute(prices);
        return new StockDataset(r.dates(), r.features(), r.close(), r.sourceRows());
    }

    /**
     * @param name a feature name from {@link #FEATURES}
     * @return its column index
     * @throws IllegalArgumentException for an unknown name
     */
    public static int featureIndex(String name) {
        return StockFeatures.index(name);
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
     * The book's split (the book's stock project): training rows dated 1990-01-01..2022-12-31, test rows dated
     * 2023-01-01..2023-06-30 (8,061 and 124 rows of the book's file).
     *
     * @return the split
     * @throws IllegalArgumentException when either period holds no rows
     */
    public Split bookSplit() {
        return new Split(between(TRAIN_START, TRAIN_END), between(TEST_START, TEST_END));
    }

    /**
     * Splits the rows at a date: the rows dated before {@code testFrom} train, the rows dated {@code testFrom} or
     * later are the test set. On the book's file {@code splitAt(TEST_START)} gives the same rows as
     * {@link #bookSplit()}.
     *
     * @param testFrom the first test day (need not be a trading day)
     * @return the split, without validation rows
     * @throws IllegalArgumentException when either part would hold no row; the message names the counts and the
     *     dates the rows cover
     */
    public Split splitAt(LocalDate testFrom) {
        int t = firstRowFrom(testFrom);
        checkPart("training", "before the test start " + testFrom, t);
        checkPart("test", "dated " + testFrom + " or later", size() - t);
        return new Split(rows(0, t), rows(t, size()));
    }

    /**
     * Splits the rows at two dates: the rows dated before {@code validationFrom} train, the rows from
     * {@code validationFrom} up to the day before {@code testFrom} validate, the rows dated {@code testFrom} or
     * later are the test set.
     *
     * @param validationFrom the first validation day
     * @param testFrom the first test day, after {@code validationFrom}
     * @return the split
     * @throws IllegalArgumentException when {@code validationFrom} is not before {@code testFrom} or a part would
     *     hold no row; the message names the counts and the dates the rows cover
     */
    public Split splitAt(LocalDate validationFrom, LocalDate testFrom) {
        if (!validationFrom.isBefore(testFrom)) {
            throw new IllegalArgumentException("the validation start " + validationFrom + " must come before the "
                    + "test start " + testFrom);
        }
        int v = firstRowFrom(validationFrom);
        int t = firstRowFrom(testFrom);
        checkPart("training", "before the validation start " + validationFrom, v);
        checkPart("validation", "dated " + validationFrom + ".." + testFrom.minusDays(1), t - v);
        checkPart("test", "dated " + testFrom + " or later", size() - t);
        return new Split(rows(0, v), rows(v, t), rows(t, size()));
    }

    /** @return the index of the first row dated {@code day} or later; {@link #size()} when there is none */
    private int firstRowFrom(LocalDate day) {
        int i = 0;
        while (i < size() && dates.get(i).isBefore(day)) {
            i++;
        }
        return i;
    }

    private void checkPart(String part, String which, int rows) {
        if (rows == 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "no %s rows: none of the %,d complete "
                    + "rows (%s) is %s%s", part, size(), period(), which, part.equals("training") ? "; the first "
                    + "complete row is the " + MIN_ROWS + "th trading day of the file, as the features need "
                    + (MIN_ROWS - 1) + " earlier days" : ""));
        }
    }

    /** @return the dates the rows cover and their count, e.g. "1991-01-03..2022-12-30, 8,061 rows" */
    public String period() {
        return String.format(Locale.ROOT, "%s..%s, %,d rows", dates.get(0), dates.get(size() - 1), size());
    }

    /**
     * Cuts the rows into windows of raw (unscaled) features, each labelled with closes (the book's stock project).
     *
     * @param options the layout, e.g. {@link SlidingWindows.Options#BOOK}
     * @return the windows; the book's layout gives 8,056 of its training rows and 119 of its test rows
     * @throws IllegalArgumentException when no window fits (see {@link SlidingWindows#of(double[][], double[],
     *     SlidingWindows.Options)})
     */
    public SlidingWindows windows(SlidingWindows.Options options) {
        return SlidingWindows.of(features, close, options);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StockDataset[%d rows, %s..%s]", size(), dates.get(0),
                dates.get(size() - 1));
    }
}
