package org.rnn4j.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The classifier network run on one text in plain Java, for single predictions: a read-only float copy of the
 * weights and one pass over the tokens per LSTM (and direction). Scoring one text through the ComputationGraph
 * costs a padded batch, masks, native calls and DL4J's per-call bookkeeping around about four million
 * multiply-adds (a 238-token review, book sizes); here it is an embedding row lookup and two small matrix-vector
 * products per token and layer, with no allocation per token.
 *
 * <p>The function is the network's ({@link Networks#classifier}): embedding, then {@code layers - 1} LSTMs over
 * the whole text (when bidirectional, each also read backward over the reversed tokens, its outputs aligned and
 * appended to the forward ones), then the top LSTM's state after the last token (and, when bidirectional, the
 * backward one's after reading the text backward to its first token), a ReLU dense layer and the sigmoid output.
 * LSTM as in {@link CharStepper}: no peepholes, gate columns {@code a, f, o, i}, {@code c = f c + i a},
 * {@code h = o tanh(c)}. One text has no padding, so no masks. Dropout is an identity at inference. The
 * embedding is looked up rather than premultiplied by the first LSTM's {@code W} (CharStepper's table): for a
 * 76,000-word vocabulary that table would take 61 MB per direction, the embedding itself takes 10 MB. Instances
 * are immutable and safe to share; each call allocates its own few small buffers.
 */
final class ClassifierStepper {
    private final int embedding;
    private final int hidden;
    private final boolean bidirectional;
    /** [vocab][E]: the embedding rows (plus the embedding bias, if the layer has one) */
    private final float[] table;
    /** [layer][direction]: the forward LSTM and, when bidirectional, the backward one */
    private final Lstm[][] lstms;
    /** dense W [dirs H][D] and b [D] */
    private final float[][] denseWeights;
    private final float[] denseBias;
    /** output W [D][1] and b */
    private final float[] outWeights;
    private final float outBias;

    /**
     * Copies the weights of a classifier network as {@link Networks#classifier} builds it; the caller must keep
     * training from running during the copy.
     */
    ClassifierStepper(ComputationGraph net, SequenceClassifier.Settings s) {
        embedding = s.embeddingSize();
        hidden = s.lstmSize();
        bidirectional = s.bidirectional();
        float[] emb = floats(net.getLayer("embedding").getParam("W"));
        INDArray embBias = net.getLayer("embedding").paramTable().get("b");
        if (embBias != null) {
            float[] eb = floats(embBias);
            for (int i = 0; i < emb.length; i++) {
                emb[i] += eb[i % embedding];
            }
        }
        table = emb;
        int dirs = bidirectional ? 2 : 1;
        lstms = new Lstm[s.layers()][dirs];
        for (int l = 0; l < s.layers(); l++) {
            boolean top = l == s.layers() - 1;
            String forward = top ? "forward" : "lstm" + l;
            String backward = top ? "backward" : "lstm" + l + "Backward";
            lstms[l][0] = Lstm.of(net, forward, hidden);
            if (bidirectional) {
                lstms[l][1] = Lstm.of(net, backward, hidden);
            }
        }
        denseWeights = matrix(net.getLayer("dense").getParam("W"));
        denseBias = floats(net.getLayer("dense").getParam("b"));
        outWeights = floats(net.getLayer("out").getParam("W"));
        outBias = floats(net.getLayer("out").getParam("b"))[0];
    }

    /**
     * @param ids one encoded text (at least one token, every id inside the vocabulary)
     * @return the network's output for it: the probability that the text is positive
     */
    double probability(int[] ids) {
        int n = ids.length;
        int dirs = bidirectional ? 2 : 1;
        float[] x = new float[n * embedding];
        for (int t = 0; t < n; t++) {
            System.arraycopy(table, ids[t] * embedding, x, t * embedding, embedding);
        }
        float[] last = new float[dirs * hidden];
        for (int l = 0; l < lstms.length; l++) {
            boolean top = l == lstms.length - 1;
            float[] below = top ? null : new float[n * dirs * hidden];
            for (int d = 0; d < dirs; d++) {
                float[] h = lstms[l][d].run(x, n, d == 1, below, d * hidden, dirs * hidden);
                if (top) {
                    System.arraycopy(h, 0, last, d * hidden, hidden);
                }
            }
            x = below;
        }
        float[] dense = denseBias.clone();
        accumulate(last, denseWeights, dense);
        float z = outBias;
        for (int k = 0; k < dense.length; k++) {
            z += Math.max(dense[k], 0f) * outWeights[k];
        }
        return (float) sigmoid(z);
    }

