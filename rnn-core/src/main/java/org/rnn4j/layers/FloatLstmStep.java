package org.rnn4j.layers;

import java.util.Arrays;

/**
 * One LSTM step of a float network, forward and backward, in float over the Java arrays of a
 * {@link FloatStepArrays} (the gate order and equations are those of {@link FusedLstmLayer}). The gate activations
 * and the tanh of the cell are flat loops over the whole step through {@link FloatTanh}, which C2 vectorises
 * ({@code sigmoid(z) = (1 + tanh(z / 2)) / 2} on the sigmoid gates' columns), in place of {@link Math#exp} (not
 * vectorised: 15 times slower per value, {@code GateActivationBenchmark}; docs/stock.md §2b gives what it did to the
 * stock model's epoch). Plain loops over Java arrays rather than ND4J ops because on blocks this small ND4J ops
 * take 0.1-0.6 ms each on a [64, 512] slice, and a dozen of them per step took nearly as long as the GEMMs.
 *
 * <p>A mask, where given, is the pass's time-major [t*n] vector and {@code maskAt} the index of this step's first
 * example ({@code s * n}); null means no mask. Where the mask is m, the cell and output are multiplied by m after
 * the step, as DL4J's LSTM does (m = 0: they are zero, so the state restarts from zero), and the backward step is
 * the exact gradient of that.
 *
 * <p>Plain Java arrays only, no DL4J types: {@link RecurrentPass} copies a step's rows in and out.
 */
final class FloatLstmStep {
    private FloatLstmStep() {
    }

    /**
     * Forward step: from the pre-activations {@code z = x W + h_{t-1} RW} in {@code f.gates} (bias not yet added)
     * and {@code f.prevCell}, writes the activations a | f | o | i into {@code f.gates} and {@code f.cell},
     * {@code f.tanhCell} (before the mask) and {@code f.hidden}. {@code f.bias} and {@code f.scale} must be set.
     */
    static void forward(FloatStepArrays f, double[] mask, int maskAt) {
        int n = f.n;
        int h = f.h;
        int w = 4 * h;
        float[] g = f.gates;
        FloatTanh.gates(g, f.bias, f.scale, g, f.len);
        cellAndTanh(f);
        float[] c = f.cell;
        float[] tc = f.tanhCell;
        float[] out = f.hidden;
        for (int e = 0; e < n; e++) {
            int gi = e * w + 2 * h;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                out[ci + k] = g[gi + k] * tc[ci + k];
            }
        }
        if (mask != null) {
            for (int e = 0; e < n; e++) {
                float m = (float) mask[maskAt + e];
                for (int k = e * h; k < (e + 1) * h; k++) {
                    c[k] = m == 0 ? 0 : m * c[k];
                    out[k] = m == 0 ? 0 : m * out[k];
                }
            }
        }
    }

    /**
     * {@code c_t = f_t * c_{t-1} + i_t * a_t} (before the mask) into {@code f.cell} and its tanh into
     * {@code f.tanhCell}, from the gate activations in {@code f.gates} and {@code f.prevCell}. The forward step calls
     * it, and the backward pass calls it again rather than keeping the tanh of every step (the same operations in the
     * same order, so the same values to the last bit; [T*N, H] floats less at the longest batch).
     */
    static void cellAndTanh(FloatStepArrays f) {
        int h = f.h;
        int w = 4 * h;
        float[] g = f.gates;
        float[] prev = f.prevCell;
        float[] c = f.cell;
        for (int e = 0; e < f.n; e++) {
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                c[ci + k] = g[gi + h + k] * prev[ci + k] + g[gi + 3 * h + k] * g[gi + k];
            }
        }
        FloatTanh.tanh(c, f.tanhCell, f.nh);
    }

    /**
     * Backward step: the gate derivatives dL/dz into {@code f.dGates} from the step's activations ({@code f.gates},
     * {@code f.prevCell} as the forward step left or read them, {@code f.tanhCell} as {@link #cellAndTanh} makes
     * it), dL/dh from above ({@code f.eps}) and from step t+1 ({@code f.dRec}), and dL/dc_t carried back from step
     * t+1 ({@code f.carry}), the last two zero at the last step, so the loop has no cases (nor without a previous
     * cell, whose {@code prevCell} is zero). Replaces {@code f.carry} with dL/dc_{t-1} for step t-1 and adds the
     * step's bias gradient (summed in float in {@code f.dBias}) to {@code db}.
     */
    static void backward(FloatStepArrays f, double[] mask, int maskAt, double[] db) {
        int h = f.h;
        int w = 4 * h;
        float[] g = f.gates;
        float[] tc = f.tanhCell;
        float[] eps = f.eps;
        float[] dRec = f.dRec;
        float[] carry = f.carry;
        float[] d = f.dGates;
        float[] dBias = f.dBias;
        float[] prev = f.prevCell;
        Arrays.fill(dBias, 0f);
        for (int e = 0; e < f.n; e++) {
            float m = mask == null ? 1 : (float) mask[maskAt + e];
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                float a = g[gi + k];
                float fg = g[gi + h + k];
                float o = g[gi + 2 * h + k];
                float i = g[gi + 3 * h + k];
                float tck = tc[ci + k];
                float dh = m * (eps[ci + k] + dRec[ci + k]);
                float dO = dh * tck * (o * (1 - o));
                float dc = dh * o * (1 - tck * tck) + m * carry[ci + k];
                float df = dc * prev[ci + k] * (fg * (1 - fg));
                float di = dc * a * (i * (1 - i));
                float da = dc * i * (1 - a * a);
                carry[ci + k] = dc * fg;
                d[gi + k] = da;
                d[gi + h + k] = df;
                d[gi + 2 * h + k] = dO;
                d[gi + 3 * h + k] = di;
            }
            for (int j = 0; j < w; j++) {
                dBias[j] += d[gi + j];
            }
        }
        for (int j = 0; j < w; j++) {
            db[j] += dBias[j];
        }
    }
}
