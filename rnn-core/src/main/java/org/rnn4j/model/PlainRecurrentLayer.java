package org.rnn4j.model;

import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnn4j.layers.FusedGru;

/**
 * One recurrent layer's weights and its pass over a sequence in plain Java, for the inference copies
 * ({@link ClassifierStepper}, {@link RegressorStepper}; {@link CharStepper} uses the cell updates). Any cell, with
 * the layers' equations: LSTM as DL4J's (gate columns {@code a, f, o, i}, {@code c = f c + i a},
 * {@code h = o tanh(c)}); GRU as PyTorch's ({@link org.rnn4j.layers.FusedGruLayer}); vanilla RNN
 * {@code h = tanh(x W + h RW + b)}. Immutable; a pass allocates its own state.
 */
final class PlainRecurrentLayer {
    final Cell cell;
    private final int nIn;
    private final int hidden;
    /** W [nIn][gH], RW [H][gH], b [gH] (GRU: {@code b_r | b_z | b_in}), GRU's b_hn [H] (otherwise null) */
    private final float[][] w;
    private final float[][] rw;
    private final float[] b;
    private final float[] bHn;

    private PlainRecurrentLayer(Cell cell, int hidden, float[][] w, float[][] rw, float[] bias) {
        this.cell = cell;
        this.nIn = w.length;
        this.hidden = hidden;
        this.w = w;
        this.rw = rw;
        this.b = inputBias(cell, bias, hidden);
        this.bHn = hnBias(cell, bias, hidden);
    }

    /** @return units (the width of the state and of each output row) */
    int hidden() {
        return hidden;
    }

    /** The cell of a network layer's configuration. */
    static Cell cellOf(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof FusedGru) {
            return Cell.GRU;
        } else if (conf instanceof SimpleRnn) {
            return Cell.RNN;
        } else if (conf instanceof LSTM) {
            return Cell.LSTM;
        }
        throw new IllegalStateException("layer " + conf.getLayerName() + " (" + conf.getClass().getSimpleName()
                + ") is not an LSTM, GRU or RNN layer");
    }

    /** The part of a layer's bias added to {@code x W}: all of it, but the GRU's first 3H. */
    static float[] inputBias(Cell cell, float[] bias, int hidden) {
        return cell == Cell.GRU ? java.util.Arrays.copyOf(bias, 3 * hidden) : bias;
    }

    /** The GRU's {@code b_hn}, the last H of its bias; null for the other cells. */
    static float[] hnBias(Cell cell, float[] bias, int hidden) {
        return cell == Cell.GRU ? java.util.Arrays.copyOfRange(bias, 3 * hidden, 4 * hidden) : null;
    }

    /** Copies the parameters of the recurrent layer {@code name}. */
    static PlainRecurrentLayer of(ComputationGraph net, String name, int hidden) {
        var layer = net.getLayer(name);
        return new PlainRecurrentLayer(cellOf(layer.conf().getLayer()), hidden,
                ClassifierStepper.matrix(layer.getParam("W")), ClassifierStepper.matrix(layer.getParam("RW")),
                ClassifierStepper.floats(layer.getParam("b")));
    }

    /**
     * Runs the layer over {@code n} input rows from a zero state.
     *
     * @param x the input, row-major {@code [n][nIn]}
     * @param reverse read the rows from the last to the first
     * @param out where each step's output goes: row {@code t}'s at {@code t * stride + offset} (in input order,
     *     also when reversed), or {@code null}
     * @return the state after the last row read (a fresh array)
     */
    float[] run(float[] x, int n, boolean reverse, float[] out, int offset, int stride) {
        int width = cell.gates() * hidden;
        float[] h = new float[hidden];
        float[] c = new float[hidden];
        float[] z = new float[width];
        float[] rec = new float[width];
        float[] row = new float[nIn];
        for (int s = 0; s < n; s++) {
            int t = reverse ? n - 1 - s : s;
            System.arraycopy(b, 0, z, 0, width);
            System.arraycopy(x, t * nIn, row, 0, nIn);
            ClassifierStepper.accumulate(row, w, z);
            switch (cell) {
                case LSTM -> {
                    ClassifierStepper.accumulate(h, rw, z);
                    for (int k = 0; k < hidden; k++) {
                        double a = ClassifierStepper.tanh(z[k]);
                        double f = ClassifierStepper.sigmoid(z[hidden + k]);
                        double o = ClassifierStepper.sigmoid(z[2 * hidden + k]);
                        double i = ClassifierStepper.sigmoid(z[3 * hidden + k]);
                        double cell = f * c[k] + i * a;
                        c[k] = (float) cell;
                        h[k] = (float) (o * ClassifierStepper.tanh(cell));
                    }
                }
                case GRU -> {
                    java.util.Arrays.fill(rec, 0f);
                    ClassifierStepper.accumulate(h, rw, rec);
                    gru(z, rec, bHn, h);
                }
                case RNN -> {
                    ClassifierStepper.accumulate(h, rw, z);
                    rnn(z, h);
                }
            }
            if (out != null) {
                System.arraycopy(h, 0, out, t * stride + offset, hidden);
            }
        }
        return h;
    }

    /**
     * A GRU step's update: {@code z} holds {@code x W + b} (r | z | n), {@code rec} {@code h RW} (without bias);
     * {@code h} becomes {@code (1 - z) n + z h} with {@code n = tanh(x W_n + b_in + r (h RW_n + b_hn))}.
     */
    static void gru(float[] z, float[] rec, float[] bHn, float[] h) {
        int hidden = h.length;
        for (int k = 0; k < hidden; k++) {
            double r = ClassifierStepper.sigmoid(z[k] + rec[k]);
            double u = ClassifierStepper.sigmoid(z[hidden + k] + rec[hidden + k]);
            double n = ClassifierStepper.tanh(z[2 * hidden + k] + r * (rec[2 * hidden + k] + bHn[k]));
            h[k] = (float) ((1 - u) * n + u * h[k]);
        }
    }

    /** A vanilla RNN step's update: {@code z} holds {@code x W + h RW + b}; {@code h} becomes tanh of it. */
    static void rnn(float[] z, float[] h) {
        for (int k = 0; k < h.length; k++) {
            h[k] = (float) ClassifierStepper.tanh(z[k]);
        }
    }
}
