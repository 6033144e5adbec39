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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 37 features on tiny series, against values worked out by hand from the book's feature formulas. */
class StockFeaturesTest {
    /** Eight days of closes and volumes; the fixture sets open = close - 0.5, high = close + 1, low = close / 2. */
    static final double[] CLOSE = {10, 11, 12, 11, 13, 14, 12, 15};
    static final double[] VOLUME = {100, 200, 300, 400, 500, 600, 700, 800};

    @TempDir
    Path dir;

    private PriceTable prices(double[] close, double[] volume) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Date,Open,High,Low,Close,Volume");
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < close.length; i++) {
            lines.add(day.plusDays(i) + "," + (close[i] - 0.5) + "," + (close[i] + 1) + "," + (close[i] / 2) + ","
                    + close[i] + "," + volume[i]);
        }
        return PriceTable.read(Files.writeString(dir.resolve("prices.csv"), String.join("\n", lines)));
    }

    private static double feature(double[][] f, String name, int day) {
        return f[StockFeatures.index(name)][day];
    }

    @Test
    void namesAndWindowsAreTheBooks() {
        assertEquals(37, StockFeatures.NAMES.size());
        assertEquals(0, StockFeatures.index("open"));
        assertEquals(36, StockFeatures.index("moving_avg_365"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StockFeatures.index("close"));
        assertTrue(e.getMessage().contains("unknown feature 'close'"), e.getMessage());
        assertArrayEquals(new int[] {5, 21, 252}, StockFeatures.windows());
        StockFeatures.windows()[0] = 99;
        assertEquals(5, StockFeatures.windows()[0], "windows() returns a copy");
    }

    @Test
    void shiftedPricesMeansStdsAndReturnsOfAnEightDaySeries() throws IOException {
        double[][] f = StockFeatures.columns(prices(CLOSE, VOLUME));
        assertEquals(37, f.length);
        assertEquals(8, f[0].length);
        int t = 6;   // the 5-day windows ending yesterday cover days 1..5: closes 11, 12, 11, 13, 14
        assertEquals(11.5, feature(f, "open", t), "today's open, not shifted");
        assertEquals(13.5, feature(f, "open_1", t));
        assertEquals(14, feature(f, "close_1", t));
        assertEquals(15, feature(f, "high_1", t));
        assertEquals(7, feature(f, "low_1", t));
        assertEquals(600, feature(f, "volume_1", t));
        assertEquals(61 / 5.0, feature(f, "avg_price_5", t), 1e-12);
        // deviations from 12.2: -1.2, -0.2, -1.2, 0.8, 1.8; squares sum to 6.8; sample variance 6.8 / 4
        assertEquals(Math.sqrt(1.7), feature(f, "std_price_5", t), 1e-12);
        assertEquals(400, feature(f, "avg_volume_5", t), 1e-12);
        assertEquals(Math.sqrt(25_000), feature(f, "std_volume_5", t), 1e-9);   // 200..600: (4+1+0+1+4)e4 / 4
        assertEquals(1 / 13.0, feature(f, "return_1", t), 1e-15);              // (14 - 13) / 13
        assertEquals(0.4, feature(f, "return_5", t), 1e-15);                    // (14 - 10) / 10
        // moving_avg_5 of day 7: the mean of return_1 of days 2..6, i.e. of the one-day returns of closes 0..5
        double m = (1 / 10.0 + 1 / 11.0 - 1 / 12.0 + 2 / 11.0 + 1 / 13.0) / 5;
        assertEquals(m, feature(f, "moving_avg_5", 7), 1e-15);
    }

    @Test
    void featuresWithTooShortAHistoryAreNaN() throws IOException {
        double[][] f = StockFeatures.columns(prices(CLOSE, VOLUME));
        assertEquals(10, feature(f, "open", 0) + 0.5);
        assertTrue(Double.isNaN(feature(f, "close_1", 0)));
        assertTrue(Double.isNaN(feature(f, "avg_price_5", 4)));
        assertEquals(57 / 5.0, feature(f, "avg_price_5", 5), 1e-12);           // days 0..4
        assertTrue(Double.isNaN(feature(f, "return_5", 5)));
        assertTrue(Double.isNaN(feature(f, "moving_avg_5", 6)));
        for (String name : List.of("avg_price_30", "std_volume_365", "ratio_avg_price_5_30", "return_30")) {
            for (int day = 0; day < 8; day++) {
                assertTrue(Double.isNaN(feature(f, name, day)), name + " of day " + day);
            }
        }
    }

    @Test
    void ratiosAndLongWindowsOfALinearSeries() throws IOException {
        // close(i) = i + 1: the w-day mean ending yesterday is t - (w - 1) / 2, and the sample std of w
        // consecutive integers is sqrt(w (w + 1) / 12)
        int n = 255;
        double[] close = new double[n];
        double[] volume = new double[n];
        for (int i = 0; i < n; i++) {
            close[i] = i + 1;
            volume[i] = 1000 + 10 * (i % 3);
        }
        double[][] f = StockFeatures.columns(prices(close, volume));
        int t = 25;
        assertEquals(23, feature(f, "avg_price_5", t), 1e-12);
        assertEquals(15, feature(f, "avg_price_30", t), 1e-12);
        assertEquals(23 / 15.0, feature(f, "ratio_avg_price_5_30", t), 1e-12);
        assertEquals(Math.sqrt(2.5 / 38.5), feature(f, "ratio_std_price_5_30", t), 1e-12);
        assertEquals(21 / 4.0, feature(f, "return_30", t), 1e-12);             // (25 - 4) / 4
        int last = n - 1;                                                       // the first complete day
        assertEquals(last - 251 / 2.0, feature(f, "avg_price_365", last), 1e-9);
        assertEquals(Math.sqrt(252 * 253 / 12.0), feature(f, "std_price_365", last), 1e-9);
        assertEquals(252 / 2.0, feature(f, "return_365", last), 1e-12);         // (254 - 2) / 2
        assertTrue(Double.isNaN(feature(f, "moving_avg_365", last - 1)));
        for (int j = 0; j < 37; j++) {
            assertTrue(Double.isFinite(f[j][last]), StockFeatures.NAMES.get(j));
        }
        StockFeatures.Rows rows = StockFeatures.compute(prices(close, volume));
        assertEquals(1, rows.features().length);
        assertEquals(255, rows.sourceRows());
        assertEquals(LocalDate.of(2024, 1, 1).plusDays(254), rows.dates().get(0));
        assertEquals(255, rows.close()[0]);
    }
}
