package org.rnn4j.training;

import java.nio.file.Path;

/** Receives progress of step-based training. All methods have empty defaults; override what you need. */
public interface StepListener {
    /**
     * Called after every training step.
     *
     * @param step 1-based number of the step just taken (counting steps of earlier, resumed runs)
     * @param steps total steps planned
     * @param loss the step's training loss, nats per character
     */
    default void onStep(int step, int steps, double loss) {
    }

    /**
     * Called after each held-out measurement.
     *
     * @param result the figures at this step
     */
    default void onValidation(StepResult result) {
    }

    /**
     * Called after a checkpoint was written.
     *
     * @param step the step it holds
     * @param file the checkpoint file
     */
    default void onCheckpoint(int step, Path file) {
    }
}
