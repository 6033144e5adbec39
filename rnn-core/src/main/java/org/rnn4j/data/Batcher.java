package org.rnn4j.data;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Cuts encoded sequences into padded, masked batches.
 *
 * <p>With bucketing, the sequences are shuffled, split into pools of {@code poolBatches} batches, each pool is
 * sorted by length and cut into batches, and the batch order is shuffled. Batches then hold sequences of
 * similar length, so little padding is computed, while every epoch still sees different batches in a
 * random order (the "bucket iterator" of torchtext and Keras' {@code bucket_by_sequence_length}).
 *
 * <p>With a maximum length, longer sequences keep their <em>last</em> {@code maxLength} tokens (Keras'
 * default {@code truncating='pre'}): a review's verdict tends to come at its end.
 */
public final class Batcher {
    private final int batchSize;
    private final boolean shuffle;
    private final boolean bucketing;
    private final int poolBatches;
    private final int maxLength;

    /**
     * @param batchSize sequences per batch, at least 1
     * @param shuffle shuffle the sequences each epoch
     * @param bucketing group sequences of similar length into batches
     * @param maxLength keep at most this many (last) tokens per sequence; 0 keeps all
     */
    public Batcher(int batchSize, boolean shuffle, boolean bucketing, int maxLength) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0 (0 = no limit), got " + maxLength);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.bucketing = bucketing;
        this.poolBatches = 50;
        this.maxLength = maxLength;
    }

    /** @return sequences per batch */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Plans one epoch's batches.
     *
     * @param sequences encoded sequences
     * @param labels their labels, or {@code null}
     * @param random the source of randomness for shuffling (ignored when nothing is shuffled)
     * @return the batches, in the order to use them. Only the plan (which sequences go together, in which order)
     *     is held: a batch is padded when it is read, and anew at every read, so an epoch never holds the padded
     *     copy of the whole data set
     */
    public List<PaddedBatch> batches(List<int[]> sequences, float[] labels, Random random) {
        int n = sequences.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Collections.shuffle(Arrays.asList(order), random);
        }
        if (bucketing) {
            int pool = batchSize * poolBatches;
            Comparator<Integer> byLength = Comparator.comparingInt(i -> length(sequences.get(i)));
            for (int from = 0; from < n; from += pool) {
                Arrays.sort(order, from, Math.min(n, from + pool), byLength);
            }
        }
        List<int[]> groups = new ArrayList<>((n + batchSize - 1) / batchSize);
        for (int from = 0; from < n; from += batchSize) {
            int[] idx = new int[Math.min(batchSize, n - from)];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = order[from + j];
            }
            groups.add(idx);
        }
        if (bucketing && shuffle) {
            Collections.shuffle(groups, random);
        }
        return new AbstractList<>() {
            @Override
            public PaddedBatch get(int b) {
                return pad(groups.get(b), sequences, labels);
            }

            @Override
            public int size() {
                return groups.size();
            }
        };
    }

    /** Pads the sequences at {@code idx} (and picks their labels) into one batch. */
    private PaddedBatch pad(int[] idx, List<int[]> sequences, float[] labels) {
        int[][] seqs = new int[idx.length][];
        float[] y = labels == null ? null : new float[idx.length];
        for (int j = 0; j < idx.length; j++) {
            seqs[j] = truncate(sequences.get(idx[j]));
            if (y != null) {
                y[j] = labels[idx[j]];
            }
        }
        return PaddedBatch.of(seqs, y, idx.clone());
    }

    private int length(int[] s) {
        return maxLength > 0 ? Math.min(maxLength, s.length) : s.length;
    }

    private int[] truncate(int[] s) {
        return maxLength > 0 && s.length > maxLength ? Arrays.copyOfRange(s, s.length - maxLength, s.length) : s;
    }
}
