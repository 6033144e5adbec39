package org.rnn4j.training;

/** Receives training progress. All methods have empty defaults; override what you need. */
public interface TrainingListener {
    /**
     * Called after every batch.
     *
     * @param epoch 1-based epoch
     * @param batch 1-based batch number within the epoch
     * @param batches batches in the epoch
     * @param loss mean loss per example so far in this epoch
     */
    default void onBatchEnd(int epoch, int batch, int batches, double loss) {
    }

    /**
     * Called after every epoch (after validation, when a validation set was given).
     *
     * @param result the epoch's figures
     */
    default void onEpochEnd(EpochResult result) {
    }
}
