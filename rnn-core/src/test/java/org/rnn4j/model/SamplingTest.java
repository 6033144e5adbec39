package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {
    /** Probabilities 0.5, 0.25, 0.125, 0.125 as logits, listed out of order. */
    private static final float[] LOGITS = {(float) Math.log(0.125), (float) Math.log(0.5), (float) Math.log(0.125),
            (float) Math.log(0.25)};

    @Test
    void topPKeepsTheSmallestSetWhoseProbabilityReachesP() {
        assertArrayEquals(new double[]{0, 1, 0, 0}, Sampling.builder().topP(0.5).build().distribution(LOGITS), 1e-6);
        assertArrayEquals(new double[]{0, 2 / 3.0, 0, 1 / 3.0},
                Sampling.builder().topP(0.51).build().distribution(LOGITS), 1e-6);
        assertArrayEquals(new double[]{0, 2 / 3.0, 0, 1 / 3.0},
                Sampling.builder().topP(0.75).build().distribution(LOGITS), 1e-6);
        // ties keep the lower index first
        assertArrayEquals(new double[]{1 / 7.0, 4 / 7.0, 0, 2 / 7.0},
                Sampling.builder().topP(0.8).build().distribution(LOGITS), 1e-6);
        assertArrayEquals(new double[]{0.125, 0.5, 0.125, 0.25}, Sampling.book().distribution(LOGITS), 1e-6);
    }

    @Test
    void topKAndTemperature() {
        assertArrayEquals(new double[]{0, 1, 0, 0}, Sampling.builder().topK(1).build().distribution(LOGITS), 1e-9);
        assertArrayEquals(new double[]{0, 1, 0, 0},
                Sampling.builder().temperature(1e-6).build().distribution(LOGITS), 1e-9);
        double[] hot = Sampling.builder().temperature(2).build().distribution(LOGITS);
        assertEquals(Math.sqrt(0.5) / (Math.sqrt(0.5) + Math.sqrt(0.25) + 2 * Math.sqrt(0.125)), hot[1], 1e-6);
    }

    @Test
    void drawsFollowTheDistribution() {
        Sampling s = Sampling.book();
        SplittableRandom r = new SplittableRandom(3);
        int[] counts = new int[4];
        for (int i = 0; i < 40_000; i++) {
            counts[s.sample(LOGITS, r)]++;
        }
        assertEquals(0.5, counts[1] / 40_000.0, 0.01);
        assertEquals(0.25, counts[3] / 40_000.0, 0.01);
    }

    @Test
    void invalidSettingsNameTheValue() {
        assertMessage("temperature must be > 0 (and finite), got 0.0", () -> Sampling.builder().temperature(0).build());
        assertMessage("temperature must be > 0 (and finite), got -1.0", () -> Sampling.builder().temperature(-1).build());
        assertMessage("topK must be >= 1, got 0", () -> Sampling.builder().topK(0).build());
        assertMessage("topP must be in (0, 1], got 0.0", () -> Sampling.builder().topP(0).build());
        assertMessage("topP must be in (0, 1], got 1.5", () -> Sampling.builder().topP(1.5).build());
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
