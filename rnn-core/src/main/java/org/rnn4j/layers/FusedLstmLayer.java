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
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implementation of {@link FusedLstm}, the layer DL4J instantiates: an LSTM without peepholes, mathematically
 * the same as DL4J's {@code LSTM} (gate columns of {@code W}, {@code RW} and {@code b} in DL4J's order: block input
 * {@code a} (tanh), forget gate {@code f}, output gate {@code o}, input gate {@code i}, all three sigmoid):
 *
 * <pre>
 * z_t = x_t W + h_{t-1} RW + b      c_t = f_t * c_{t-1} + i_t * a_t      h_t = o_t * tanh(c_t)
 * </pre>
 *
 * <p>It differs from DL4J's in how the work is cut into native calls. Arrays are kept time-major, row
 * {@code t*N + n} for example {@code n} at step {@code t}, so the rows of one step are one contiguous block:
 * <ul>
 *   <li>forward: one GEMM {@code X [T*N, nIn] x W} for the input projection of all steps; then per step one GEMM
 *       {@code h_{t-1} x RW} added into that step's rows, and one pass over the step's {@code [N, 4H]} block that
 *       adds the bias, applies the four gate activations and updates the cell and output;</li>
 *   <li>backward: per step one GEMM {@code dz_{t+1} x RW^T} and one pass computing the gate derivatives (and the
 *       bias gradient); then the gradients of {@code W} and {@code RW} as one GEMM each over all steps and the
 *       input gradient as one GEMM {@code dz x W^T}.</li>
 * </ul>
 * This class is the DL4J adapter: it checks the input, does the GEMMs and converts between the layer's INDArrays
 * and the pass's buffers. The rest lives in the same package:
 * <ul>
 *   <li>{@link LstmPass}: the time-major buffers of a pass (detached from workspaces, grown only, so batches of
 *       varying length reuse them; a training pass keeps them for the backward pass, which therefore does not
 *       recompute the forward pass as DL4J's LSTM does) and the copies of a step's rows to and from Java arrays;</li>
 *   <li>{@link FloatLstmStep} and {@link DoubleLstmStep}: the per-step element-wise passes, forward and backward,
 *       as plain Java loops over the step arrays {@link FloatStepArrays} and {@link DoubleStepArrays} (no DL4J
 *       types); float networks compute in float through {@link FloatTanh}, double networks in double with
 *       {@link Math#exp}, for gradient checks;</li>
 *   <li>{@link RepeatedRows}: when the input rows repeat (an embedding of few symbols), the input projection is
 *       computed once per distinct row, and with {@link FusedLstm#setEmbeddingInput} the gradient passed down is
 *       summed per distinct row (enough for the embedding layer below, and much cheaper).</li>
 * </ul>
 *
 * <p>The output is [N, H, T] (or [N, T, H]) over memory laid out [H, T, N], which DL4J's {@code RnnOutputLayer}
 * reshapes to its [T*N, H] matrix without a copy.
 *
 * <p>Masks behave as in DL4J's LSTM: one passed down the network ({@code feedForwardMaskArray}) goes through
 * unapplied, which is right for right-padded batches read at their last real step; one set on the layer
 * ({@code setMaskArray}, as {@code MaskZeroLayer} and {@code Bidirectional} do) multiplies each step's cell and
 * output, and the gradients are the exact gradients of that. (DL4J's LSTM applies such a mask in its forward pass
 * only, so its gradients agree with these for right padding but leak into masked steps elsewhere.) Truncated BPTT
 * is rejected with an exception. Float and double.
 */
public final class FusedLstmLayer extends BaseRecurrentLayer<FusedLstm> {
    /** State keys, the same as DL4J's LSTM. */
    public static final String STATE_ACTIVATION = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION;
    public static final String STATE_MEMORY = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL;

    /** Buffers of the last training pass, used by backprop, and of inference passes. */
    private final LstmPass trainPass = new LstmPass();
    private final LstmPass inferencePass = new LstmPass();
    /** The (dropped-out) input the training pass was computed from; backprop recomputes it for any other. */
    private INDArray trainInput;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

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
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " expects 3d input ["
                    + (nwc() ? "batch, time, nIn" : "batch, nIn, time") + "], got "
                    + (in == null ? "none" : Arrays.toString(in.shape())));
        }
        long nIn = layerConf().getNIn();
        long got = in.size(nwc() ? 2 : 1);
        if (got != nIn) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " has nIn = " + nIn + " but its input"
                    + " has " + got + " features (shape " + Arrays.toString(in.shape()) + ", format "
                    + layerConf().getRnnDataFormat() + ")");
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " supports float and double networks,"
                    + " not " + dataType);
        }
    }

    /** The layer's mask as a time-major [t*n] vector; null when there is none or it is all ones. */
    private double[] timeMajorMask(int n, int t) {
        if (maskArray == null) {
            return null;
        }
        if (maskArray.rank() != 2 || maskArray.size(0) != n || maskArray.size(1) != t) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + ": the mask must have shape [batch, "
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

    /**
     * Forward pass from state (h0, c0) (null: zero) into pass {@code p}; returns the output in the ACTIVATIONS
     * workspace.
     */
    private INDArray forward(LstmPass p, boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
        checkInput(input);
        if (training && layerConf().getIDropout() != null && input.ordering() != 'f') {
            // DL4J draws the dropout mask in the input's memory order; in 'f' order, as DL4J's LSTM passes it, the
            // same seed gives the same mask as above a DL4J LSTM (a FusedLstm below passes another layout)
            input = workspaceMgr.dup(ArrayType.INPUT, input, 'f');
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        double[] bias = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr).toDoubleVector();
        int h = (int) rw.size(0);
        INDArray xt = toTimeMajor(in);
        int t = (int) xt.size(0);
        int n = (int) xt.size(1);
        int nIn = (int) xt.size(2);
        if (h0 != null && (h0.size(0) != n || c0 == null)) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + ": the stored state is for "
                    + h0.size(0) + " examples but the input has " + n + " (call rnnClearPreviousState() between "
                    + "sequences of different batch sizes)");
        }
        if ((long) t * n * 4 * h > Integer.MAX_VALUE || (long) t * n * nIn > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + ": batch x time x 4 x units = "
                    + (long) t * n * 4 * h + " is too large (at most 2^31 - 1); use smaller batches");
        }
        double[] mask = timeMajorMask(n, t);
        p.ensure(n, t, nIn, h, dataType);
        p.mask = mask;
        p.hasState = h0 != null;
        if (p.hasState) {
            p.h0.assign(h0);
            p.c0.assign(c0);
        }
        p.steps(p.xAll).assign(xt);
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
        boolean floatPath = p.type == DataType.FLOAT;
        if (floatPath) {
            p.floatStep().setBias(bias);
        }
        for (int s = 0; s < t; s++) {
            if (s > 0 || p.hasState) {
                Nd4j.gemm(s == 0 ? p.h0 : p.hiddenStep(s - 1), rwRows, p.gateStep(s), false, false, 1.0, 1.0);
            }
            if (floatPath) {
                FloatStepArrays f = p.floatStep();
                p.readForward(s, f);
                FloatLstmStep.forward(f, p.mask, s * n);
                p.writeForward(s, f);
            } else {
                DoubleStepArrays d = p.doubleStep();
                p.readForward(s, d);
                DoubleLstmStep.forward(d, bias, p.mask, s * n, s > 0 || p.hasState);
                p.writeForward(s, d);
            }
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
            INDArray out = forward(trainPass, true, null, null, workspaceMgr);
            trainInput = input;
            return out;
        }
        return forward(inferencePass, false, null, null, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        INDArray out = forward(inferencePass, false, stateMap.get(STATE_ACTIVATION), stateMap.get(STATE_MEMORY),
                workspaceMgr);
        storeLastState(inferencePass, stateMap);
        return out;
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        LstmPass p = training ? trainPass : inferencePass;
        INDArray out = forward(p, training, tBpttStateMap.get(STATE_ACTIVATION), tBpttStateMap.get(STATE_MEMORY),
                workspaceMgr);
        if (training) {
            trainInput = this.input;
        }
        if (storeLastForTBPTT) {
            storeLastState(p, tBpttStateMap);
        }
        return out;
    }

    private static void storeLastState(LstmPass p, Map<String, INDArray> state) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.put(STATE_ACTIVATION, p.hiddenStep(p.t - 1).dup('c'));
            state.put(STATE_MEMORY, p.cells.get(interval((long) (p.t - 1) * p.n, (long) p.t * p.n), all()).dup('c'));
        }
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
        LstmPass p = trainPass;
        if (trainInput == null || trainInput != input) {
            // No training forward pass of this input to reuse (dropout, if any, is applied once per input)
            forward(p, true, null, null, workspaceMgr);
        }
        trainInput = null;
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        int n = p.n;
        int t = p.t;
        int h = p.h;
        p.ensureBackward();
        p.steps(p.epsAll).assign(toTimeMajor(epsilon));
        INDArray dGates = LstmPass.first(p.dGatesAll, (long) t * n);
        double[] db = new double[4 * h];
        boolean floatPath = p.type == DataType.FLOAT;
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Nd4j.gemm(p.dGateStep(s + 1), rw, p.dRec, false, true, 1.0, 0.0);
            }
            if (floatPath) {
                FloatStepArrays f = p.floatStep();
                p.readBackward(s, f);
                FloatLstmStep.backward(f, p.mask, s * n, db);
                p.writeBackward(s, f);
            } else {
                DoubleStepArrays d = p.doubleStep();
                p.readBackward(s, d);
                DoubleLstmStep.backward(d, p.mask, s * n, s > 0 || p.hasState, s == t - 1, db);
                p.writeBackward(s, d);
            }
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        RepeatedRows repeated = p.repeated;
        boolean shortened = repeated != null && layerConf().isEmbeddingInput() && p.mask == null
                && layerConf().getIDropout() == null;
        INDArray dX = LstmPass.first(p.dXAll, (long) t * n);
        if (repeated != null) {
            // X^T dZ = U^T (O^T dZ): the gate gradients summed per distinct input row first
            INDArray perDistinct = Nd4j.gemm(repeated.oneHot, dGates, true, false);
            Nd4j.gemm(repeated.distinct, perDistinct, gW, true, false, 1.0, 0.0);
            if (shortened) {
                // the input gradient summed per distinct input, on its first row (FusedLstm#setEmbeddingInput)
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
            Nd4j.gemm(LstmPass.first(p.hiddenAll, (long) (t - 1) * n), dGates.get(interval(n, (long) t * n), all()),
                    gRW, true, false, 1.0, 0.0);
        } else {
            gRW.assign(0);
        }
        if (p.hasState) {
            Nd4j.gemm(p.h0, p.dGateStep(0), gRW, true, false, 1.0, 1.0);
        }
        gB.assign(Nd4j.create(db, gB.shape(), dataType));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        if (!inputGradient) {
            return new Pair<>(gradient, null);
        }
        if (!shortened) {
            Nd4j.gemm(dGates, w, dX, false, true, 1.0, 0.0);
        }
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, shape(n, p.nIn, t), 'f');
        toTimeMajor(eps).assign(p.steps(p.dXAll));
        return new Pair<>(gradient, backpropDropOutIfPresent(eps));
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("FusedLstm layer " + layerId()
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
        throw new UnsupportedOperationException("FusedLstm layer " + layerId() + ": no layer-wise pretraining");
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
