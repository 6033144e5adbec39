package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.datasets.RandomWalkPrices;
import org.rnn4j.datasets.StockDataset;

class FeatureRangeCheckTest {
    /** Training rows: column 0 has mean 10 and sd 1 (population), column 1 is constant 5 (scale 1). */
    static final double[][] TRAIN = {{9, 5}, {11, 5}, {9, 5}, {11, 5}};

    @Test
    void flagsTheLargestExcursionOfEachFeatureAboveTheThreshold() {
        FeatureRangeCheck check = FeatureRangeCheck.of(StandardScaler.fit(TRAIN), List.of("a", "b"));
        assertEquals(6, check.threshold());
        assertEquals(List.of(), check.outliers(new double[][] {{16, 5}, {4, 11}, {10, -1}}),
                "exactly 6 sd is not beyond the threshold");
        List<FeatureRangeCheck.Outlier> out = check.outliers(new double[][] {{12, 5}, {3, 5}, {17, 5}, {2.5, 20}});
        assertEquals(2, out.size());
        assertEquals(new FeatureRangeCheck.Outlier(1, "b", 3, 20, 5, 1, 15), out.get(0), "largest |z| first");
        assertEquals(new FeatureRangeCheck.Outlier(0, "a", 3, 2.5, 10, 1, -7.5), out.get(1),
                "the row of the largest |z|, below the mean");
        assertEquals("feature a: 2.5000 on 2023-06-30 is 7.5 sd below the training mean (mean 10.0000, sd 1.0000)",
                out.get(1).describe("2023-06-30"));
    }

    @Test
    void thresholdNamesAndOddValues() {
        StandardScaler s = StandardScaler.fit(TRAIN);
        assertEquals("0", FeatureRangeCheck.of(s, List.of(), 2).outliers(new double[][] {{13, 5}}).get(0).name());
        assertEquals(List.of(), FeatureRangeCheck.of(s, null, 2).outliers(new double[][] {{Double.NaN, 5}}),
                "NaN is not flagged");
        assertEquals(1, FeatureRangeCheck.of(s, null).outliers(new double[][] {{Double.POSITIVE_INFINITY, 5}})
                .size(), "infinity is");
        assertEquals(List.of(), FeatureRangeCheck.of(s, null).outliers(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> FeatureRangeCheck.of(s, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> FeatureRangeCheck.of(s, null, 0));
        assertThrows(IllegalArgumentException.class, () -> FeatureRangeCheck.of(null, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureRangeCheck.of(s, null).outliers(new double[][] {{1, 2, 3}}));
        assertEquals("row 0 has 3 values, the scaler expects 2", e.getMessage());
    }

    /**
     * A series near 90 seen through a scaler fitted on a series near 5,000 is flagged, every price level far below
     * the training mean; the series near 5,000 itself is not.
     */
    @Test
    void aShareNear90IsOutsideTheRangeOfASeriesNear5000(@TempDir Path dir) throws IOException {
        StockDataset near5000 = StockDataset.read(RandomWalkPrices.write(dir.resolve("a.csv"), 400, 1, 5000));
        StockDataset near90 = StockDataset.read(RandomWalkPrices.write(dir.resolve("b.csv"), 400, 2, 90));
        FeatureRangeCheck check = FeatureRangeCheck.of(StandardScaler.fit(near5000.features()),
                StockDataset.FEATURES);
        List<FeatureRangeCheck.Outlier> out = check.outliers(near90.features());
        assertTrue(out.size() >= 5, out.toString());
        List<String> names = out.stream().map(FeatureRangeCheck.Outlier::name).toList();
        assertTrue(names.containsAll(List.of("open", "open_1", "close_1", "high_1", "low_1")), names.toString());
        for (FeatureRangeCheck.Outlier o : out) {
            if (o.name().matches("open|open_1|close_1|high_1|low_1|avg_price_.*")) {
                assertTrue(o.z() < -6, o.toString());
            }
        }
        assertEquals(List.of(), check.outliers(near5000.features()));
    }
}
