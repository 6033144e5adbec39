package org.rnn4j.training;

/**
 * What a {@link TrainingListener} is told, after every batch and after every epoch.
 *
 * @param model the model being trained (a listener may save it, or evaluate it on other data)
 * @param epoch 1-based epoch over the model's life (a resumed model continues its count)
 * @param lastEpoch the epoch at which this {@code fit} call ends unless early stopping ends it sooner
 * @param batch batches done in this epoch (after an epoch: all of them)
 * @param batches batches per epoch
 * @param step {@link Trainable#trainedSteps()} after this batch
 * @param loss mean training loss per example so far in this epoch
 * @param result the epoch's figures after an epoch, {@code null} after a batch
 */
public record TrainingEvent(Trainable model, int epoch, int lastEpoch, int batch, int batches, long step,
                            double loss, EpochResult result) {
}
