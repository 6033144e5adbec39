package org.rnn4j.spark;

/**
 * One averaging round of {@link SparkTrainer}: every worker trained {@code averagingFrequency} batches from the
 * same weights, then the driver averaged the workers' weights and optimizer states.
 *
 * @param round 1-based round over the model's life
 * @param rounds the round the run stops after
 * @param trainedSteps the model's {@code trainedSteps()} after the round (rounds x averaging frequency)
 * @param loss the workers' mean loss on their last batch of the round, in the units of the model's own
 *     {@code fit} (log loss, MSE in the network's units, nats per character)
 * @param seconds wall time of the round on the driver, checkpoint excluded
 */
public record RoundResult(int round, int rounds, long trainedSteps, double loss, double seconds) {
}
