package org.rnn4j.metrics;

import java.util.Locale;

/**
 * A language model's cross-entropy on a text.
 *
 * @param count characters predicted
 * @param nats mean negative log-likelihood per predicted character, in nats
 */
public record LanguageModelMetrics(long count, double nats) implements Metrics {
    /** @return the same cross-entropy in bits per character */
    public double bits() {
        return nats / Math.log(2);
    }

    /** @return the per-character perplexity, e<sup>nats</sup> */
    public double perplexity() {
        return Math.exp(nats);
    }

    @Override
    public double loss() {
        return nats;
    }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "loss %.4f nats %.4f bits/char", nats, bits());
    }
}
