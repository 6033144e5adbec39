/**
 * Evaluation metrics: accuracy, precision, recall, F1, ROC-AUC and log loss for binary classifiers. {@link
 * org.rnn4j.metrics.RegressionMetrics} gives R², MSE, RMSE and MAE for regressors.
 */
package org.rnn4j.metrics;
