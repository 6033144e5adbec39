package org.rnn4j.training;

/**
 * Figures of step-based training at one held-out measurement.
 *
 * @param step steps trained so far
 * @param trainingLoss mean training loss, nats per character, over the steps since the previous measurement
 * @param validationLoss held-out cross-entropy, nats per character
 * @param millisPerStep mean wall-clock milliseconds per training step since the previous measurement
 */
public record StepResult(int step, double trainingLoss, double validationLoss, double millisPerStep) {
    /** @return the held-out cross-entropy in bits per character */
    public double validationBits() {
        return validationLoss / Math.log(2);
    }
}
