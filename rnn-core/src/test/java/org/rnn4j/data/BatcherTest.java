package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatcherTest {
    @Test
    void rightPadsWithZeroAndMasksPadding() {
        PaddedBatch b = PaddedBatch.of(new int[][] {{5, 6, 7}, {8}}, new float[] {1, 0}, new int[] {0, 1});
        assertEquals(3, b.maxLength());
        assertArrayEquals(new float[] {8, 0, 0}, b.ids()[1]);
        assertArrayEquals(new float[] {1, 0, 0}, b.mask()[1]);
        assertArrayEquals(new float[] {1, 1, 1}, b.mask()[0]);
        assertEquals(4.0 / 6, b.fillRatio(), 1e-12);
    }

    @Test
    void everySequenceAppearsOncePerEpoch() {
        List<int[]> seqs = randomLengths(1000, 1);
        float[] labels = new float[seqs.size()];
        for (boolean bucketing : new boolean[] {false, true}) {
            Set<Integer> seen = new HashSet<>();
            for (PaddedBatch b : new Batcher(32, true, bucketing, 0).batches(seqs, labels, new Random(3))) {
                for (int j = 0; j < b.size(); j++) {
                    assertTrue(seen.add(b.indices()[j]));
                    assertEquals(seqs.get(b.indices()[j]).length, b.lengths()[j]);
                }
            }
            assertEquals(seqs.size(), seen.size());
        }
    }

    @Test
    void bucketingCutsPaddingAndStillShuffles() {
        List<int[]> seqs = randomLengths(3200, 2);
        float[] labels = new float[seqs.size()];
        double plain = fill(new Batcher(32, true, false, 0).batches(seqs, labels, new Random(1)));
        List<PaddedBatch> a = new Batcher(32, true, true, 0).batches(seqs, labels, new Random(1));
        List<PaddedBatch> b = new Batcher(32, true, true, 0).batches(seqs, labels, new Random(2));
        assertTrue(fill(a) > 0.9 && fill(a) > plain + 0.3, "bucketed fill " + fill(a) + " vs plain " + plain);
        assertTrue(a.get(0).indices()[0] != b.get(0).indices()[0] || a.get(1).indices()[0] != b.get(1).indices()[0]);
    }

    @Test
    void maxLengthKeepsTheLastTokens() {
        List<int[]> seqs = List.of(new int[] {1, 2, 3, 4, 5}, new int[] {9});
        PaddedBatch b = new Batcher(2, false, false, 3).batches(seqs, null, null).get(0);
        assertArrayEquals(new float[] {3, 4, 5}, b.ids()[0]);
        assertArrayEquals(new int[] {3, 1}, b.lengths());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Batcher(0, true, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Batcher(8, true, true, -1));
    }

    private static double fill(List<PaddedBatch> batches) {
        double real = 0, slots = 0;
        for (PaddedBatch b : batches) {
            real += b.fillRatio() * b.size() * b.maxLength();
            slots += (double) b.size() * b.maxLength();
        }
        return real / slots;
    }

    /** Lengths with a long tail, like reviews: 10 .. ~2000. */
    private static List<int[]> randomLengths(int n, long seed) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new int[10 + (int) Math.min(2000, Math.exp(r.nextGaussian() + 5))]);
        }
        return out;
    }
}
