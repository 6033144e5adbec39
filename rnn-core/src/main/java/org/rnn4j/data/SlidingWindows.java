package org.rnn4j.data;

/**
 * Overlapping fixed-length windows over a time-ordered table, each paired with the targets that follow from
 * its last row (the book's stock project).
 *
 * <p>Window {@code i} holds rows {@code i .. i+length-1}; its targets are {@code targets[i+length-1 ..
 * i+length-1+horizon-1]}, i.e. with horizon 1 the target of the window's own last row (the book predicts the
 * close of the day whose open is the last row's first feature). Windows start at every row (stride 1), so
 * {@code rows - length - horizon + 2} windows fit; the book's sequence builder makes one fewer (its loop stops
 * one start early), which {@link Options#dropLast()} reproduces: 8,061 training rows give 8,056 windows and
 * 124 test rows give 119.
 *
 * <pre>{@code
 * SlidingWindows train = SlidingWindows.of(trainFeatures, trainClose, SlidingWindows.Options.BOOK);
 * double[][] first = train.window(0);          // rows 0..4
 * double[] label = train.target(0);            // {trainClose[4]}
 * }</pre>
 *
 * <p>The rows are copied once and then shared by the overlapping windows; accessors return copies, so
 * instances are immutable and thread-safe.
 */
public final class SlidingWindows {
    private final double[][] rows;
    private final double[] targets;
    private final Options options;
    private final int count;
    private final int width;

    /**
     * How windows are cut.
     *
     * @param length rows per window, &gt;= 1
     * @param horizon consecutive targets per window, &gt;= 1 (1 = the window's last row; 5 = that row and the
     *     next four)
     * @param dropLast leave out the last possible window, as the book does
     */
    public record Options(int length, int horizon, boolean dropLast) {
        /** The book's layout: windows of 5 rows, one target, the last possible window dropped. */
        public static final Options BOOK = new Options(5, 1, true);

        /**
         * @throws IllegalArgumentException when the length or the horizon is below 1
         */
        public Options {
            if (length < 1) {
                throw new IllegalArgumentException("window length must be >= 1, got " + length);
            }
            if (horizon < 1) {
                throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
            }
        }

        /**
         * @param rows rows available
         * @return how many windows fit in {@code rows} rows (may be 0 or negative when too few)
         */
        public int count(int rows) {
            return rows - length - horizon + 2 - (dropLast ? 1 : 0);
        }
    }

    private SlidingWindows(double[][] rows, double[] targets, Options options, int count, int width) {
        this.rows = rows;
        this.targets = targets;
        this.options = options;
        this.count = count;
        this.width = width;
    }

    /**
     * Cuts every window of one target, keeping the last one.
     *
     * @param rows the table, {@code [row][feature]}, in time order
     * @param targets one target per row
     * @param length rows per window
     * @return the windows
     * @throws IllegalArgumentException see {@link #of(double[][], double[], Options)}
     */
    public static SlidingWindows of(double[][] rows, double[] targets, int length) {
        return of(rows, targets, new Options(length, 1, false));
    }

    /**
     * Cuts the windows.
     *
     * @param rows the table, {@code [row][feature]}, in time order; all rows of the same width
     * @param targets one target per row
     * @param options length, horizon and whether to drop the last window
     * @return the windows
     * @throws IllegalArgumentException when the table has fewer rows than the window length (or too few for one
     *     window with the horizon), the rows are ragged, or the target count differs from the row count
     */
    public static SlidingWindows of(double[][] rows, double[] targets, Options options) {
        if (rows == null || targets == null || options == null) {
            throw new IllegalArgumentException("rows, targets and options must not be null");
        }
        if (rows.length != targets.length) {
            throw new IllegalArgumentException("got " + targets.length + " targets for " + rows.length + " rows");
        }
        if (rows.length < options.length()) {
            throw new IllegalArgumentException("the table has " + rows.length + " rows, fewer than the window "
                    + "length " + options.length());
        }
        int count = options.count(rows.length);
        if (count < 1) {
            throw new IllegalArgumentException("the table has " + rows.length + " rows, too few for one window of "
                    + options.length() + " rows with horizon " + options.horizon()
                    + (options.dropLast() ? " when the last window is dropped" : "") + "; it needs at least "
                    + (rows.length - count + 1) + " rows");
        }
        double[][] copy = new double[rows.length][];
        int width = rows[0] == null ? 0 : rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("row 0 has no values");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has "
                        + (rows[i] == null ? "no" : Integer.toString(rows[i].length)) + " values, expected "
                        + width + " like row 0");
            }
            copy[i] = rows[i].clone();
        }
        return new SlidingWindows(copy, targets.clone(), options, count, width);
    }

    /** @return the number of windows */
    public int count() {
        return count;
    }

    /** @return rows per window */
    public int length() {
        return options.length();
    }

    /** @return values per row (features) */
    public int width() {
        return width;
    }

    /** @return targets per window */
    public int horizon() {
        return options.horizon();
    }

    /** @return how the windows were cut */
    public Options options() {
        return options;
    }

    /**
     * @param i window index
     * @return the index, in the table given to {@code of}, of window {@code i}'s last row
     */
    public int lastRow(int i) {
        check(i);
        return i + options.length() - 1;
    }

    /**
     * @param i window index
     * @return a copy of the window, {@code [length][width]}
     */
    public double[][] window(int i) {
        check(i);
        double[][] w = new double[options.length()][];
        for (int t = 0; t < w.length; t++) {
            w[t] = rows[i + t].clone();
        }
        return w;
    }

    /**
     * @param i window index
     * @return a copy of the window's targets, {@code [horizon]}
     */
    public double[] target(int i) {
        check(i);
        double[] y = new double[options.horizon()];
        System.arraycopy(targets, i + options.length() - 1, y, 0, y.length);
        return y;
    }

    /** @return a copy of all windows, {@code [count][length][width]} */
    public double[][][] windows() {
        double[][][] out = new double[count][][];
        for (int i = 0; i < count; i++) {
            out[i] = window(i);
        }
        return out;
    }

    /** @return a copy of all targets, {@code [count][horizon]} */
    public double[][] targets() {
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) {
            out[i] = target(i);
        }
        return out;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("window " + i + " out of range 0.." + (count - 1));
        }
    }

    @Override
    public String toString() {
        return "SlidingWindows[count=" + count + ", length=" + options.length() + ", width=" + width
                + ", horizon=" + options.horizon() + ", dropLast=" + options.dropLast() + "]";
    }
}
