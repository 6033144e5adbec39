package org.rnn4j.training;

import java.util.ArrayList;
import java.util.List;

/**
 * How to train: epochs, batch size, batching strategy, shuffling seed and listeners.
 *
 * <p>Defaults are the book's sentiment settings: 10 epochs of batch 32, shuffled, with length bucketing on (it
 * changes which reviews share a batch, not the model).
 */
public final class FitOptions {
    private final int epochs;
    private final int batchSize;
    private final boolean bucketing;
    private final long shuffleSeed;
    private final int patience;
    private final List<TrainingListener> listeners;

    private FitOptions(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.bucketing = b.bucketing;
        this.shuffleSeed = b.shuffleSeed;
        this.patience = b.patience;
        this.listeners = List.copyOf(b.listeners);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return number of passes over the training data */
    public int epochs() {
        return epochs;
    }

    /** @return examples per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether batches group examples of similar length */
    public boolean bucketing() {
        return bucketing;
    }

    /** @return seed of the per-epoch shuffling */
    public long shuffleSeed() {
        return shuffleSeed;
    }

    /**
     * @return epochs without a lower validation loss after which training stops and the best epoch's weights are
     *     restored; 0 = off (see {@link Builder#earlyStopping(int)})
     */
    public int patience() {
        return patience;
    }

    /** @return the listeners, in call order */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /** Builder of {@link FitOptions}; {@link #build()} validates. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 32;
        private boolean bucketing = true;
        private long shuffleSeed = 0;
        private int patience = 0;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** @param epochs passes over the training data (default 10) @return this builder */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize examples per batch (default 32) @return this builder */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param bucketing group examples of similar length (default true) @return this builder */
        public Builder bucketing(boolean bucketing) {
            this.bucketing = bucketing;
            return this;
        }

        /** @param seed seed of the per-epoch shuffling (default 0) @return this builder */
        public Builder shuffleSeed(long seed) {
            this.shuffleSeed = seed;
            return this;
        }

        /**
         * Early stopping on the validation set, as Keras' {@code EarlyStopping(monitor="val_loss", patience,
         * restore_best_weights=True)}: after every epoch the validation log loss is computed; training stops when
         * {@code patience} epochs in a row have not lowered it, and the model ends with the weights of the epoch
         * with the lowest validation loss (the first of equal ones). Needs a validation set in {@code fit}; never
         * give it the test set.
         *
         * @param patience epochs without improvement before stopping, &gt;= 1; 0 = off (default)
         * @return this builder
         */
        public Builder earlyStopping(int patience) {
            this.patience = patience;
            return this;
        }

        /** @param listener receives progress; may be called several times @return this builder */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            listeners.add(listener);
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public FitOptions build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0 (0 = no early stopping), got " + patience);
            }
            return new FitOptions(this);
        }
    }
}
