package org.rnn4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the fused recurrent layers ({@link FusedLstmLayer}, {@link FusedGruLayer}, {@link FusedRnnLayer}) share: the
 * DL4J adapter around a cell's step kernels. Each layer has the parameters {@code "W"} [nIn, gH],
 * {@code "RW"} [H, gH] and {@code "b"} for a cell of g gate blocks (LSTM 4, GRU 3, RNN 1), and computes
 *
 * <pre>
 * z_t = x_t W     (all steps: one GEMM)        r_t = h_{t-1} RW     (one GEMM per step)
 * </pre>
 *
 * and the cell's element-wise step from those (the subclass's kernels). Arrays are kept time-major, row
 * {@code t*N + n} for example {@code n} at step {@code t}, so the rows of one step are one contiguous block:
 * <ul>
 *   <li>forward: one GEMM {@code X [T*N, nIn] x W} for the input projection of all steps; then per step one GEMM
 *       {@code h_{t-1} x RW} (added into that step's rows, or for the GRU written beside them), and one pass over
 *       the step's block that applies the cell's activations and updates its state and output;</li>
 *   <li>backward: per step one GEMM {@code dr_{t+1} x RW^T} and one pass computing the gate derivatives (and the
 *       bias gradient); then the gradients of {@code W} and {@code RW} as one GEMM each over all steps and the
 *       input gradient as one GEMM {@code dz x W^T}.</li>
 * </ul>
 * This class checks the input, does the GEMMs and converts between the layer's INDArrays and the pass's buffers
 * ({@link RecurrentPass}: time-major, detached from workspaces, grown only, so batches of varying length reuse
 * them; a training pass keeps them for the backward pass, which therefore does not recompute the forward pass).
 * {@link RepeatedRows}: when the input rows repeat (an embedding of few symbols), the input projection is computed
 * once per distinct row, and with {@link EmbeddingInput#isEmbeddingInput} the gradient passed down is summed per
 * distinct row (enough for the embedding layer below, and much cheaper).
 *
 * <p>The output is [N, H, T] (or [N, T, H]) over memory laid out [H, T, N], which DL4J's {@code RnnOutputLayer}
 * reshapes to its [T*N, H] matrix without a copy.
 *
 * <p>Masks behave as in DL4J's LSTM: one passed down the network ({@code feedForwardMaskArray}) goes through
 * unapplied, which is right for right-padded batches read at their last real step; one set on the layer
 * ({@code setMaskArray}, as {@code MaskZeroLayer} and {@code Bidirectional} do) multiplies each step's state and
 * output, and the gradients are the exact gradients of that. Truncated BPTT is rejected with an exception. Float
 * and double.
 *
 * @param <C> the layer's configuration
 */
public abstract class FusedRecurrentLayer<C extends org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer>
        extends BaseRecurrentLayer<C> {
    /** State keys, the same as DL4J's LSTM. */
    public static final String STATE_ACTIVATION = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION;
    static final String W = "W";
    static final String RW = "RW";
    static final String B = "b";

    /** Buffers of the last training pass, used by backprop, and of inference passes. */
    private final RecurrentPass trainPass = new RecurrentPass();
    private final RecurrentPass inferencePass = new RecurrentPass();
    /** The (dropped-out) input the training pass was computed from; backprop recomputes it for any other. */
    private INDArray trainInput;

    FusedRecurrentLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return the cell's gate blocks: {@link RecurrentPass#LSTM}, {@link RecurrentPass#GRU} or RNN */
    abstract int gateCount();

    /** Sets the pass's initial state from a stored state map (it has {@link #STATE_ACTIVATION}, [n, H]). */
    void loadState(RecurrentPass p, Map<String, INDArray> state) {
        p.h0.assign(state.get(STATE_ACTIVATION));
    }

    /** Stores the state after the pass's last step in {@code state}, detached from workspaces. */
    void storeLastState(RecurrentPass p, Map<String, INDArray> state) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.put(STATE_ACTIVATION, p.hiddenStep(p.t - 1).dup('c'));
        }
    }

    /** Prepares a forward pass's step arrays: the bias, as the float kernels want it. */
    private static void beginForward(RecurrentPass p, double[] bias) {
        if (p.type == DataType.FLOAT) {
            p.floatStep().setBias(bias);
        }
    }

    /** Step s of the forward pass, after the recurrent GEMM (done where {@code s > 0 || p.hasState}). */
    abstract void forwardStep(RecurrentPass p, int s, double[] bias);

    /** Step s of the backward pass, after the GEMM into {@code p.dRec} (done where {@code s < t - 1}). */
    abstract void backwardStep(RecurrentPass p, int s, double[] db);

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    /** [N, C, T] (NCW) or [N, T, C] (NWC) as a [T, N, C] view. */
    private INDArray toTimeMajor(INDArray a) {
        return nwc() ? a.permute(1, 0, 2) : a.permute(2, 0, 1);
    }

    /** The shape of the layer's data for N examples, C channels and T steps. */
    private long[] shape(long n, long c, long t) {
        return nwc() ? new long[]{n, t, c} : new long[]{n, c, t};
    }

    private void checkInput(INDArray in) {
        if (in == null || in.rank() != 3) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + " expects 3d input ["
                    + (nwc() ? "batch, time, nIn" : "batch, nIn, time") + "], got "
                    + (in == null ? "none" : Arrays.toString(in.shape())));
        }
        long nIn = layerConf().getNIn();
        long got = in.size(nwc() ? 2 : 1);
        if (got != nIn) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + " has nIn = " + nIn + " but its input"
                    + " has " + got + " features (shape " + Arrays.toString(in.shape()) + ", format "
                    + layerConf().getRnnDataFormat() + ")");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + " supports float and double networks,"
                    + " not " + dataType);
        }
    }

    /** The layer's mask as a time-major [t*n] vector; null when there is none or it is all ones. */
    private double[] timeMajorMask(int n, int t) {
        if (maskArray == null) {
            return null;
        }
        if (maskArray.rank() != 2 || maskArray.size(0) != n || maskArray.size(1) != t) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + ": the mask must have shape [batch, "
                    + "time] = [" + n + ", " + t + "], got " + Arrays.toString(maskArray.shape()));
        }
        double[][] m = maskArray.toDoubleMatrix();
        double[] tm = new double[t * n];
        boolean ones = true;
        for (int e = 0; e < n; e++) {
            for (int s = 0; s < t; s++) {
                tm[s * n + e] = m[e][s];
                ones &= m[e][s] == 1;
            }
        }
        return ones ? null : tm;
    }

    /** The configuration's class name, for messages ("FusedLstm", ...). */
    String name() {
        return layerConf().getClass().getSimpleName();
    }

    /**
     * Forward pass from a stored state (null: zero) into pass {@code p}; returns the output in the ACTIVATIONS
     * workspace.
     */
    private INDArray forward(RecurrentPass p, boolean training, Map<String, INDArray> state,
            LayerWorkspaceMgr workspaceMgr) {
        checkInput(input);
        if (training && layerConf().getIDropout() != null && input.ordering() != 'f') {
            // DL4J draws the dropout mask in the input's memory order; in 'f' order, as DL4J's LSTM passes it, the
            // same seed gives the same mask as above a DL4J LSTM (a fused layer below passes another layout)
            input = workspaceMgr.dup(ArrayType.INPUT, input, 'f');
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray w = getParamWithNoise(W, training, workspaceMgr);
        INDArray rw = getParamWithNoise(RW, training, workspaceMgr);
        double[] bias = getParamWithNoise(B, training, workspaceMgr).toDoubleVector();
        int h = (int) rw.size(0);
        int g = gateCount();
        INDArray xt = toTimeMajor(in);
        int t = (int) xt.size(0);
        int n = (int) xt.size(1);
        int nIn = (int) xt.size(2);
        INDArray h0 = state == null ? null : state.get(STATE_ACTIVATION);
        if (h0 != null && h0.size(0) != n) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + ": the stored state is for "
                    + h0.size(0) + " examples but the input has " + n + " (call rnnClearPreviousState() between "
                    + "sequences of different batch sizes)");
        }
        if ((long) t * n * g * h > Integer.MAX_VALUE || (long) t * n * nIn > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + ": batch x time x " + g
                    + " x units = " + (long) t * n * g * h + " is too large (at most 2^31 - 1); use smaller batches");
        }
        double[] mask = timeMajorMask(n, t);
        p.ensure(n, t, nIn, h, dataType, g);
        p.mask = mask;
        p.hasState = h0 != null;
        if (p.hasState) {
            loadState(p, state);
        }
        p.steps(p.xAll).assign(xt);
        if (p.repeated != null) {
            p.repeated.release();
        }
        p.repeated = RepeatedRows.find(p.x, t * n, nIn, p.type);
        if (p.repeated != null) {
            // X W = O (U W): k distinct rows projected once, then spread to every row by a one-hot GEMM
            INDArray projected = Nd4j.gemm(p.repeated.distinct, w, false, false);
            Nd4j.gemm(p.repeated.oneHot, projected, p.gates, false, false, 1.0, 0.0);
        } else {
            Nd4j.gemm(p.x, w, p.gates, false, false, 1.0, 0.0);
        }
        // the parameter view is column-major; a row-major copy makes the recurrent GEMMs ~20% faster (not worth it
        // for a step or two of a few examples, as in generation)
        INDArray rwRows = (long) n * t >= 256 ? rw.dup('c') : rw;
        // LSTM, RNN: added into the step's gate rows; GRU: written beside them (its new gate needs it apart)
        double beta = g == RecurrentPass.GRU ? 0.0 : 1.0;
        beginForward(p, bias);
        for (int s = 0; s < t; s++) {
            if (s > 0 || p.hasState) {
                Nd4j.gemm(s == 0 ? p.h0 : p.hiddenStep(s - 1), rwRows, p.recurrentTarget(s), false, false, 1.0, beta);
            }
            forwardStep(p, s, bias);
        }
        // [H, T, N] in memory: the [N, H, T] (or [N, T, H]) view reshapes to the [T*N, H] matrix of an output
        // layer (DL4J's RnnOutputLayer reads 'f' order, rows n + N*t) without a copy
        INDArray hMajor = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{h, t, n}, 'c');
        INDArray out = nwc() ? hMajor.permute(2, 1, 0) : hMajor.permute(2, 0, 1);
        if (!p.transposeHidden(hMajor)) {
            toTimeMajor(out).assign(p.steps(p.hiddenAll));
        }
        return out;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        if (training) {
            INDArray out = forward(trainPass, true, null, workspaceMgr);
            trainInput = input;
            return out;
        }
        return forward(inferencePass, false, null, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(inferencePass, false, stateMap.isEmpty() ? null : stateMap, workspaceMgr);
        storeLastState(inferencePass, stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        RecurrentPass p = training ? trainPass : inferencePass;
        INDArray out = forward(p, training, tBpttStateMap.isEmpty() ? null : tBpttStateMap, workspaceMgr);
        if (training) {
            trainInput = this.input;
        }
        if (storeLastForTBPTT) {
            storeLastState(p, tBpttStateMap);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, true, workspaceMgr);
    }

    /**
     * {@link #backpropGradient} without the gradient for the layer below, for a first layer whose input is data:
     * it skips the input-gradient product and its copy. (A {@code ComputationGraph} always asks for it; rnn4j's
     * own training steps do not.)
     *
     * @param epsilon dL/d(output), as for {@link #backpropGradient}
     * @param workspaceMgr as for {@link #backpropGradient}
     * @return the parameter gradients, also written into the layer's gradient views
     */
    public Gradient backpropParameterGradients(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, false, workspaceMgr).getFirst();
    }

    private Pair<Gradient, INDArray> backprop(INDArray epsilon, boolean inputGradient,
                                              LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        RecurrentPass p = trainPass;
        if (trainInput == null || trainInput != input) {
            // No training forward pass of this input to reuse (dropout, if any, is applied once per input)
            forward(p, true, null, workspaceMgr);
        }
        trainInput = null;
        INDArray w = getParamWithNoise(W, true, workspaceMgr);
        INDArray rw = getParamWithNoise(RW, true, workspaceMgr);
        int n = p.n;
        int t = p.t;
        p.ensureBackward();
        INDArray above = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        p.eps = new RecurrentPass.StepRows(toTimeMajor(RecurrentPass.whole(above) ? above : above.dup('c')));
        INDArray dGates = RecurrentPass.first(p.dGatesAll, (long) t * n);
        INDArray gB = gradientViews.get(B);
        double[] db = new double[(int) gB.length()];
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Nd4j.gemm(p.dRecGateStep(s + 1), rw, p.dRec, false, true, 1.0, 0.0);
            }
            backwardStep(p, s, db);
        }
        p.eps = null;  // the layer above's array, valid only during this call
        INDArray gW = gradientViews.get(W);
        INDArray gRW = gradientViews.get(RW);
        RepeatedRows repeated = p.repeated;
        boolean shortened = repeated != null && ((EmbeddingInput) layerConf()).isEmbeddingInput() && p.mask == null
                && layerConf().getIDropout() == null;
        INDArray dX = RecurrentPass.first(p.dXAll, (long) t * n);
        if (repeated != null) {
            // X^T dZ = U^T (O^T dZ): the gate gradients summed per distinct input row first
            INDArray perDistinct = Nd4j.gemm(repeated.oneHot, dGates, true, false);
            Nd4j.gemm(repeated.distinct, perDistinct, gW, true, false, 1.0, 0.0);
            if (shortened) {
                // the input gradient summed per distinct input, on its first row (EmbeddingInput)
                INDArray summed = Nd4j.gemm(perDistinct, w, false, true);
                dX.assign(0);
                for (int j = 0; j < repeated.firstRows.length; j++) {
                    dX.putRow(repeated.firstRows[j], summed.getRow(j));
                }
            }
        } else {
            Nd4j.gemm(p.x, dGates, gW, true, false, 1.0, 0.0);
        }
        if (t > 1) {
            INDArray dRecGates = RecurrentPass.first(p.dRecGatesAll, (long) t * n);
            Nd4j.gemm(RecurrentPass.first(p.hiddenAll, (long) (t - 1) * n),
                    dRecGates.get(interval(n, (long) t * n), all()), gRW, true, false, 1.0, 0.0);
        } else {
            gRW.assign(0);
        }
        if (p.hasState) {
            Nd4j.gemm(p.h0, p.dRecGateStep(0), gRW, true, false, 1.0, 1.0);
        }
        gB.assign(Nd4j.create(db, gB.shape(), dataType));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(W, gW);
        gradient.gradientForVariable().put(RW, gRW);
        gradient.gradientForVariable().put(B, gB);
        weightNoiseParams.clear();
        if (!inputGradient) {
            return new Pair<>(gradient, null);
        }
        if (!shortened) {
            Nd4j.gemm(dGates, w, dX, false, true, 1.0, 0.0);
        }
        // row-major for DL4J's embedding layer below, which copies any other layout into it first
        char order = ((EmbeddingInput) layerConf()).isEmbeddingInput() ? 'c' : 'f';
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, shape(n, p.nIn, t), order);
        toTimeMajor(eps).assign(p.steps(p.dXAll));
        return new Pair<>(gradient, backpropDropOutIfPresent(eps));
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException(name() + " layer " + layerId()
                + " does not support truncated backpropagation through time; use DL4J's LSTM or full BPTT");
    }

    /**
     * As DL4J's LSTM: the mask passes through to the layers above and is not applied here (with right padding, the
     * padded steps cannot change the real ones; a mask set with {@link #setMaskArray}, as DL4J's
     * {@code MaskZeroLayer} and {@code BidirectionalLayer} do, is applied).
     */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        return new Pair<>(maskArray, MaskState.Passthrough);
    }

    @Override
    public Gradient gradient() {
        throw new UnsupportedOperationException(name() + " layer " + layerId() + ": no layer-wise pretraining");
    }

    @Override
    public Type type() {
        return Type.RECURRENT;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
