package org.rnn4j.model;

import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The character network run one character at a time in plain Java, for generation: a read-only float copy of
 * the weights and, per caller, the recurrent state. Feeding one character through the ComputationGraph costs a
 * dozen native calls and DL4J's per-call bookkeeping for about a million multiply-adds; here it is one pass
 * over the recurrent weights per layer, and the first layer's input projection is a table lookup (the
 * embedding row times {@code W} plus the bias, precomputed for every character).
 *
 * <p>The function is the network's: for the LSTM, DL4J's without peepholes, gate columns in its order (block
 * input {@code a}, forget {@code f}, output {@code o}, input {@code i}), {@code c = f c + i a},
 * {@code h = o tanh(c)}; for the GRU and the vanilla RNN the updates of {@link PlainRecurrentLayer}; then the
 * output layer's logits (softmax is left to the sampler). Dropout is an identity at inference.
 * Instances are immutable and safe to share; each {@link State} belongs to one caller.
 */
final class CharStepper {
    private final int vocab;
    private final int hidden;
    private final int layers;
    private final Cell cell;
    private final int width;
    /** [vocab][gH]: embedding row of each character times the first layer's W, plus its bias */
    private final float[] firstInput;
    /** per layer above the first: W [H][gH] */
    private final float[][] inputWeights;
    /** per layer: RW [H][gH] */
    private final float[][] recurrentWeights;
    /** per layer above the first: the bias added to x W [gH] (GRU: b_r | b_z | b_in) */
    private final float[][] biases;
    /** GRU, per layer: b_hn [H] */
    private final float[][] hnBiases;
    /** output W [H][vocab] and b [vocab] */
    private final float[] outWeights;
    private final float[] outBias;

    /** The recurrent state of one generation. */
    final class State {
        private final float[][] h = new float[layers][hidden];
        private final float[][] c = new float[layers][hidden];
        private final float[] z = new float[width];
        private final float[] rec = new float[width];
        private final float[] logits = new float[vocab];

        /**
         * Feeds one character and returns the logits of the next (a buffer reused by the next call).
         */
        float[] feed(int id) {
            for (int l = 0; l < layers; l++) {
                if (l == 0) {
                    System.arraycopy(firstInput, id * width, z, 0, width);
                } else {
                    System.arraycopy(biases[l], 0, z, 0, width);
                    accumulate(h[l - 1], inputWeights[l], z);
                }
                if (cell == Cell.GRU) {
                    Arrays.fill(rec, 0f);
                    accumulate(h[l], recurrentWeights[l], rec);
                    PlainRecurrentLayer.gru(z, rec, hnBiases[l], h[l]);
                    continue;
                }
                accumulate(h[l], recurrentWeights[l], z);
                if (cell == Cell.RNN) {
                    PlainRecurrentLayer.rnn(z, h[l]);
                    continue;
                }
                float[] hl = h[l];
                float[] cl = c[l];
                for (int k = 0; k < hidden; k++) {
                    double a = Math.tanh(z[k]);
                    double f = ClassifierStepper.sigmoid(z[hidden + k]);
                    double o = ClassifierStepper.sigmoid(z[2 * hidden + k]);
                    double i = ClassifierStepper.sigmoid(z[3 * hidden + k]);
                    double cell = f * cl[k] + i * a;
                    cl[k] = (float) cell;
                    hl[k] = (float) (o * Math.tanh(cell));
                }
            }
            System.arraycopy(outBias, 0, logits, 0, vocab);
            accumulate(h[layers - 1], outWeights, logits);
            return logits;
        }
    }

    /**
     * Copies the weights of a character network as {@link CharLanguageModel} builds it ("embedding", "lstm0",
     * "lstm1", ..., "out"); the caller must keep training from running during the copy.
     */
    CharStepper(ComputationGraph net, int vocab, int embedding, int hidden, int layers) {
        this.vocab = vocab;
        this.hidden = hidden;
        this.layers = layers;
        this.cell = PlainRecurrentLayer.cellOf(net.getLayer("lstm0").conf().getLayer());
        this.width = cell.gates() * hidden;
        int gates = width;
        float[] emb = ClassifierStepper.floats(net.getLayer("embedding").getParam("W"));
        float[] w0 = ClassifierStepper.floats(net.getLayer("lstm0").getParam("W"));
        float[] b0 = PlainRecurrentLayer.inputBias(cell,
                ClassifierStepper.floats(net.getLayer("lstm0").getParam("b")), hidden);
        INDArray embBias = net.getLayer("embedding").paramTable().get("b");
        float[] eb = embBias == null ? new float[embedding] : ClassifierStepper.floats(embBias);
        firstInput = new float[vocab * gates];
        for (int v = 0; v < vocab; v++) {
            float[] x = new float[embedding];
            for (int e = 0; e < embedding; e++) {
                x[e] = emb[v * embedding + e] + eb[e];
            }
            float[] row = Arrays.copyOf(b0, gates);
            accumulate(x, w0, row);
            System.arraycopy(row, 0, firstInput, v * gates, gates);
        }
        inputWeights = new float[layers][];
        recurrentWeights = new float[layers][];
        biases = new float[layers][];
        hnBiases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            recurrentWeights[l] = ClassifierStepper.floats(net.getLayer("lstm" + l).getParam("RW"));
            float[] bias = ClassifierStepper.floats(net.getLayer("lstm" + l).getParam("b"));
            hnBiases[l] = PlainRecurrentLayer.hnBias(cell, bias, hidden);
            if (l > 0) {
                inputWeights[l] = ClassifierStepper.floats(net.getLayer("lstm" + l).getParam("W"));
                biases[l] = PlainRecurrentLayer.inputBias(cell, bias, hidden);
            }
        }
        outWeights = ClassifierStepper.floats(net.getLayer("out").getParam("W"));
        outBias = ClassifierStepper.floats(net.getLayer("out").getParam("b"));
    }

    State newState() {
        return new State();
    }

    /** {@code y += x M} for a row-major {@code M} of {@code x.length} rows and {@code y.length} columns. */
    private static void accumulate(float[] x, float[] m, float[] y) {
        int cols = y.length;
        for (int r = 0; r < x.length; r++) {
            float xr = x[r];
            if (xr == 0) {
                continue;
            }
            int base = r * cols;
            for (int j = 0; j < cols; j++) {
                y[j] += xr * m[base + j];
            }
        }
    }
}
