package org.rnn4j.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.rnn4j.layers.FusedRecurrentLayer;

/**
 * One training step of {@link SequenceRegressor}'s network (fused LSTM, GRU or RNN layers, last step, ReLU dense layer,
 * linear output, mean squared error, Adam) without {@code ComputationGraph.fit}: the same arithmetic as DL4J's, in far
 * fewer calls. The book's stock model is so small (5,857 parameters, batches of 128 x 5 x 37) that DL4J's graph
 * bookkeeping, its updater's per-parameter views and the dense layers' native calls took more time than the LSTM
 * layers' own work.
 *
 * <p>What it does per batch, in DL4J's order and with DL4J's own updater state:
 * <ul>
 *   <li>each fused recurrent layer's ({@link FusedRecurrentLayer}: LSTM, GRU or RNN) {@code activate} and
 *       {@code backpropGradient}, as in the graph (the first layer's without the gradient for its input, which is
 *       data: {@link FusedRecurrentLayer#backpropParameterGradients});</li>
 *   <li>the dense and output layers, the loss and their gradients in Java (a [N, 16] x [16, 16] product is
 *       cheaper in a loop than in a native call);</li>
 *   <li>the gradients, summed over the batch and written into the network's gradient array, divided by the batch
 *       size; then each updater block's {@link AdamUpdater} on its gradient view, {@code params -= update}, and
 *       the iteration count advanced.</li>
 * </ul>
 * Saving, loading, resuming and predicting are unchanged: they only see the parameters and the updater state,
 * which are the network's own arrays.
 *
 * <p>{@link #of} returns {@code null}, and the regressor uses {@code ComputationGraph.fit}, for any network
 * this does not cover: DL4J's LSTM, dropout, regularisation, gradient normalisation, an updater other than Adam.
 */
