package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.TestData;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;

/**
 * Golden values of the book's real NASDAQ file. Fails, never skips, when {@code RNN_DATA_HOME} does not
 * hold {@code stocks/19900101_20230630.csv}.
 */
class StockDataTest {
    static StockDataset data;
    static StockDataset.Split split;

    @BeforeAll
    static void load() throws IOException {
        data = StockDataset.load(TestData.home(StockDataset.FILE));
        split = data.bookSplit();
    }

    @Test
    void completeRowsStartOn1991_01_03() {
        assertEquals(8_439, data.rawRows());
        assertEquals(8_185, data.size());
        assertEquals(LocalDate.of(1991, 1, 3), data.date(0));
        assertEquals(LocalDate.of(2023, 6, 30), data.date(data.size() - 1));
        assertEquals(37, data.features(0).length);
    }

    @Test
    void bookSplitHas8061TrainAnd124TestRows() {
        assertEquals(8_061, split.train().size());
        assertEquals(124, split.test().size());
        assertEquals(LocalDate.of(2022, 12, 30), split.train().date(8_060));
        assertEquals(LocalDate.of(2023, 1, 3), split.test().date(0));
        assertEquals(LocalDate.of(2023, 6, 30), split.test().date(123));
    }

    /** {@code stock train --csv <the book's file> --test-from 2023-01-01} trains and tests on the book's rows. */
    @Test
    void splitAtTheFirstTestDayIsTheBookSplit() {
        StockDataset.Split at = data.splitAt(LocalDate.of(2023, 1, 1));
        StockSplitTest.assertSameRowsAndWindows(split, at);
        assertEquals(8_061, at.train().size());
        assertEquals(124, at.test().size());
    }

    @Test
    void bookWindowsAre8056And119() {
        SlidingWindows train = SlidingWindows.of(split.train().features(), split.train().close(),
                SlidingWindows.Options.BOOK);
        SlidingWindows test = SlidingWindows.of(split.test().features(), split.test().close(),
                SlidingWindows.Options.BOOK);
        assertEquals(8_056, train.count());
        assertEquals(119, test.count());
        // test labels are dated 2023-01-09 .. 2023-06-29; the final test day is never predicted
        assertEquals(LocalDate.of(2023, 1, 9), split.test().date(test.lastRow(0)));
        assertEquals(LocalDate.of(2023, 6, 29), split.test().date(test.lastRow(118)));
        assertEquals(split.test().close(4), test.target(0)[0]);
        // label variance of the 119 test labels (the book's stock project: 560,379)
        double[] y = new double[119];
        for (int i = 0; i < 119; i++) {
            y[i] = test.target(i)[0];
        }
        assertEquals(560_379, variance(y), 0.5);
    }

    /** Spec B.2's check values, printed to 6 decimals: relative 1e-6, or half a unit of the last printed digit. */
    @Test
    void firstRowMatchesTheBooksCheckValues() {
        double[] f = data.features(0);
        check(371.200012, f, "open");
        check(372.200012, f, "close_1");
        check(92_020_000, f, "volume_1");
        check(372.140002, f, "avg_price_5");
        check(370.304762, f, "avg_price_30");
        check(408.630634, f, "avg_price_365");
        check(42.941964, f, "std_price_365");
        check(1.245624, f, "ratio_std_volume_30_365");
        check(-0.004280, f, "return_1");
        check(-0.192450, f, "return_365");
        check(-0.000767, f, "moving_avg_365");
        assertEquals(367.5, data.close(0), 0);
    }

    /** All 37 features of the first row against an independent NumPy computation, relative 1e-9. */
    @Test
    void firstRowMatchesNumPyInFullPrecision() {
        double[] expected = {371.200012, 373.0, 372.200012, 373.5, 371.799988, 92020000.0, 372.1400024,
            370.3047616190476, 408.6306344960317, 1.0049560280373613, 0.9107002044987744, 0.9062090072511285,
            105662000.0, 123434285.71428572, 131420396.82539682, 0.8560182398963011, 0.8040000072468276,
            0.9392323314795546, 1.0945231199562555, 3.151741485816666, 42.94196371772364, 0.34727566486077055,
            0.025488427291100055, 0.07339537396413552, 25263166.2702837, 30670984.91594761, 24622993.62346797,
            0.8236829152867512, 1.0259989770783022, 1.2456237200465887, -0.004280299762877386,
            -0.0005370086015629131, 0.036480105210580274, -0.19244951866933627, 0.00011417388094585017,
            0.002375349573866697, -0.0007672310118882086};
        assertRelative(expected, data.features(0), 1e-9);
    }

    @Test
    void lastRowMatchesNumPyInFullPrecision() {
        double[] expected = {13719.980469, 13592.360352, 13591.330078, 13618.530273, 13540.259766, 4388140000.0,
            13513.409960800001, 13423.176711380956, 11714.889152460317, 1.006722197834328, 1.1535243556241388,
            1.145821914035087, 5228034000.0, 5185473333.333333, 4905623174.603174, 1.0082076724593447,
            1.0657227051327494, 1.0570468111327764, 107.21861635473913, 229.9719340176576, 833.2179082765545,
            0.46622478874533757, 0.1286801631238488, 0.27600455023024695, 1426253661.8988924, 1038726815.9402323,
            719023280.0852994, 1.37307869596866, 1.9835987253843752, 1.4446358618833672, -3.089535931716908e-05,
            -0.002881769266791145, 0.044087074311532144, 0.21551503912653489, 0.001382589388560272,
            0.002253109987691216, 0.0007778285462172794};
        int last = data.size() - 1;
        assertRelative(expected, data.features(last), 1e-9);
        assertEquals(13787.919922, data.close(last), 0);
    }

    @Test
    void scalerFittedOnTrainingRowsMatchesNumPy() {
        StandardScaler s = StandardScaler.fit(split.train().features());
        assertEquals(3649.426284442129, s.mean()[0], 1e-9 * 3649);
        assertEquals(3393.017825836485, s.scale()[0], 1e-9 * 3393);
        assertEquals(3391.851336949199, s.scale()[2], 1e-9 * 3391);
    }

    private static void check(double printed, double[] f, String name) {
        double actual = f[StockDataset.featureIndex(name)];
        double tolerance = Math.max(1e-6 * Math.abs(printed), 0.5e-6);
        assertEquals(printed, actual, tolerance, name);
    }

    private static void assertRelative(double[] expected, double[] actual, double rel) {
        assertEquals(expected.length, actual.length);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], rel * Math.abs(expected[j]), StockDataset.FEATURES.get(j));
        }
    }

    private static double variance(double[] y) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= y.length;
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        return s / y.length;
    }
}
