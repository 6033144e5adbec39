package org.rnn4j.model;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The regressor network run on one window in plain Java, for single predictions: a read-only float copy of the
 * weights. Predicting one 5 x 37 window (the book's stock model: two LSTMs of 16, dense 16) is about 10,000
 * multiply-adds, which a pass through the ComputationGraph buries under milliseconds of native calls and DL4J
 * bookkeeping.
 *
 * <p>The function is the network's ({@link Networks#regressor}): the window's rows (already scaled and laid out
 * by {@link WindowCodec}) through the LSTM layers (any cell, as {@link PlainRecurrentLayer}), the top layer's state
 * after the last row (with no LSTM layer, the last row itself), a ReLU dense layer and the linear output, in float as
 * the network computes. Scaling back and decoding the targets stay with {@link SequenceRegressor}. Instances are
 * immutable and safe to share; each call allocates its own few small buffers.
 */
final class RegressorStepper {
    private final int features;
    private final PlainRecurrentLayer[] lstms;
    /** dense W [width][D] and b [D] */
    private final float[][] denseWeights;
    private final float[] denseBias;
    /** output W [D][K] and b [K] */
    private final float[][] outWeights;
    private final float[] outBias;

    /**
     * Copies the weights of a regressor network as {@link Networks#regressor} builds it ("lstm0", ..., "dense",
     * "out"); the caller must keep training from running during the copy.
     */
    RegressorStepper(ComputationGraph net, SequenceRegressor.Settings s) {
        features = s.features();
        lstms = new PlainRecurrentLayer[s.layers()];
        for (int l = 0; l < lstms.length; l++) {
            lstms[l] = PlainRecurrentLayer.of(net, "lstm" + l, s.lstmSize());
        }
        denseWeights = ClassifierStepper.matrix(net.getLayer("dense").getParam("W"));
        denseBias = ClassifierStepper.floats(net.getLayer("dense").getParam("b"));
        outWeights = ClassifierStepper.matrix(net.getLayer("out").getParam("W"));
        outBias = ClassifierStepper.floats(net.getLayer("out").getParam("b"));
    }

    /**
     * @param ncw one window as {@link WindowCodec#encode} lays it out, {@code [feature][time step]}
     * @param steps its rows
     * @return the network's outputs for it, {@code [output]}, in the network's units
     */
    float[] predict(float[] ncw, int steps) {
        float[] x = new float[steps * features];
        for (int j = 0; j < features; j++) {
            for (int t = 0; t < steps; t++) {
                x[t * features + j] = ncw[j * steps + t];
            }
        }
        float[] last;
        if (lstms.length == 0) {
            last = new float[features];
            System.arraycopy(x, (steps - 1) * features, last, 0, features);
        } else {
            for (int l = 0; l < lstms.length - 1; l++) {
                float[] below = new float[steps * lstms[l].hidden()];
                lstms[l].run(x, steps, false, below, 0, lstms[l].hidden());
                x = below;
            }
            last = lstms[lstms.length - 1].run(x, steps, false, null, 0, 0);
        }
        float[] dense = denseBias.clone();
        ClassifierStepper.accumulate(last, denseWeights, dense);
        for (int k = 0; k < dense.length; k++) {
            dense[k] = Math.max(dense[k], 0f);
        }
        float[] out = outBias.clone();
        ClassifierStepper.accumulate(dense, outWeights, out);
        return out;
    }
}
