package org.rnn4j.metrics;

import java.util.Arrays;

/**
 * Metrics of a binary classifier at threshold 0.5, plus the threshold-free ROC-AUC and log loss.
 *
 * @param count number of examples
 * @param accuracy fraction of correct predictions
 * @param precision true positives over predicted positives (0 when nothing is predicted positive)
 * @param recall true positives over actual positives (0 when there are none)
 * @param f1 harmonic mean of precision and recall
 * @param rocAuc area under the ROC curve (ties count one half); NaN when only one class is present
 * @param logLoss mean binary cross-entropy in nats
 */
public record BinaryMetrics(int count, double accuracy, double precision, double recall, double f1, double rocAuc,
                            double logLoss) implements Metrics {

    /** @return the log loss, which early stopping minimises */
    @Override
    public double loss() {
        return logLoss;
    }

    @Override
    public String summary() {
        return String.format(java.util.Locale.ROOT, "loss %.4f acc %.4f", logLoss, accuracy);
    }

    /**
     * Computes the metrics.
     *
     * @param probabilities predicted probabilities of the positive class
     * @param labels true labels, 0 or 1
     * @return the metrics
     */
    public static BinaryMetrics of(float[] probabilities, int[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("got " + probabilities.length + " probabilities for "
                    + labels.length + " labels");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no examples to evaluate");
        }
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double loss = 0;
        for (int i = 0; i < labels.length; i++) {
            boolean positive = probabilities[i] >= 0.5f;
            if (labels[i] == 1) {
                if (positive) tp++; else fn++;
            } else if (labels[i] == 0) {
                if (positive) fp++; else tn++;
            } else {
                throw new IllegalArgumentException("label " + i + " must be 0 or 1, got " + labels[i]);
            }
            double p = Math.min(Math.max(probabilities[i], 1e-7), 1 - 1e-7);
            loss -= labels[i] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        int n = labels.length;
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new BinaryMetrics(n, (double) (tp + tn) / n, precision, recall, f1,
                rocAuc(probabilities, labels, tp + fn), loss / n);
    }

    /** Mann-Whitney U over ranks, with average ranks for ties. */
    private static double rocAuc(float[] p, int[] y, int positives) {
        int n = p.length;
        int negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(p[a], p[b]));
        double rankSumPositive = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && p[order[j + 1]] == p[order[i]]) j++;
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (y[order[k]] == 1) rankSumPositive += avgRank;
            }
            i = j + 1;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
