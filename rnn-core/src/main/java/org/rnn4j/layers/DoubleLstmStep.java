package org.rnn4j.layers;

import java.util.Arrays;

/**
 * One LSTM step of a double network, forward and backward, in double over the Java arrays of a
 * {@link DoubleStepArrays}, with {@link Math#exp} for tanh and the sigmoids (the gate order and equations are those
 * of {@link FusedLstmLayer}). Double networks are for gradient checks, so this path favours exactness over speed.
 *
 * <p>A mask, where given, is the pass's time-major [t*n] vector and {@code maskAt} the index of this step's first
 * example ({@code s * n}); null means no mask. Where the mask is m, the cell and output are multiplied by m after
 * the step, as DL4J's LSTM does (m = 0: they are zero, so the state restarts from zero, and the row's gates and
 * tanh are left as they were), and the backward step is the exact gradient of that (m = 0: zero).
 *
 * <p>Plain Java arrays only, no DL4J types: {@link RecurrentPass} copies a step's rows in and out.
 */
final class DoubleLstmStep {
    private DoubleLstmStep() {
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double tanh(double z) {
        return 1 - 2 / (Math.exp(2 * z) + 1);
    }

    /**
     * Forward step: from the pre-activations {@code z = x W + h_{t-1} RW} in {@code d.gates} and the [4h]
     * {@code bias}, writes the activations a | f | o | i into {@code d.gates} and {@code d.cell}, {@code d.tanhCell}
     * (before the mask) and {@code d.hidden}. {@code d.prevCell} is read only when {@code prev} (there is a previous
     * cell: a step after the first, or a stored state); otherwise {@code c_t = i_t a_t}.
     */
    static void forward(DoubleStepArrays d, double[] bias, double[] mask, int maskAt, boolean prev) {
        int n = d.n;
        int h = d.h;
        double[] g = d.gates;
        double[] cPrev = d.prevCell;
        for (int e = 0; e < n; e++) {
            int gi = e * 4 * h;
            int ci = e * h;
            double m = mask == null ? 1 : mask[maskAt + e];
            if (m == 0) {
                for (int k = 0; k < h; k++) {
                    d.cell[ci + k] = 0;
                    d.hidden[ci + k] = 0;
                }
                continue;
            }
            for (int k = 0; k < h; k++) {
                double a = tanh(g[gi + k] + bias[k]);
                double f = sigmoid(g[gi + h + k] + bias[h + k]);
                double o = sigmoid(g[gi + 2 * h + k] + bias[2 * h + k]);
                double i = sigmoid(g[gi + 3 * h + k] + bias[3 * h + k]);
                g[gi + k] = a;
                g[gi + h + k] = f;
                g[gi + 2 * h + k] = o;
                g[gi + 3 * h + k] = i;
                double c = prev ? f * cPrev[ci + k] + i * a : i * a;
                double tc = tanh(c);
                d.cell[ci + k] = m * c;
                d.tanhCell[ci + k] = tc;
                d.hidden[ci + k] = m * o * tc;
            }
        }
    }

    /**
     * Backward step: the gate derivatives dL/dz into {@code d.dGates} from the step's activations ({@code d.gates}
     * and {@code d.prevCell} when {@code prev}; tanh(c_t) is recomputed from them), dL/dh from above
     * ({@code d.eps}) and, unless {@code last}, dL/dh from step t+1 ({@code d.dRec}) and dL/dc_t carried back from
     * step t+1 ({@code d.carry}). Replaces {@code d.carry} with dL/dc_{t-1} for step t-1 and adds the step's bias
     * gradient to {@code db}.
     */
    static void backward(DoubleStepArrays d, double[] mask, int maskAt, boolean prev, boolean last, double[] db) {
        int n = d.n;
        int h = d.h;
        double[] g = d.gates;
        double[] dz = d.dGates;
        double[] cPrev = d.prevCell;
        double[] carry = d.carry;
        for (int e = 0; e < n; e++) {
            int gi = e * 4 * h;
            int ci = e * h;
            double m = mask == null ? 1 : mask[maskAt + e];
            if (m == 0) {
                Arrays.fill(dz, gi, gi + 4 * h, 0);
                Arrays.fill(carry, ci, ci + h, 0);
                continue;
            }
            for (int k = 0; k < h; k++) {
                double dh = m * (d.eps[ci + k] + (last ? 0 : d.dRec[ci + k]));
                double a = g[gi + k];
                double f = g[gi + h + k];
                double o = g[gi + 2 * h + k];
                double i = g[gi + 3 * h + k];
                // tanh(c_t) recomputed as the forward step computed it (not kept: a [T*N, H] buffer less)
                double tc = tanh(prev ? f * cPrev[ci + k] + i * a : i * a);
                double dO = dh * tc * (o * (1 - o));
                double dc = dh * o * (1 - tc * tc) + (last ? 0 : m * carry[ci + k]);
                double df = prev ? dc * cPrev[ci + k] * (f * (1 - f)) : 0;
                double di = dc * a * (i * (1 - i));
                double da = dc * i * (1 - a * a);
                carry[ci + k] = dc * f;
                dz[gi + k] = da;
                dz[gi + h + k] = df;
                dz[gi + 2 * h + k] = dO;
                dz[gi + 3 * h + k] = di;
                db[k] += da;
                db[h + k] += df;
                db[2 * h + k] += dO;
                db[3 * h + k] += di;
            }
        }
    }
}
