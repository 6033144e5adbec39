package org.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected values are scikit-learn's (r2_score, mean_squared_error, mean_absolute_error) on its doc examples. */
class RegressionMetricsTest {
    @Test
    void matchesScikitLearnOnOneOutput() {
        RegressionMetrics m = RegressionMetrics.of(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0.0, 2, 8});
        assertEquals(4, m.count());
        assertEquals(0.9486081370449679, m.r2(), 1e-15);
        assertEquals(0.375, m.mse(), 1e-15);
        assertEquals(Math.sqrt(0.375), m.rmse(), 1e-15);
        assertEquals(0.5, m.mae(), 1e-15);
        RegressionMetrics f = RegressionMetrics.of(new float[] {3, -0.5f, 2, 7}, new float[] {2.5f, 0, 2, 8});
        assertEquals(m, f);
    }

    @Test
    void averagesR2OverOutputsLikeUniformAverage() {
        double[][] y = {{0.5, 1}, {-1, 1}, {7, -6}};
        double[][] p = {{0, 2}, {-1, 2}, {8, -5}};
        RegressionMetrics m = RegressionMetrics.of(y, p);
        assertEquals(3, m.count());
        assertEquals(0.9368005266622779, m.r2(), 1e-15);
        assertEquals(0.7083333333333334, m.mse(), 1e-15);
        assertEquals(0.75, m.mae(), 1e-15);
        RegressionMetrics[] each = RegressionMetrics.perOutput(y, p);
        assertEquals(2, each.length);
        assertEquals(0.9654377880184332, each[0].r2(), 1e-15);
        assertEquals(0.9081632653061225, each[1].r2(), 1e-15);
    }

    @Test
    void constantTargetsFollowScikitLearn() {
        assertEquals(1, RegressionMetrics.of(new double[] {2, 2}, new double[] {2, 2}).r2());
        assertEquals(0, RegressionMetrics.of(new double[] {2, 2}, new double[] {2, 3}).r2());
        assertTrue(RegressionMetrics.of(new double[] {1, 2, 3}, new double[] {3, 2, 1}).r2() < 0);
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("1 predictions for 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RegressionMetrics.of(new double[0], new double[0]));
        e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[] {1, 2}, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("predicted value 1 is not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3, 4}}));
        assertTrue(e.getMessage().contains("actual row 1 has 1 values, expected 2"), e.getMessage());
    }
}
