package org.rnn4j.training;

import org.rnn4j.metrics.Metrics;

/**
 * One {@code fit} call of a model, as {@link TrainingLoop} drives it: the model says how many batches an epoch
 * has, prepares each epoch (shuffling), trains one batch, scores the validation set and copies its weights; the
 * loop does everything else (epochs, resuming, progress, validation, early stopping, listeners). Adding a model
 * to rnn4j means writing one of these.
 */
public interface TrainingTask {
    /** @return batches per epoch (at least 1) */
    int batchesPerEpoch();

    /**
     * Prepares an epoch: draws its batch order. Called for each epoch this {@code fit} trains, in order. The order
     * must be the one an uninterrupted run of the model would draw for that epoch: a task continues a random state
     * that its model kept from the previous call, or, for a model loaded from a file, replays the draws of the
     * epochs before.
     *
     * @param epoch 1-based epoch over the model's life
     */
    void startEpoch(int epoch);

    /**
     * Trains one batch of the current epoch and advances the model's {@link Trainable#trainedSteps()} by one.
     *
     * @param batch 0-based batch index within the epoch
     * @return the batch's loss, size and correct predictions
     */
    BatchResult trainBatch(int batch);

    /** @return metrics on the validation set, or {@code null} when {@code fit} was given none */
    Metrics validate();

    /** @return a copy of the current weights, for {@link #restoreWeights(Object)} */
    Object copyWeights();

    /** @param weights a copy made by {@link #copyWeights()} of this task */
    void restoreWeights(Object weights);
}
