package org.rnn4j.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The classifier network run on one text in plain Java, for single predictions: a read-only float copy of the weights
 * and one pass over the tokens per recurrent layer (and direction). Scoring one text through the ComputationGraph costs
 * a padded batch, masks, native calls and DL4J's per-call bookkeeping around about four million multiply-adds (a
 * 238-token review, book sizes); here it is an embedding row lookup and two small matrix-vector products per token and
 * layer, with no allocation per token.
 *
 * <p>The function is the network's ({@link Networks#classifier}): embedding, then {@code layers - 1} recurrent layers
 * over the whole text (when bidirectional, each also read backward over the reversed tokens, its outputs aligned and
 * appended to the forward ones), then the top layer's state after the last token (and, when bidirectional, the backward
 * one's after reading the text backward to its first token), a ReLU dense layer and the sigmoid output. The recurrent
 * layers (LSTM, GRU or RNN) are {@link PlainRecurrentLayer}s. One text has no padding, so no masks. Dropout is an
 * identity at inference. The embedding is looked up rather than premultiplied by the first LSTM's {@code W}
 * (CharStepper's table): for a 76,000-word vocabulary that table would take 61 MB per direction, the embedding itself
 * takes 10 MB. Instances are immutable and safe to share; each call allocates its own few small buffers.
 */
final class ClassifierStepper {
    private final int embedding;
    private final int hidden;
    private final boolean bidirectional;
    /** [vocab][E]: the embedding rows (plus the embedding bias, if the layer has one) */
    private final float[] table;
    /** [layer][direction]: the forward recurrent layer and, when bidirectional, the backward one */
    private final PlainRecurrentLayer[][] lstms;
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
        lstms = new PlainRecurrentLayer[s.layers()][dirs];
        for (int l = 0; l < s.layers(); l++) {
            boolean top = l == s.layers() - 1;
            String forward = top ? "forward" : "lstm" + l;
            String backward = top ? "backward" : "lstm" + l + "Backward";
            lstms[l][0] = PlainRecurrentLayer.of(net, forward, hidden);
            if (bidirectional) {
                lstms[l][1] = PlainRecurrentLayer.of(net, backward, hidden);
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
