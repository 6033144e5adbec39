package org.rnn4j.model;

import org.rnn4j.data.StandardScaler;
import org.rnn4j.model.TargetForm;

/**
 * How {@link SequenceRegressor} turns windows of raw feature rows into network input and targets into what the
 * network learns, checking every value before any network work.
 */
final class WindowCodec {
    private final int features;
    private final TargetForm targetForm;
    private final int targetFeature;
    private final StandardScaler featureScaler;

    WindowCodec(int features, TargetForm targetForm, int targetFeature, StandardScaler featureScaler) {
        this.features = features;
        this.targetForm = targetForm;
        this.targetFeature = targetFeature;
        this.featureScaler = featureScaler;
    }

    /**
     * Checks shapes.
     *
     * @param expectedLength the model's window length, 0 when it has none yet
     * @return the common window length
     */
    int checkWindows(double[][][] windows, int expectedLength) {
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("no windows");
        }
        int steps = -1;
        for (int i = 0; i < windows.length; i++) {
            double[][] w = windows[i];
            if (w == null || w.length == 0) {
                throw new IllegalArgumentException("window " + i + " has no rows");
            }
            if (steps < 0) {
                steps = w.length;
                if (expectedLength > 0 && steps != expectedLength) {
                    throw new IllegalArgumentException("window " + i + " has " + steps + " rows; this model reads "
                            + "windows of " + expectedLength + " rows (its training windows)");
                }
            } else if (w.length != steps) {
                throw new IllegalArgumentException("window " + i + " has " + w.length + " rows, window 0 has "
                        + steps + "; windows given together must have the same length");
            }
            for (int t = 0; t < w.length; t++) {
                if (w[t] == null || w[t].length != features) {
                    throw new IllegalArgumentException("window " + i + " row " + t + " has "
                            + (w[t] == null ? "no" : Integer.toString(w[t].length)) + " features; this model "
                            + "expects " + features);
                }
            }
        }
        return steps;
    }

    /** Scales (in double) and lays the windows out as float [window][feature][time step] (NCW). */
    float[] encode(double[][][] windows, int steps) {
        int per = features * steps;
        float[] x = new float[windows.length * per];
        for (int i = 0; i < windows.length; i++) {
            for (int t = 0; t < steps; t++) {
                double[] row = featureScaler == null ? windows[i][t] : featureScaler.transform(windows[i][t]);
                for (int j = 0; j < features; j++) {
                    if (!Double.isFinite(row[j])) {
                        throw new IllegalArgumentException("window " + i + " row " + t + " feature " + j
                                + " is not finite: " + windows[i][t][j]);
                    }
                    x[i * per + j * steps + t] = (float) row[j];
                }
            }
        }
        return x;
    }

    /** The reference value of each window for relative targets (raw units; all 0 with absolute targets). */
    double[] references(double[][][] windows) {
        double[] refs = new double[windows.length];
        if (targetForm == TargetForm.ABSOLUTE) {
            return refs;
        }
        for (int i = 0; i < windows.length; i++) {
            refs[i] = windows[i][windows[i].length - 1][targetFeature];
            if (targetForm == TargetForm.RETURN && refs[i] == 0) {
                throw new IllegalArgumentException("window " + i + ": reference feature " + targetFeature
                        + " of its last row is 0, so a return over it is undefined");
            }
        }
        return refs;
    }

    /** Checks the target rows and converts them to what the network learns (before target scaling). */
    double[][] encodeTargets(double[][] targets, double[] refs, int outputs) {
        double[][] y = new double[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null || targets[i].length != outputs) {
                throw new IllegalArgumentException("target row " + i + " has "
                        + (targets[i] == null ? "no" : Integer.toString(targets[i].length))
                        + " values; this model predicts " + outputs);
            }
            y[i] = new double[outputs];
            for (int j = 0; j < outputs; j++) {
                if (!Double.isFinite(targets[i][j])) {
                    throw new IllegalArgumentException("target " + i + "[" + j + "] is not finite: " + targets[i][j]);
                }
                y[i][j] = targetForm.encode(targets[i][j], refs[i]);
            }
        }
        return y;
    }

    /** Maps one network output row back to target units. */
    double[] decode(double[] v, double ref) {
        double[] t = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            t[j] = targetForm.decode(v[j], ref);
        }
        return t;
    }
}
