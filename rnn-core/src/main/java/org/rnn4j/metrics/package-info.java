/** Evaluation metrics: accuracy, precision, recall, F1, ROC-AUC and log loss for binary classifiers. */
package org.rnn4j.metrics;
