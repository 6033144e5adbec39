package org.rnn4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
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
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.api.ops.impl.transforms.strict.TanhDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The implementation of {@link FusedLstm}: an LSTM without peepholes, mathematically the same as DL4J's
 * {@code LSTM} (gate columns of {@code W}, {@code RW} and {@code b} in DL4J's order: block input {@code a} (tanh),
 * forget gate {@code f}, output gate {@code o}, input gate {@code i}, all three sigmoid):
 *
 * <pre>
 * c_t = f_t * c_{t-1} + i_t * a_t        h_t = o_t * tanh(c_t)
 * </pre>
 *
 * <p>It differs from DL4J's in how the work is cut into native calls. All arrays are kept time-major, row
 * {@code t*N + n} for example {@code n} at step {@code t}, so the rows of one step are a contiguous block:
 * <ul>
 *   <li>forward: one GEMM {@code X [T*N, nIn] x W} (plus the bias) for the input projection of all steps, then per
 *       step one GEMM {@code h_{t-1} x RW} added into that step's rows and a few element-wise ops, the three sigmoid
 *       gates in one call; gate activations, cell states and outputs stay in buffers reused from step to step;</li>
 *   <li>backward: per step one GEMM {@code dGates_{t+1} x RW^T} and the element-wise gate derivatives, then the
 *       gradients of {@code W} and {@code RW} as one GEMM each over all steps, the bias gradient as one sum and the
 *       input gradient as one GEMM {@code dGates x W^T}.</li>
 * </ul>
 * A training forward pass keeps its buffers for the backward pass, which therefore does not recompute the forward
 * pass (DL4J's LSTM does). Masks and truncated BPTT are rejected with an exception.
 */
public final class FusedLstmLayer extends BaseRecurrentLayer<FusedLstm> {
    /** State keys, the same as DL4J's LSTM. */
    public static final String STATE_ACTIVATION = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION;
    public static final String STATE_MEMORY = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL;

    /** Buffers of the last training pass, used by backprop, and of inference passes. */
    private final Pass trainPass = new Pass();
    private final Pass inferencePass = new Pass();
    /** The (dropped-out) input the training pass was computed from; backprop recomputes it for any other. */
    private INDArray trainInput;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The arrays of one forward pass (time-major, detached from workspaces, reused while the shape holds). */
    private static final class Pass {
        long n = -1;
        long t = -1;
        long nIn = -1;
        DataType type;
        INDArray x;          // [T*N, nIn] input
        INDArray gates;      // [T*N, 4H] gate activations a | f | o | i
        INDArray cells;      // [T*N, H] c_t
        INDArray tanhCells;  // [T*N, H] tanh(c_t)
        INDArray hidden;     // [T*N, H] h_t
        INDArray tmp;        // [N, H]
        INDArray h0;         // initial state or null (zero)
        INDArray c0;
        // backward buffers, allocated on first use
        INDArray dGates;     // [T*N, 4H]
        INDArray dHidden;    // [T*N, H]
        INDArray dCell;      // [N, H]
        INDArray carry;      // [N, H]: dc_{t+1} * f_{t+1}
        INDArray tmp2;       // [N, H]
        INDArray dX;         // [T*N, nIn]

        void ensure(long n, long t, long nIn, long h, DataType type) {
            if (n == this.n && t == this.t && nIn == this.nIn && type == this.type) {
                return;
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                x = Nd4j.create(type, new long[]{t * n, nIn}, 'c');
                gates = Nd4j.create(type, new long[]{t * n, 4 * h}, 'c');
                cells = Nd4j.create(type, new long[]{t * n, h}, 'c');
                tanhCells = Nd4j.create(type, new long[]{t * n, h}, 'c');
                hidden = Nd4j.create(type, new long[]{t * n, h}, 'c');
                tmp = Nd4j.create(type, new long[]{n, h}, 'c');
            }
            dGates = null;
            this.n = n;
            this.t = t;
            this.nIn = nIn;
            this.type = type;
        }

        void ensureBackward(long h) {
            if (dGates != null) {
                return;
            }
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                dGates = Nd4j.create(type, new long[]{t * n, 4 * h}, 'c');
                dHidden = Nd4j.create(type, new long[]{t * n, h}, 'c');
                dCell = Nd4j.create(type, new long[]{n, h}, 'c');
                carry = Nd4j.create(type, new long[]{n, h}, 'c');
                tmp2 = Nd4j.create(type, new long[]{n, h}, 'c');
                dX = Nd4j.create(type, new long[]{t * n, nIn}, 'c');
            }
        }
    }

    private boolean nwc() {
        return layerConf().getRnnDataFormat() == RNNFormat.NWC;
    }

    /** [N, C, T] (NCW) or [N, T, C] (NWC) as a [T, N, C] view. */
    private INDArray toTimeMajor(INDArray a) {
        return nwc() ? a.permute(1, 0, 2) : a.permute(2, 0, 1);
    }

    /** A [T, N, C] array as the layer's data format. */
    private INDArray fromTimeMajor(INDArray a) {
        return nwc() ? a.permute(1, 0, 2) : a.permute(1, 2, 0);
    }

    private static INDArray rows(INDArray a, long t, long n) {
        return a.get(interval(t * n, (t + 1) * n), all());
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(all(), interval(from, to));
    }

    private static void mul(INDArray x, INDArray y, INDArray z) {
        Nd4j.exec(new MulOp(x, y, z));
    }

    private void checkInput(INDArray in) {
        if (maskArray != null) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " does not support masks (got a mask of"
                    + " shape " + Arrays.toString(maskArray.shape()) + "); use DL4J's LSTM for variable-length data");
        }
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
    }

    /**
     * Forward pass from state (h0, c0) (null: zero) into pass {@code p}; returns the output in the ACTIVATIONS
     * workspace.
     */
    private INDArray forward(Pass p, boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
        checkInput(input);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        long h = rw.size(0);
        INDArray xt = toTimeMajor(in);
        long t = xt.size(0);
        long n = xt.size(1);
        long nIn = xt.size(2);
        if (h0 != null && (h0.size(0) != n || c0 == null)) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + ": the stored state is for "
                    + h0.size(0) + " examples but the input has " + n + " (call rnnClearPreviousState() between "
                    + "sequences of different batch sizes)");
        }
        p.ensure(n, t, nIn, h, dataType);
        p.h0 = h0;
        p.c0 = c0;
        p.x.reshape('c', t, n, nIn).assign(xt);
        Nd4j.gemm(p.x, w, p.gates, false, false, 1.0, 0.0);
        p.gates.addiRowVector(b);
        for (long s = 0; s < t; s++) {
            INDArray g = rows(p.gates, s, n);
            INDArray hPrev = s == 0 ? h0 : rows(p.hidden, s - 1, n);
            INDArray cPrev = s == 0 ? c0 : rows(p.cells, s - 1, n);
            if (hPrev != null) {
                Nd4j.gemm(hPrev, rw, g, false, false, 1.0, 1.0);
            }
            INDArray a = cols(g, 0, h);
            INDArray sig = cols(g, h, 4 * h);
            Nd4j.exec(new Tanh(a, a));
            Nd4j.exec(new Sigmoid(sig, sig));
            INDArray f = cols(g, h, 2 * h);
            INDArray o = cols(g, 2 * h, 3 * h);
            INDArray i = cols(g, 3 * h, 4 * h);
            INDArray c = rows(p.cells, s, n);
            mul(i, a, c);
            if (cPrev != null) {
                mul(f, cPrev, p.tmp);
                c.addi(p.tmp);
            }
            INDArray tc = rows(p.tanhCells, s, n);
            Nd4j.exec(new Tanh(c, tc));
            mul(o, tc, rows(p.hidden, s, n));
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                nwc() ? new long[]{n, t, h} : new long[]{n, h, t}, 'f');
        out.assign(fromTimeMajor(p.hidden.reshape('c', t, n, h)));
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
        Pass p = training ? trainPass : inferencePass;
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

    private static void storeLastState(Pass p, java.util.Map<String, INDArray> state) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.put(STATE_ACTIVATION, rows(p.hidden, p.t - 1, p.n).dup('c'));
            state.put(STATE_MEMORY, rows(p.cells, p.t - 1, p.n).dup('c'));
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Pass p = trainPass;
        if (trainInput == null || trainInput != input) {
            // No training forward pass of this input to reuse (dropout, if any, is applied once per input)
            forward(p, true, null, null, workspaceMgr);
        }
        trainInput = null;
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        long h = rw.size(0);
        long n = p.n;
        long t = p.t;
        p.ensureBackward(h);
        p.dHidden.reshape('c', t, n, h).assign(toTimeMajor(epsilon));
        for (long s = t - 1; s >= 0; s--) {
            INDArray dh = rows(p.dHidden, s, n);
            if (s < t - 1) {
                Nd4j.gemm(rows(p.dGates, s + 1, n), rw, dh, false, true, 1.0, 1.0);
            }
            INDArray g = rows(p.gates, s, n);
            INDArray a = cols(g, 0, h);
            INDArray f = cols(g, h, 2 * h);
            INDArray o = cols(g, 2 * h, 3 * h);
            INDArray i = cols(g, 3 * h, 4 * h);
            INDArray dg = rows(p.dGates, s, n);
            INDArray da = cols(dg, 0, h);
            INDArray df = cols(dg, h, 2 * h);
            INDArray dO = cols(dg, 2 * h, 3 * h);
            INDArray di = cols(dg, 3 * h, 4 * h);
            INDArray tc = rows(p.tanhCells, s, n);
            INDArray cPrev = s == 0 ? p.c0 : rows(p.cells, s - 1, n);
            // output gate: dL/dz_o = dh * tanh(c) * o(1-o)
            Nd4j.exec(new TimesOneMinus(o, p.tmp));
            mul(dh, tc, dO);
            dO.muli(p.tmp);
            // cell: dc = dh * o * (1 - tanh^2(c)) + dc_{t+1} * f_{t+1}
            Nd4j.exec(new TanhDerivative(rows(p.cells, s, n), p.tmp));
            mul(dh, o, p.dCell);
            p.dCell.muli(p.tmp);
            if (s < t - 1) {
                p.dCell.addi(p.carry);
            }
            // forget gate: dc * c_{t-1} * f(1-f)
            if (cPrev != null) {
                Nd4j.exec(new TimesOneMinus(f, p.tmp));
                mul(p.dCell, cPrev, df);
                df.muli(p.tmp);
            } else {
                df.assign(0);
            }
            // input gate: dc * a * i(1-i)
            Nd4j.exec(new TimesOneMinus(i, p.tmp));
            mul(p.dCell, a, di);
            di.muli(p.tmp);
            // block input: dc * i * (1 - a^2)
            mul(a, a, p.tmp2);
            p.tmp2.rsubi(1.0);
            mul(p.dCell, i, da);
            da.muli(p.tmp2);
            if (s > 0) {
                mul(p.dCell, f, p.carry);
            }
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        Nd4j.gemm(p.x, p.dGates, gW, true, false, 1.0, 0.0);
        if (t > 1) {
            Nd4j.gemm(p.hidden.get(interval(0, (t - 1) * n), all()), p.dGates.get(interval(n, t * n), all()), gRW,
                    true, false, 1.0, 0.0);
        } else {
            gRW.assign(0);
        }
        if (p.h0 != null) {
            Nd4j.gemm(p.h0, rows(p.dGates, 0, n), gRW, true, false, 1.0, 1.0);
        }
        gB.assign(p.dGates.sum(0).reshape(gB.shape()));
        Nd4j.gemm(p.dGates, w, p.dX, false, true, 1.0, 0.0);
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType,
                nwc() ? new long[]{n, t, p.nIn} : new long[]{n, p.nIn, t}, 'f');
        eps.assign(fromTimeMajor(p.dX.reshape('c', t, n, p.nIn)));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(eps));
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaceMgr) {
        throw new UnsupportedOperationException("FusedLstm layer " + layerId()
                + " does not support truncated backpropagation through time; use DL4J's LSTM or full BPTT");
    }

    @Override
    public void setMaskArray(INDArray maskArray) {
        if (maskArray != null) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " does not support masks (got a mask of"
                    + " shape " + Arrays.toString(maskArray.shape()) + "); use DL4J's LSTM for variable-length data");
        }
        super.setMaskArray(null);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
            int minibatchSize) {
        setMaskArray(maskArray);
        return new Pair<>(null, currentMaskState);
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
