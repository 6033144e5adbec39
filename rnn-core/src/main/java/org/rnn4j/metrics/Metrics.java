package org.rnn4j.metrics;

/**
 * What every model's {@code evaluate} returns: a set of figures with one loss that training monitors (for
 * validation scoring and early stopping) and one line that a progress display prints.
 */
public interface Metrics {
    /**
     * @return the loss that early stopping minimises: log loss for a classifier, mean squared error for a
     *     regressor, nats per character for a language model
     */
    double loss();

    /** @return the figures in one short line, e.g. {@code "loss 0.5926 acc 0.7030"} */
    String summary();
}
