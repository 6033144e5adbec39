package org.rnn4j.training;

/**
 * Receives training progress, as Keras callbacks and DJL's training listeners do. Both methods have empty
 * defaults; override what you need. Listeners run on the training thread, in the order they were added to
 * {@link FitOptions}; {@link ConsoleProgress} and {@link Checkpoint} are two of them.
 */
public interface TrainingListener {
    /** @param event the batch just trained ({@link TrainingEvent#result()} is null) */
    default void onBatchEnd(TrainingEvent event) {
    }

    /** @param event the epoch just ended, after validation; {@link TrainingEvent#result()} holds its figures */
    default void onEpochEnd(TrainingEvent event) {
    }
}
