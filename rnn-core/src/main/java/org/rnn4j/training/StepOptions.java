package org.rnn4j.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to train a model that learns from randomly drawn batches rather than epochs (the character language
 * model, spec C.4): the total number of steps, the batch size, how often to measure the held-out loss, and
 * where and how often to write a checkpoint.
 *
 * <p>Defaults are the book's: 10,000 steps of batch 64; validation every 500 steps; no checkpoints.
 */
public final class StepOptions {
    private final int steps;
    private final int batchSize;
    private final int validateEvery;
    private final int checkpointEvery;
    private final Path checkpoint;
    private final List<StepListener> listeners;

    private StepOptions(Builder b) {
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.validateEvery = b.validateEvery;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpoint = b.checkpoint;
        this.listeners = List.copyOf(b.listeners);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the total number of training steps; a resumed model trains only the ones it lacks */
    public int steps() {
        return steps;
    }

    /** @return sequences per step */
    public int batchSize() {
        return batchSize;
    }

    /** @return steps between held-out measurements (the last step is always measured) */
    public int validateEvery() {
        return validateEvery;
    }

    /** @return steps between checkpoints, 0 = none (the last step is checkpointed when a file is set) */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** @return the checkpoint file, or {@code null} for none */
    public Path checkpoint() {
        return checkpoint;
    }

    /** @return the listeners, in call order */
    public List<StepListener> listeners() {
        return listeners;
    }

    /** Builder of {@link StepOptions}; {@link #build()} validates. */
    public static final class Builder {
        private int steps = 10_000;
        private int batchSize = 64;
        private int validateEvery = 500;
        private int checkpointEvery;
        private Path checkpoint;
        private final List<StepListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** @param steps total training steps (default 10,000) @return this builder */
        public Builder steps(int steps) {
            this.steps = steps;
            return this;
        }

        /** @param batchSize sequences per step (default 64) @return this builder */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param every steps between held-out measurements (default 500) @return this builder */
        public Builder validateEvery(int every) {
            this.validateEvery = every;
            return this;
        }

        /**
         * @param file checkpoint file, rewritten atomically
         * @param every steps between checkpoints
         * @return this builder
         */
        public Builder checkpoint(Path file, int every) {
            this.checkpoint = file;
            this.checkpointEvery = every;
            return this;
        }

        /** @param listener receives progress @return this builder */
        public Builder listener(StepListener listener) {
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
        public StepOptions build() {
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (validateEvery < 1) {
                throw new IllegalArgumentException("validateEvery must be >= 1, got " + validateEvery);
            }
            if (checkpoint != null && checkpointEvery < 1) {
                throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + checkpointEvery);
            }
            return new StepOptions(this);
        }
    }
}
