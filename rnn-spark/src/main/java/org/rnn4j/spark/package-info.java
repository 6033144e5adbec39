/**
 * Training rnn4j's models on a Spark cluster with Deeplearning4j's parameter averaging: {@link
 * org.rnn4j.spark.SparkTrainer}. Spark is a {@code provided} dependency; docs/spark.md covers running on a cluster.
 */
package org.rnn4j.spark;