final class DirectRegressorStep {
    /**
     * Every array a step creates (the layers' outputs and input gradients, copies) lives in this workspace, which
     * is reused from step to step: nothing is left for the garbage collector (which never frees ND4J memory
     * under {@code -Dorg.bytedeco.javacpp.nopointergc=true}).
     */
    private static final String WORKSPACE = "rnn4j-direct-regressor-step";
    private static final WorkspaceConfiguration WORKSPACE_CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.05).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT).policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).build();
    private static final LayerWorkspaceMgr LAYER_WORKSPACES;

    static {
        LayerWorkspaceMgr.Builder b = LayerWorkspaceMgr.builder();
        for (ArrayType t : ArrayType.values()) {
            b.with(t, WORKSPACE, WORKSPACE_CONFIG);
        }
        LAYER_WORKSPACES = b.build();
    }

    private final ComputationGraph net;
    private final FusedRecurrentLayer<?>[] lstms;
    private final int width;     // values per row reaching the dense layer (LSTM size, or features without LSTM)
    private final int denseSize;
    private final int outputs;
    private final int denseOffset;    // of the dense layer's W (nIn x nOut, column-major), then b
    private final int outOffset;      // of the output layer's W, then b
    private final List<UpdaterBlock> blocks;

    private DirectRegressorStep(ComputationGraph net, FusedRecurrentLayer<?>[] lstms, int width, int denseSize,
                                int outputs, int denseOffset, int outOffset, List<UpdaterBlock> blocks) {
        this.net = net;
        this.lstms = lstms;
        this.width = width;
        this.denseSize = denseSize;
        this.outputs = outputs;
        this.denseOffset = denseOffset;
        this.outOffset = outOffset;
        this.blocks = blocks;
    }

    /**
     * @param net a network built by {@link SequenceRegressor}'s configuration
     * @param s its settings
     * @return the direct step for it, or {@code null} where the network needs {@code ComputationGraph.fit}
     */
    static DirectRegressorStep of(ComputationGraph net, SequenceRegressor.Settings s) {
        if (s.dropout() > 0 || net.params().dataType() != DataType.FLOAT) {
            return null;
        }
        FusedRecurrentLayer<?>[] lstms = new FusedRecurrentLayer<?>[s.layers()];
        for (int i = 0; i < lstms.length; i++) {
            if (!(net.getLayer("lstm" + i) instanceof FusedRecurrentLayer<?> l)) {
                return null;
            }
            lstms[i] = l;
        }
        Layer dense = net.getLayer("dense");
        Layer out = net.getLayer("out");
        if (!(dense.conf().getLayer() instanceof DenseLayer d && d.getActivationFn() instanceof ActivationReLU
                && out.conf().getLayer() instanceof OutputLayer o && o.getLossFn() instanceof LossMSE
                && o.getActivationFn() instanceof ActivationIdentity)) {
            return null;
        }
        for (Layer l : net.getLayers()) {
            if (!plain(l)) {
                return null;
            }
        }
        List<UpdaterBlock> blocks = net.getUpdater().getUpdaterBlocks();
        for (UpdaterBlock b : blocks) {
            if (!(b.getGradientUpdater() instanceof AdamUpdater)) {
                return null;
            }
        }
        int width = s.layers() > 0 ? s.lstmSize() : s.features();
        return new DirectRegressorStep(net, lstms, width, s.denseSize(), s.outputs(), (int) dense.params().offset(),
                (int) out.params().offset(), blocks);
    }

    /** A layer's parameters, {@code length} values from {@code offset} of the network's parameter buffer. */
    private static float[] block(FloatBuffer params, int offset, int length) {
        float[] a = new float[length];
        params.get(offset, a, 0, length);
        return a;
    }

    /**
     * A dense layer without activation, as DL4J lays out its parameters: {@code W} [nIn, nOut] column-major, then
     * {@code b}.
     *
     * @param in [n][nIn] row-major
     * @return [n][nOut] row-major: {@code in W + b}
     */
    private static float[] linear(float[] in, int n, int nIn, float[] params, int nOut) {
        float[] out = new float[n * nOut];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < nOut; j++) {
                float z = params[nIn * nOut + j];
                for (int i = 0; i < nIn; i++) {
                    z += in[r * nIn + i] * params[i + j * nIn];
                }
                out[r * nOut + j] = z;
            }
        }
        return out;
    }

    /**
     * The backward pass of {@link #linear}: adds the gradients of {@code W} and {@code b}, summed over the rows,
     * to {@code grads} (zeros on entry; same layout as {@code params}).
     *
     * @param dOut dL/dout, [n][nOut]
     * @return dL/din, [n][nIn]
     */
    private static float[] linearBackward(float[] in, float[] dOut, int n, int nIn, float[] params, int nOut,
                                          float[] grads) {
        float[] dIn = new float[n * nIn];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < nOut; j++) {
                float d = dOut[r * nOut + j];
                grads[nIn * nOut + j] += d;
                for (int i = 0; i < nIn; i++) {
                    grads[i + j * nIn] += in[r * nIn + i] * d;
                    dIn[r * nIn + i] += d * params[i + j * nIn];
                }
            }
        }
        return dIn;
    }

    /** No regularisation, weight noise, constraints or gradient normalisation: nothing the step would skip. */
    private static boolean plain(Layer l) {
        if (!(l.conf().getLayer() instanceof BaseLayer c)) {
            return false;
        }
        return c.getRegularization().isEmpty() && c.getRegularizationBias().isEmpty() && c.getWeightNoise() == null
                && c.getIDropout() == null && (c.getConstraints() == null || c.getConstraints().isEmpty())
                && (c.getGradientNormalization() == null || c.getGradientNormalization() == GradientNormalization.None);
    }

    /**
     * Trains on one batch.
     *
     * @param x the batch, [n, features, steps], float, as the network's input
     * @param y the standardised targets, row-major [n][outputs]
     * @param n the batch size
     * @return the batch's mean loss, as {@code ComputationGraph.score()} reports it
     */
    double fit(INDArray x, float[] y, int n) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WORKSPACE_CONFIG,
                WORKSPACE)) {
            return step(x, y, n, LAYER_WORKSPACES);
        }
    }

    private double step(INDArray x, float[] y, int n, LayerWorkspaceMgr ws) {
        INDArray a = x;
        for (FusedRecurrentLayer<?> l : lstms) {
            a = l.activate(a, true, ws);
        }
        long steps = a.size(2);
        float[] last = a.get(all(), all(), point(steps - 1)).dup('c').data().asFloat();   // [n][width]

        INDArray params = net.params();
        INDArray gradient = net.getFlattenedGradients();
        FloatBuffer p = params.data().asNioFloat();
        FloatBuffer g = gradient.data().asNioFloat();
        int d = denseSize;
        int k = outputs;
        float[] dense = block(p, denseOffset, (width + 1) * d);
        float[] out = block(p, outOffset, (d + 1) * k);

        float[] act = linear(last, n, width, dense, d);
        for (int i = 0; i < act.length; i++) {
            act[i] = Math.max(act[i], 0f);
        }
        float[] prediction = linear(act, n, d, out, k);
        // DL4J's MSE: the squared error averaged over the outputs, summed over the batch; dL/dout likewise
        double loss = 0;
        float[] dOut = new float[n * k];
        for (int i = 0; i < n * k; i++) {
            float e = prediction[i] - y[i];
            loss += (double) e * e / k;
            dOut[i] = 2 * e / k;
        }
        float[] grads = new float[out.length];
        float[] dAct = linearBackward(act, dOut, n, d, out, k, grads);
        g.put(outOffset, grads);
        for (int i = 0; i < dAct.length; i++) {
            if (act[i] <= 0) {
                dAct[i] = 0;    // ReLU'(z) = 0 for z <= 0, as DL4J's
            }
        }
        grads = new float[dense.length];
        float[] dLast = linearBackward(last, dAct, n, width, dense, d, grads);
        g.put(denseOffset, grads);
        if (lstms.length > 0) {
            float[] eps = new float[(int) (n * width * steps)];         // [n, width, steps], only the last step
            for (int r = 0; r < n; r++) {
                for (int i = 0; i < width; i++) {
                    eps[(int) ((r * width + i) * steps + steps - 1)] = dLast[r * width + i];
                }
            }
            INDArray e = FloatArrays.of(eps, n, width, steps);
            for (int i = lstms.length - 1; i > 0; i--) {
                e = lstms[i].backpropGradient(e, ws).getSecond();
            }
            lstms[0].backpropParameterGradients(e, ws);     // its input is the data: no gradient for it
        }
        // DL4J's updater: divide by the batch size, Adam per block, params -= update
        gradient.divi(n);
        int iteration = net.getConfiguration().getIterationCount();
        int epoch = net.getConfiguration().getEpochCount();
        for (UpdaterBlock b : blocks) {
            b.getGradientUpdater().applyUpdater(b.getGradientView(), iteration, epoch);
        }
        params.subi(gradient.reshape(params.shape()));
        net.getConfiguration().setIterationCount(iteration + 1);
        return loss / n;
    }
}
