package org.rnn4j.layers;

/**
 * One GRU step of a double network, forward and backward, in double over the Java arrays of a
 * {@link DoubleStepArrays}, with {@link Math#exp} for tanh and the sigmoids (gate order r | z | n and PyTorch's
 * equations, see {@link FusedGruLayer}). Double networks are for gradient checks, so this path favours exactness.
 * The arrays and masks mean what they mean for {@link FloatGruStep}; the layer passes zeros for {@code rec},
 * {@code prevCell}, {@code dRec} and {@code carry} where there is no previous state or next step.
 *
 * <p>Plain Java arrays only, no DL4J types.
 */
final class DoubleGruStep {
    private DoubleGruStep() {
    }

    /** Forward step, as {@link FloatGruStep#forward} with the layer's bias (r | z | in | hn) given as it is. */
    static void forward(DoubleStepArrays d, double[] b, double[] mask, int maskAt) {
        int h = d.h;
        int w = 3 * h;
        double[] g = d.gates;
        double[] rec = d.rec;
        for (int e = 0; e < d.n; e++) {
            int gi = e * w;
            int ci = e * h;
            double m = mask == null ? 1 : mask[maskAt + e];
            for (int k = 0; k < h; k++) {
                double r = DoubleLstmStep.sigmoid(g[gi + k] + rec[gi + k] + b[k]);
                double z = DoubleLstmStep.sigmoid(g[gi + h + k] + rec[gi + h + k] + b[h + k]);
                double hnk = rec[gi + 2 * h + k] + b[3 * h + k];
                double nk = DoubleLstmStep.tanh(g[gi + 2 * h + k] + b[2 * h + k] + r * hnk);
                g[gi + k] = r;
                g[gi + h + k] = z;
                g[gi + 2 * h + k] = nk;
                d.hn[ci + k] = hnk;
                d.hidden[ci + k] = m == 0 ? 0 : m * ((1 - z) * nk + z * d.prevCell[ci + k]);
            }
        }
    }

    /** Backward step, as {@link FloatGruStep#backward}. */
    static void backward(DoubleStepArrays d, double[] mask, int maskAt, double[] db) {
        int h = d.h;
        int w = 3 * h;
        double[] g = d.gates;
        for (int e = 0; e < d.n; e++) {
            int gi = e * w;
            int ci = e * h;
            double m = mask == null ? 1 : mask[maskAt + e];
            for (int k = 0; k < h; k++) {
                double r = g[gi + k];
                double z = g[gi + h + k];
                double nk = g[gi + 2 * h + k];
                double dh = m * (d.eps[ci + k] + d.dRec[ci + k] + d.carry[ci + k]);
                double dn = dh * (1 - z) * (1 - nk * nk);
                double dz = dh * (d.prevCell[ci + k] - nk) * (z * (1 - z));
                double dr = dn * d.hn[ci + k] * (r * (1 - r));
                d.carry[ci + k] = dh * z;
                d.dGates[gi + k] = dr;
                d.dGates[gi + h + k] = dz;
                d.dGates[gi + 2 * h + k] = dn;
                d.dRecGates[gi + k] = dr;
                d.dRecGates[gi + h + k] = dz;
                d.dRecGates[gi + 2 * h + k] = dn * r;
                db[k] += dr;
                db[h + k] += dz;
                db[2 * h + k] += dn;
                db[3 * h + k] += dn * r;
            }
        }
    }
}
