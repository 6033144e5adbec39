package org.rnn4j.training;

import org.rnn4j.metrics.BinaryMetrics;

/**
 * What one training epoch achieved.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training loss per example over the epoch (accumulated while training, as the book does)
 * @param accuracy training accuracy over the epoch (running, as the book does)
 * @param seconds wall-clock seconds the epoch took
 * @param examples number of training examples seen
 * @param validation metrics on the validation set, or {@code null} when none was given
 */
public record EpochResult(int epoch, double loss, double accuracy, double seconds, int examples,
                          BinaryMetrics validation) {
}
