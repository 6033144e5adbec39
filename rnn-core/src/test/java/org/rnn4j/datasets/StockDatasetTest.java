package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.SlidingWindows;

/**
 * The stock dataset on small generated CSV files: the features by hand, slices, splits and windows. The kinds of
 * bad CSV input are {@link PriceTableTest}'s.
 */
class StockDatasetTest {
    static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";
    static final LocalDate START = LocalDate.of(2000, 1, 3);

    @TempDir
    Path dir;

    /** n synthetic days: smooth, positive prices and volumes that never stay constant. */
    static List<String> lines(int n) {
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (int i = 0; i < n; i++) {
            double close = 100 + 10 * Math.sin(i / 7.0) + i * 0.05;
            double open = close - 0.5 + 0.3 * Math.cos(i / 3.0);
            double high = Math.max(open, close) + 1;
            double low = Math.min(open, close) - 1;
            long volume = 1_000_000 + (i * 7919L) % 50_000;
            out.add(String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%.6f,%.6f,%d", START.plusDays(i), open, high, low,
                    close, close, volume));
        }
        return out;
    }

    private Path write(List<String> lines) throws IOException {
        Path f = dir.resolve("stock.csv");
        Files.writeString(f, String.join("\n", lines));
        return f;
    }

    /** Replaces one cell of data row {@code row} (0-based; file line row + 2). */
    private Path withCell(int row, int column, String value) throws IOException {
        return edit(row, l -> {
            String[] cells = l.split(",", -1);
            cells[column] = value;
            return String.join(",", cells);
        });
    }

    private Path edit(int row, UnaryOperator<String> change) throws IOException {
        List<String> l = lines(300);
        l.set(row + 1, change.apply(l.get(row + 1)));
        return write(l);
    }

    private static double[] column(List<String> lines, int c) {
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    @Test
    void computesTheFeaturesOfTheFirstCompleteRow() throws IOException {
        List<String> l = lines(300);
        StockDataset d = StockDataset.read(write(l));
        assertEquals(300, d.rawRows());
        assertEquals(300 - 254, d.size());
        assertEquals(START.plusDays(254), d.date(0));
        double[] open = column(l, 1);
        double[] close = column(l, 4);
        double[] volume = column(l, 6);
        int t = 254;
        double[] f = d.features(0);
        assertEquals(open[t], f[StockDataset.featureIndex("open")]);
        assertEquals(open[t - 1], f[StockDataset.featureIndex("open_1")]);
        assertEquals(close[t - 1], f[StockDataset.featureIndex("close_1")]);
        assertEquals(volume[t - 1], f[StockDataset.featureIndex("volume_1")]);
        assertEquals(mean(close, t - 5, t), f[StockDataset.featureIndex("avg_price_5")], 1e-9);
        assertEquals(mean(close, t - 21, t), f[StockDataset.featureIndex("avg_price_30")], 1e-9);
        assertEquals(mean(close, t - 252, t), f[StockDataset.featureIndex("avg_price_365")], 1e-9);
        assertEquals(mean(close, t - 5, t) / mean(close, t - 252, t),
                f[StockDataset.featureIndex("ratio_avg_price_5_365")], 1e-12);
        assertEquals(sampleStd(volume, t - 21, t), f[StockDataset.featureIndex("std_volume_30")], 1e-6);
        assertEquals(sampleStd(close, t - 5, t) / sampleStd(close, t - 21, t),
                f[StockDataset.featureIndex("ratio_std_price_5_30")], 1e-9);
        assertEquals((close[t - 1] - close[t - 2]) / close[t - 2], f[StockDataset.featureIndex("return_1")], 1e-15);
        assertEquals((close[t - 1] - close[t - 22]) / close[t - 22], f[StockDataset.featureIndex("return_30")],
                1e-15);
        assertEquals((close[t - 1] - close[t - 253]) / close[t - 253], f[StockDataset.featureIndex("return_365")],
                1e-15);
        double[] ret1 = new double[300];
        for (int i = 2; i < 300; i++) {
            ret1[i] = (close[i - 1] - close[i - 2]) / close[i - 2];
        }
        // moving_avg_365 of day t: mean of return_1 over rows t-252 .. t-1 (rolled, then shifted)
        assertEquals(mean(ret1, t - 252, t), f[StockDataset.featureIndex("moving_avg_365")], 1e-15);
        assertEquals(mean(ret1, t - 5, t), f[StockDataset.featureIndex("moving_avg_5")], 1e-15);
        assertEquals(close[t], d.close(0));
    }

    @Test
    void slicesByDateAndIndex() throws IOException {
        StockDataset d = StockDataset.read(write(lines(300)));
        StockDataset part = d.between(START.plusDays(260), START.plusDays(269));
        assertEquals(10, part.size());
        assertEquals(START.plusDays(260), part.date(0));
        assertArrayEquals(d.features(6), part.features(0));
        assertEquals(d.close(15), part.close(9));
        assertEquals(3, d.rows(2, 5).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.between(LocalDate.of(2030, 1, 1), LocalDate.of(2030, 2, 1)));
        assertTrue(e.getMessage().contains("no rows dated 2030-01-01..2030-02-01"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.between(START.plusDays(5), START));
        assertThrows(IllegalArgumentException.class, () -> d.bookSplit(), "the fixture has no 2023 rows");
        assertThrows(IllegalArgumentException.class, () -> StockDataset.featureIndex("close"));
    }

    @Test
    void exactly255RowsGiveOneCompleteRow() throws IOException {
        assertEquals(1, StockDataset.read(write(lines(255))).size());
    }

    @Test
    void tooFewRowsAreAnError() throws IOException {
        Path f = write(lines(254));
        IOException e = assertThrows(IOException.class, () -> StockDataset.read(f));
        assertTrue(e.getMessage().contains("has 254 data rows") && e.getMessage().contains("at least 255"),
                e.getMessage());
    }

    @Test
    void missingFileIsAnError() {
        Path f = dir.resolve("nope.csv");
        IOException e = assertThrows(IOException.class, () -> StockDataset.read(f));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("nope.csv"), e.getMessage());
    }

    @Test
    void aBadCellStillNamesItsLineAndColumn() throws IOException {
        Path f = withCell(9, 4, "12,5x".replace(",", ""));
        IOException e = assertThrows(IOException.class, () -> StockDataset.read(f));
        assertTrue(e.getMessage().contains("line 11, column 'Close': '125x' is not a number"), e.getMessage());
    }

    @Test
    void adjCloseIsOptionalAndUnused() throws IOException {
        List<String> l = lines(300);
        StockDataset with = StockDataset.read(write(l));
        l.replaceAll(s -> {
            String[] c = s.split(",");
            return String.join(",", c[0], c[1], c[2], c[3], c[4], c[6]);
        });
        Path f = dir.resolve("no-adj-close.csv");
        Files.writeString(f, String.join("\n", l));
        StockDataset without = StockDataset.read(f);
        assertArrayEquals(with.features(), without.features());
        assertArrayEquals(with.close(), without.close());
        StockDataset viaTable = StockDataset.of(PriceTable.read(f));
        assertArrayEquals(with.features(), viaTable.features());
        assertEquals(with.dates(), viaTable.dates());
    }

    @Test
    void windowsAreCutFromTheRawRows() throws IOException {
        StockDataset d = StockDataset.read(write(lines(300)));
        SlidingWindows w = d.windows(SlidingWindows.Options.BOOK);
        assertEquals(d.size() - 5, w.count());
        assertArrayEquals(new double[][] {d.features(0), d.features(1), d.features(2), d.features(3),
            d.features(4)}, w.window(0));
        assertEquals(d.close(4), w.target(0)[0]);
        assertEquals(d.close(d.size() - 2), w.target(w.count() - 1)[0], "the book drops the last window");
        assertThrows(IllegalArgumentException.class, () -> d.rows(0, 5).windows(SlidingWindows.Options.BOOK));
    }

    @Test
    void overflowingFeatureIsAnError() throws IOException {
        List<String> l = lines(300);
        for (int i = 101; i <= 102; i++) {   // two volumes of 1e308: their 5-day sum overflows to infinity
            String s = l.get(i);
            l.set(i, s.substring(0, s.lastIndexOf(',') + 1) + "1e308");
        }
        Path f = write(l);
        IOException e = assertThrows(IOException.class, () -> StockDataset.read(f));
        assertTrue(e.getMessage().contains("is infinite"), e.getMessage());
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    private static double sampleStd(double[] a, int from, int to) {
        double m = mean(a, from, to);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (a[i] - m) * (a[i] - m);
        }
        return Math.sqrt(s / (to - from - 1));
    }
}
