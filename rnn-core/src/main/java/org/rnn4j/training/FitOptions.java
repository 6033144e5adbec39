package org.rnn4j.training;

import java.util.ArrayList;
import java.util.List;

/**
 * How to train, for every rnn4j model: epochs, batch size, steps per epoch, length bucketing, early stopping and
 * listeners. A model rejects, with an error naming the option, a setting it cannot apply (see each setting).
 *
 * <p>Batch order and dropout masks come from the model's seed, so a seeded model trains the same way every time,
 * and a model resumed from a {@link Checkpoint} draws the same batches as an uninterrupted run.
 *
 * <p>Defaults: 10 epochs of batch 32, one pass over the data per epoch, bucketing where the model supports it,
 * no early stopping.
 */
public final class FitOptions {
    private final int epochs;
    private final int batchSize;
    private final int stepsPerEpoch;
    private final Boolean bucketing;
    private final int patience;
    private final List<TrainingListener> listeners;

    private FitOptions(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.stepsPerEpoch = b.stepsPerEpoch;
        this.bucketing = b.bucketing;
        this.patience = b.patience;
        this.listeners = List.copyOf(b.listeners);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return epochs this {@code fit} call trains (a resumed model continues its epoch count) */
    public int epochs() {
        return epochs;
    }

    /** @return examples per batch */
    public int batchSize() {
        return batchSize;
    }

    /** @return batches per epoch for models that draw random batches; 0 = one pass over the data */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /**
     * @param modelDefault what the model does when the option was not set
     * @return whether batches group examples of similar length
     */
    public boolean bucketing(boolean modelDefault) {
        return bucketing == null ? modelDefault : bucketing;
    }

    /** @return the early-stopping patience in epochs; 0 = off (see {@link Builder#earlyStopping(int)}) */
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
        private int stepsPerEpoch;
        private Boolean bucketing;
        private int patience;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** @param epochs epochs to train in this call, &gt;= 1 (default 10) @return this builder */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize examples per batch, &gt;= 1 (default 32) @return this builder */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Batches per epoch, as Keras' {@code steps_per_epoch}. Required by models that draw random windows
         * rather than pass over their data (the character language model: the book's 10,000 steps are e.g. 20
         * epochs of 500); rejected by the others, whose epoch is one pass over the data.
         *
         * @param steps batches per epoch, &gt;= 1; 0 = one pass over the data (default)
         * @return this builder
         */
        public Builder stepsPerEpoch(int steps) {
            this.stepsPerEpoch = steps;
            return this;
        }

        /**
         * Length bucketing: batches group sequences of similar length, so less padding is computed (it changes
         * which examples share a batch, not the model). On by default for the text classifier, whose texts vary
         * in length; the regressor and the language model, whose windows all have one length, reject
         * {@code bucketing(true)}.
         *
         * @param bucketing whether to bucket
         * @return this builder
         */
        public Builder bucketing(boolean bucketing) {
            this.bucketing = bucketing;
            return this;
        }

        /**
         * Early stopping on the validation set, as Keras' {@code EarlyStopping(monitor="val_loss", patience,
         * restore_best_weights=True)}: after every epoch the validation loss ({@link
         * org.rnn4j.metrics.Metrics#loss()}) is computed; training stops when {@code patience} epochs in a row
         * have not lowered it, and the model ends with the weights of the epoch with the lowest validation loss
         * (the first of equal ones). Works for every model; needs a validation set in {@code fit} (never give it
         * the test set).
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
            if (stepsPerEpoch < 0) {
                throw new IllegalArgumentException("stepsPerEpoch must be >= 0 (0 = one pass over the data), got "
                        + stepsPerEpoch);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience must be >= 0 (0 = no early stopping), got " + patience);
            }
            return new FitOptions(this);
        }
    }
}
