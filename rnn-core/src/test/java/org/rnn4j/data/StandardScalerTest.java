package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StandardScalerTest {
    static final double[][] TRAIN = {{1, 10, 5}, {2, 20, 5}, {3, 30, 5}, {6, 40, 5}};

    @Test
    void fitsMeanAndPopulationStd() {
        StandardScaler s = StandardScaler.fit(TRAIN);
        assertEquals(3, s.width());
        assertArrayEquals(new double[] {3, 25, 5}, s.mean(), 1e-12);
        // population std (divide by n): sqrt(((1-3)^2+(2-3)^2+0+(6-3)^2)/4) = sqrt(3.5)
        assertEquals(Math.sqrt(3.5), s.scale()[0], 1e-12);
        assertEquals(Math.sqrt(125), s.scale()[1], 1e-12);
        assertEquals(1, s.scale()[2], 0, "a constant column is only centred");
    }

    @Test
    void transformsWithTrainingStatisticsOnly() {
        StandardScaler s = StandardScaler.fit(TRAIN);
        double[][] t = s.transform(TRAIN);
        for (int j = 0; j < 2; j++) {
            double m = 0;
            double v = 0;
            for (double[] r : t) {
                m += r[j] / t.length;
            }
            for (double[] r : t) {
                v += (r[j] - m) * (r[j] - m) / t.length;
            }
            assertEquals(0, m, 1e-12);
            assertEquals(1, v, 1e-12);
        }
        double[] test = s.transform(new double[] {10, 25, 7});
        assertArrayEquals(new double[] {7 / Math.sqrt(3.5), 0, 2}, test, 1e-12);
        assertArrayEquals(new double[] {10, 25, 7}, s.inverseTransform(test), 1e-12);
        assertArrayEquals(new double[] {1, 10, 5}, TRAIN[0], 0, "input untouched");
    }

    @Test
    void roundTripsExactlyThroughTextAndProperties() throws IOException {
        StandardScaler s = StandardScaler.fit(new double[][] {{0.1, 1e10, -3.3333333333333335}, {0.7, 3e9, 1 / 3.0}});
        assertEquals(s, StandardScaler.fromText(s.toText()));
        assertEquals(s, StandardScaler.fromProperties(s.toProperties()));
        StringWriter w = new StringWriter();
        s.write(w);
        StandardScaler r = StandardScaler.read(new StringReader(w.toString()));
        assertArrayEquals(s.mean(), r.mean(), 0);
        assertArrayEquals(s.scale(), r.scale(), 0);
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(new double[0][]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandardScaler.fit(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1 has 1 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StandardScaler.fit(new double[][] {{1, 2}, {3, Double.NaN}}));
        assertTrue(e.getMessage().contains("row 1 column 1 is not finite"), e.getMessage());
        StandardScaler s = StandardScaler.fit(TRAIN);
        e = assertThrows(IllegalArgumentException.class, () -> s.transform(new double[] {1, 2}));
        assertTrue(e.getMessage().contains("has 2 values, the scaler expects 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StandardScaler.of(new double[] {0}, new double[] {0}));
        assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
    }

    @Test
    void rejectsForeignOrCorruptText() {
        Properties p = StandardScaler.fit(TRAIN).toProperties();
        p.setProperty("version", "9");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StandardScaler.fromProperties(p));
        assertTrue(e.getMessage().contains("version '9'"), e.getMessage());
        Properties q = StandardScaler.fit(TRAIN).toProperties();
        q.setProperty("mean", "1,2,x");
        e = assertThrows(IllegalArgumentException.class, () -> StandardScaler.fromProperties(q));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StandardScaler.fromText("hello=world"));
    }
}
