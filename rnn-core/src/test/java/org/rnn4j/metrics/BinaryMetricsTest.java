package org.rnn4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void confusionMatrixFigures() {
        // tp=2 (0.9, 0.6), fn=1 (0.4), fp=1 (0.7), tn=2 (0.1, 0.2)
        BinaryMetrics m = BinaryMetrics.of(new float[] {0.9f, 0.6f, 0.4f, 0.7f, 0.1f, 0.2f},
                new int[] {1, 1, 1, 0, 0, 0});
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2.0 / 3, m.f1(), 1e-12);
        // positive scores .9 .6 .4 vs negative .7 .1 .2: pairs won 3 + 2 + 2 = 7 of 9
        assertEquals(7.0 / 9, m.rocAuc(), 1e-12);
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertEquals(0.5, BinaryMetrics.of(new float[] {0.5f, 0.5f}, new int[] {1, 0}).rocAuc(), 1e-12);
        assertEquals(1.0, BinaryMetrics.of(new float[] {0.2f, 0.8f}, new int[] {0, 1}).rocAuc(), 1e-12);
    }

    @Test
    void logLossIsMeanCrossEntropy() {
        BinaryMetrics m = BinaryMetrics.of(new float[] {0.8f, 0.25f}, new int[] {1, 0});
        assertEquals(-(Math.log(0.8) + Math.log(0.75)) / 2, m.logLoss(), 1e-6);
    }

    @Test
    void rejectsNonBinaryLabelsAndMismatchedSizes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BinaryMetrics.of(new float[] {0.1f}, new int[] {2}));
        assertTrue(e.getMessage().contains("2"));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new float[] {0.1f}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> BinaryMetrics.of(new float[0], new int[0]));
    }
}
