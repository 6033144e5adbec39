package org.rnn4j.training;

import org.rnn4j.metrics.Metrics;

/**
 * What one training epoch achieved.
 *
 * @param epoch 1-based epoch over the model's life
 * @param step {@link Trainable#trainedSteps()} at the epoch's end
 * @param batches batches trained in this epoch
 * @param loss mean training loss per example over the epoch, accumulated while training as the book does (per
 *     character for a language model)
 * @param accuracy running training accuracy over the epoch for a classifier, {@code NaN} for other models
 * @param seconds wall-clock seconds of the epoch's training (validation excluded)
 * @param examples training examples seen
 * @param validation metrics on the validation set, or {@code null} when none was given
 */
public record EpochResult(int epoch, long step, int batches, double loss, double accuracy, double seconds,
                          int examples, Metrics validation) {
    /** @return mean wall-clock milliseconds per training batch */
    public double millisPerBatch() {
        return seconds * 1000 / batches;
    }
}
