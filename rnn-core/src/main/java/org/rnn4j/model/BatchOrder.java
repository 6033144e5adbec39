package org.rnn4j.model;

import java.util.Random;

/**
 * The random state of a model's batch order: the generator seeded with the model's seed, the epochs drawn from it
 * so far, and (for a model that shuffles one permutation in place) that permutation. A model keeps it between
 * {@code fit} calls, so that the next call continues the stream in constant time; a model loaded from a file has
 * none, and its first {@code fit} replays the draws of the epochs it already trained, once, so that a resumed run
 * draws the batches the uninterrupted run would have drawn.
 */
final class BatchOrder {
    final Random random;
    /** Epochs whose order has been drawn. */
    int epochs;
    /** The permutation shuffled in place each epoch, or {@code null} for a model that draws its batches afresh. */
    final int[] order;

    private BatchOrder(long seed, int[] order) {
        this.random = new Random(seed);
        this.order = order;
    }

    /** @return a fresh state for a model that draws each epoch's batches from the generator alone */
    static BatchOrder fresh(long seed) {
        return new BatchOrder(seed, null);
    }

    /** @return a fresh state for a model that shuffles the permutation 0..n-1 in place every epoch */
    static BatchOrder permutation(long seed, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return new BatchOrder(seed, order);
    }

    /**
     * @param n the data size of this {@code fit}, or -1 for a model without a permutation
     * @param epoch the epoch about to be drawn
     * @return whether this state can draw that epoch next: it has drawn exactly the epochs before it, for data of
     *     this size
     */
    boolean continuesAt(int n, int epoch) {
        return epochs == epoch - 1 && (order == null ? n < 0 : order.length == n);
    }

    /** Shuffles the permutation once (Fisher-Yates, from the end) and counts the epoch. */
    void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        epochs++;
    }
}
