package org.rnn4j.training;

/**
 * What one training batch gave the loop.
 *
 * @param loss mean loss per example of the batch (per character for a language model)
 * @param examples examples in the batch
 * @param correct correctly classified examples, or -1 where accuracy does not apply
 */
public record BatchResult(double loss, int examples, int correct) {
}
