package org.rnn4j.metrics;

/**
 * Metrics of a regression: R², mean squared error, its root and the mean absolute error.
 *
 * <p>R² is computed as scikit-learn's {@code r2_score}: {@code 1 - SS_res / SS_tot}, with SS_tot taken around
 * the mean of the actual values; when the actual values are all equal, R² is 1 for a perfect prediction and 0
 * otherwise. For several outputs (e.g. one per forecast horizon) R² is the plain average of the per-output R²
 * values (scikit-learn's {@code multioutput="uniform_average"}) and the errors are averaged over all values.
 * Sums are accumulated in {@code double}.
 *
 * @param count number of examples
 * @param r2 coefficient of determination (1 is perfect, 0 is as good as predicting the mean; can be negative)
 * @param mse mean squared error
 * @param rmse square root of {@code mse}, in the target's unit
 * @param mae mean absolute error, in the target's unit
 */
public record RegressionMetrics(int count, double r2, double mse, double rmse, double mae) implements Metrics {

    /** @return the mean squared error, which early stopping minimises */
    @Override
    public double loss() {
        return mse;
    }

    @Override
    public String summary() {
        return String.format(java.util.Locale.ROOT, "mse %.6g R² %.4f", mse, r2);
    }

    /**
     * Computes the metrics of one output.
     *
     * @param actual the true values
     * @param predicted the predictions, in the same order
     * @return the metrics
     * @throws IllegalArgumentException when the lengths differ, there are no values or a value is not finite
     */
    public static RegressionMetrics of(double[] actual, double[] predicted) {
        requireSameNonEmpty(actual == null ? -1 : actual.length, predicted == null ? -1 : predicted.length);
        int n = actual.length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            finite("actual", i, actual[i]);
            finite("predicted", i, predicted[i]);
            mean += actual[i];
        }
        mean /= n;
        double ssRes = 0;
        double ssTot = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            double e = actual[i] - predicted[i];
            ssRes += e * e;
            abs += Math.abs(e);
            double d = actual[i] - mean;
            ssTot += d * d;
        }
        double r2 = ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - ssRes / ssTot;
        double mse = ssRes / n;
        return new RegressionMetrics(n, r2, mse, Math.sqrt(mse), abs / n);
    }

    /**
     * Computes the metrics of one output from {@code float} values.
     *
     * @param actual the true values
     * @param predicted the predictions, in the same order
     * @return the metrics
     * @throws IllegalArgumentException when the lengths differ, there are no values or a value is not finite
     */
    public static RegressionMetrics of(float[] actual, float[] predicted) {
        return of(toDouble(actual), toDouble(predicted));
    }

    /**
     * Computes the metrics over several outputs: R² averaged over the outputs, errors averaged over all values.
     *
     * @param actual the true values, {@code [example][output]}
     * @param predicted the predictions, {@code [example][output]}
     * @return the metrics; {@code count} is the number of examples
     * @throws IllegalArgumentException when the shapes differ, are ragged or empty, or a value is not finite
     */
    public static RegressionMetrics of(double[][] actual, double[][] predicted) {
        requireSameNonEmpty(actual == null ? -1 : actual.length, predicted == null ? -1 : predicted.length);
        int outputs = actual[0] == null ? 0 : actual[0].length;
        if (outputs == 0) {
            throw new IllegalArgumentException("examples have no outputs");
        }
        double r2 = 0;
        double mse = 0;
        double mae = 0;
        for (int j = 0; j < outputs; j++) {
            RegressionMetrics m = of(column(actual, j, outputs, "actual"), column(predicted, j, outputs, "predicted"));
            r2 += m.r2;
            mse += m.mse;
            mae += m.mae;
        }
        mse /= outputs;
        return new RegressionMetrics(actual.length, r2 / outputs, mse, Math.sqrt(mse), mae / outputs);
    }

    /**
     * Computes the metrics of each output separately, e.g. one per forecast horizon.
     *
     * @param actual the true values, {@code [example][output]}
     * @param predicted the predictions, {@code [example][output]}
     * @return one metrics record per output, in output order
     * @throws IllegalArgumentException when the shapes differ, are ragged or empty, or a value is not finite
     */
    public static RegressionMetrics[] perOutput(double[][] actual, double[][] predicted) {
        if (actual == null || predicted == null || actual.length == 0 || actual.length != predicted.length) {
            throw new IllegalArgumentException("need the same positive number of actual and predicted rows, got "
                    + (actual == null ? "null" : actual.length) + " and "
                    + (predicted == null ? "null" : predicted.length));
        }
        int outputs = actual[0] == null ? 0 : actual[0].length;
        if (outputs == 0) {
            throw new IllegalArgumentException("examples have no outputs");
        }
        RegressionMetrics[] out = new RegressionMetrics[outputs];
        for (int j = 0; j < outputs; j++) {
            out[j] = of(column(actual, j, outputs, "actual"), column(predicted, j, outputs, "predicted"));
        }
        return out;
    }

    private static double[] column(double[][] m, int j, int width, String what) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != width) {
                throw new IllegalArgumentException(what + " row " + i + " has "
                        + (m[i] == null ? "no" : Integer.toString(m[i].length)) + " values, expected " + width);
            }
            c[i] = m[i][j];
        }
        return c;
    }

    private static double[] toDouble(float[] a) {
        if (a == null) {
            return null;
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void finite(String what, int i, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " value " + i + " is not finite: " + v);
        }
    }

    /** Checks that both arrays exist, have the same length and are not empty; -1 marks a null array. */
    private static void requireSameNonEmpty(int actual, int predicted) {
        if (actual < 0 || predicted < 0) {
            throw new IllegalArgumentException("actual and predicted values must not be null");
        }
        if (actual != predicted) {
            throw new IllegalArgumentException("got " + predicted + " predictions for " + actual + " actual values");
        }
        if (actual == 0) {
            throw new IllegalArgumentException("no values to evaluate");
        }
    }
}