    /**
     * One LSTM layer's weights and its pass over a sequence, shared with {@link RegressorStepper}. Immutable; a
     * pass allocates its own state.
     */
    static final class Lstm {
        private final int nIn;
        private final int hidden;
        /** W [nIn][4H], RW [H][4H], b [4H] */
        private final float[][] w;
        private final float[][] rw;
        private final float[] b;

        private Lstm(int hidden, float[][] w, float[][] rw, float[] b) {
            this.nIn = w.length;
            this.hidden = hidden;
            this.w = w;
            this.rw = rw;
            this.b = b;
        }

        /** @return units (the width of the state and of each output row) */
        int hidden() {
            return hidden;
        }

        /** Copies the parameters of the LSTM layer {@code name} (DL4J's {@code LSTM} or {@code FusedLstm}). */
        static Lstm of(ComputationGraph net, String name, int hidden) {
            return new Lstm(hidden, matrix(net.getLayer(name).getParam("W")),
                    matrix(net.getLayer(name).getParam("RW")), floats(net.getLayer(name).getParam("b")));
        }

        /**
         * Runs the layer over {@code n} input rows from a zero state.
         *
         * @param x the input, row-major {@code [n][nIn]}
         * @param reverse read the rows from the last to the first
         * @param out where each step's output goes: row {@code t}'s at {@code t * stride + offset} (in input
         *     order, also when reversed), or {@code null}
         * @return the state after the last row read (a fresh array)
         */
        float[] run(float[] x, int n, boolean reverse, float[] out, int offset, int stride) {
            int gates = 4 * hidden;
            float[] h = new float[hidden];
            float[] c = new float[hidden];
            float[] z = new float[gates];
            float[] row = new float[nIn];
            for (int s = 0; s < n; s++) {
                int t = reverse ? n - 1 - s : s;
                System.arraycopy(b, 0, z, 0, gates);
                System.arraycopy(x, t * nIn, row, 0, nIn);
                accumulate(row, w, z);
                accumulate(h, rw, z);
                for (int k = 0; k < hidden; k++) {
                    double a = tanh(z[k]);
                    double f = sigmoid(z[hidden + k]);
                    double o = sigmoid(z[2 * hidden + k]);
                    double i = sigmoid(z[3 * hidden + k]);
                    double cell = f * c[k] + i * a;
                    c[k] = (float) cell;
                    h[k] = (float) (o * tanh(cell));
                }
                if (out != null) {
                    System.arraycopy(h, 0, out, t * stride + offset, hidden);
                }
            }
            return h;
        }
    }

    /**
     * {@code y += x M} for {@code M} given as {@code x.length} rows of {@code y.length} columns. One array per row,
     * not one flat array: C2 (Java 17) turns {@code y[j] += xr * row[j]} into SIMD code but not
     * {@code y[j] += xr * m[base + j]}, which took four to five times as long for the classifier's 82 x 200 step
     * (measured on this machine, 2026-12-05).
     */
    static void accumulate(float[] x, float[][] m, float[] y) {
        for (int r = 0; r < x.length; r++) {
            float xr = x[r];
            if (xr == 0) {
                continue;
            }
            float[] row = m[r];
            for (int j = 0; j < y.length; j++) {
                y[j] += xr * row[j];
            }
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** tanh through {@link Math#exp}, which C2 makes an intrinsic ({@link Math#tanh} is a slower library call). */
    static double tanh(double x) {
        return 1 - 2 / (Math.exp(2 * x) + 1);
    }

    static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** @return a 2-d parameter as one float array per row */
    static float[][] matrix(INDArray a) {
        float[] flat = floats(a);
        int cols = (int) a.size(1);
        float[][] m = new float[(int) a.size(0)][];
        for (int r = 0; r < m.length; r++) {
            m[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return m;
    }
}
