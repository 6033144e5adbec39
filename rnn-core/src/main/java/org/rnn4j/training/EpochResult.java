package org.rnn4j.training;

import java.util.List;
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

    /**
     * The epoch whose weights {@link FitOptions.Builder#earlyStopping(int) early stopping} keeps: the one with the
     * lowest validation log loss, the first of equal ones.
     *
     * @param history the results of one {@code fit}, each with validation metrics
     * @return that epoch's number (1-based)
     * @throws IllegalArgumentException when the history is empty or an epoch has no validation metrics
     */
    public static int bestValidationEpoch(List<EpochResult> history) {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("no epochs");
        }
        EpochResult best = null;
        for (EpochResult r : history) {
            if (r.validation() == null) {
                throw new IllegalArgumentException("epoch " + r.epoch() + " has no validation metrics");
            }
            if (best == null || r.validation().logLoss() < best.validation().logLoss()) {
                best = r;
            }
        }
        return best.epoch();
    }
}
