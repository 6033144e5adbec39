package org.rnn4j.layers;

/**
 * One vanilla RNN step, {@code h_t = tanh(x_t W + h_{t-1} RW + b)} (see {@link FusedRnnLayer}), forward and
 * backward, in float over a {@link FloatStepArrays} (through {@link FloatTanh}, vectorised by C2) and in double
 * over a {@link DoubleStepArrays} (through {@link Math#exp}). A mask, where given, multiplies the output after the
 * step (m = 0: zero, so the state restarts from zero), and the backward step is the exact gradient of that.
 *
 * <p>Plain Java arrays only, no DL4J types.
 */
final class RnnStep {
    private RnnStep() {
    }

    /**
     * Float forward: {@code f.gates} (pre-activations without bias) becomes tanh(. + bias) ({@code f.bias}, one flat
     * loop over the step, vectorised), the output that, masked.
     */
    static void forward(FloatStepArrays f, double[] mask, int maskAt) {
        int h = f.h;
        float[] g = f.gates;
        float[] bias = f.bias;
        float[] out = f.hidden;
        for (int j = 0; j < f.len; j++) {
            g[j] = FloatTanh.tanh(g[j] + bias[j]);
        }
        System.arraycopy(g, 0, out, 0, f.len);
        if (mask != null) {
            for (int e = 0; e < f.n; e++) {
                float m = (float) mask[maskAt + e];
                for (int k = e * h; k < (e + 1) * h; k++) {
                    out[k] = m == 0 ? 0 : m * out[k];
                }
            }
        }
    }

    /** Float backward: dL/dz into {@code f.dGates} from dL/dh ({@code f.eps} + {@code f.dRec}); adds to db. */
    static void backward(FloatStepArrays f, double[] mask, int maskAt, double[] db) {
        int h = f.h;
        float[] g = f.gates;
        float[] d = f.dGates;
        float[] dBias = f.dBias;
        java.util.Arrays.fill(dBias, 0f);
        for (int e = 0; e < f.n; e++) {
            float m = mask == null ? 1 : (float) mask[maskAt + e];
            int gi = e * h;
            for (int k = 0; k < h; k++) {
                float a = g[gi + k];
                float dz = m * (f.eps[gi + k] + f.dRec[gi + k]) * (1 - a * a);
                d[gi + k] = dz;
                dBias[k] += dz;
            }
        }
        for (int k = 0; k < h; k++) {
            db[k] += dBias[k];
        }
    }

    /** Double forward, as the float one with the layer's [h] bias given as it is. */
    static void forward(DoubleStepArrays d, double[] b, double[] mask, int maskAt) {
        int h = d.h;
        for (int e = 0; e < d.n; e++) {
            double m = mask == null ? 1 : mask[maskAt + e];
            for (int k = e * h; k < (e + 1) * h; k++) {
                double a = DoubleLstmStep.tanh(d.gates[k] + b[k - e * h]);
                d.gates[k] = a;
                d.hidden[k] = m == 0 ? 0 : m * a;
            }
        }
    }

    /** Double backward, as the float one. */
    static void backward(DoubleStepArrays d, double[] mask, int maskAt, double[] db) {
        int h = d.h;
        for (int e = 0; e < d.n; e++) {
            double m = mask == null ? 1 : mask[maskAt + e];
            for (int k = 0; k < h; k++) {
                int j = e * h + k;
                double a = d.gates[j];
                double dz = m * (d.eps[j] + d.dRec[j]) * (1 - a * a);
                d.dGates[j] = dz;
                db[k] += dz;
            }
        }
    }
}
