package org.rnn4j.layers;

import java.util.Arrays;

/**
 * One GRU step of a float network, forward and backward, in float over the Java arrays of a {@link FloatStepArrays}
 * (gate order r | z | n and PyTorch's equations, see {@link FusedGruLayer}), with {@link FloatTanh} for tanh and
 * the sigmoids so that C2 vectorises the loops, as {@link FloatLstmStep} does.
 *
 * <p>A mask, where given, is the pass's time-major [t*n] vector and {@code maskAt} the index of this step's first
 * example; where it is m, the output is multiplied by m after the step (m = 0: zero, so the state restarts from
 * zero), and the backward step is the exact gradient of that.
 *
 * <p>Plain Java arrays only, no DL4J types.
 */
final class FloatGruStep {
    private FloatGruStep() {
    }

    /**
     * Forward step: from the input projection {@code x W} in {@code f.gates}, the recurrent projection
     * {@code h_{t-1} RW} in {@code f.rec} (zero without a previous state), {@code h_{t-1}} in {@code f.prevCell}
     * (zero without one) and the biases {@code f.bias}, {@code f.rowBias} ({@link FloatStepArrays#setBias}), writes
     * the activations r | z | n into {@code f.gates}, {@code W_hn h_{t-1} + b_hn} into {@code f.hn} and the output
     * into {@code f.hidden}; {@code f.rec} and {@code f.cell} are overwritten. The sigmoids and the tanh are flat
     * loops over the whole step, which C2 vectorises; the loops over a row's columns are a few multiply-adds.
     */
    static void forward(FloatStepArrays f, double[] mask, int maskAt) {
        int h = f.h;
        int w = 3 * h;
        int len = f.len;
        float[] g = f.gates;
        float[] rec = f.rec;
        float[] bias = f.bias;
        float[] scale = f.scale;
        float[] b = f.rowBias;
        float[] hn = f.hn;
        float[] nGate = f.cell;
        float[] prev = f.prevCell;
        float[] out = f.hidden;
        // pre-activations: r and z get x W + h RW + b, n gets x W_n + b_in
        for (int j = 0; j < len; j++) {
            g[j] = g[j] + bias[j] + rec[j] * scale[j];
        }
        for (int e = 0; e < f.n; e++) {
            int gi = e * w + 2 * h;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                hn[ci + k] = rec[gi + k] + b[w + k];
            }
        }
        // sigmoid of every column into rec (n's columns are not used)
        for (int j = 0; j < len; j++) {
            rec[j] = 0.5f * FloatTanh.tanh(0.5f * g[j]) + 0.5f;
        }
        for (int e = 0; e < f.n; e++) {
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                nGate[ci + k] = g[gi + 2 * h + k] + rec[gi + k] * hn[ci + k];
            }
        }
        FloatTanh.tanh(nGate, nGate, f.nh);
        for (int e = 0; e < f.n; e++) {
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                out[ci + k] = nGate[ci + k] + rec[gi + h + k] * (prev[ci + k] - nGate[ci + k]);
            }
            System.arraycopy(rec, gi, g, gi, 2 * h);
            System.arraycopy(nGate, ci, g, gi + 2 * h, h);
        }
        if (mask != null) {
            for (int e = 0; e < f.n; e++) {
                float m = (float) mask[maskAt + e];
                for (int k = e * h; k < (e + 1) * h; k++) {
                    out[k] = m == 0 ? 0 : m * out[k];
                }
            }
        }
    }

    /**
     * Backward step: from the step's activations ({@code f.gates}, {@code f.hn}, {@code f.prevCell} as the forward
     * step read them), dL/dh from above ({@code f.eps}), from step t+1 through RW ({@code f.dRec}) and through
     * z_{t+1} ({@code f.carry}), the last two zero at the last step, writes dL/d(x W) into {@code f.dGates} and
     * dL/d(h_{t-1} RW) into {@code f.dRecGates}, replaces {@code f.carry} with the part of dL/dh_{t-1} through z_t,
     * and adds the step's bias gradient (r | z | in | hn, summed in float) to {@code db}.
     */
    static void backward(FloatStepArrays f, double[] mask, int maskAt, double[] db) {
        int h = f.h;
        int w = 3 * h;
        float[] g = f.gates;
        float[] hn = f.hn;
        float[] prev = f.prevCell;
        float[] eps = f.eps;
        float[] dRec = f.dRec;
        float[] carry = f.carry;
        float[] d = f.dGates;
        float[] dr = f.dRecGates;
        float[] dBias = f.dBias;
        Arrays.fill(dBias, 0f);
        for (int e = 0; e < f.n; e++) {
            float m = mask == null ? 1 : (float) mask[maskAt + e];
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                float r = g[gi + k];
                float z = g[gi + h + k];
                float nk = g[gi + 2 * h + k];
                float dh = m * (eps[ci + k] + dRec[ci + k] + carry[ci + k]);
                float dn = dh * (1 - z) * (1 - nk * nk);
                float dz = dh * (prev[ci + k] - nk) * (z * (1 - z));
                float drr = dn * hn[ci + k] * (r * (1 - r));
                carry[ci + k] = dh * z;
                d[gi + k] = drr;
                d[gi + h + k] = dz;
                d[gi + 2 * h + k] = dn;
                dr[gi + k] = drr;
                dr[gi + h + k] = dz;
                dr[gi + 2 * h + k] = dn * r;
            }
            for (int j = 0; j < w; j++) {
                dBias[j] += d[gi + j];
            }
            for (int k = 0; k < h; k++) {
                dBias[w + k] += dr[gi + 2 * h + k];
            }
        }
        for (int j = 0; j < 4 * h; j++) {
            db[j] += dBias[j];
        }
    }
}
