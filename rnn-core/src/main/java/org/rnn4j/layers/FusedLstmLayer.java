package org.rnn4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
 * The implementation of {@link FusedLstm}: an LSTM without peepholes, mathematically the same as DL4J's
 * {@code LSTM} (gate columns of {@code W}, {@code RW} and {@code b} in DL4J's order: block input {@code a} (tanh),
 * forget gate {@code f}, output gate {@code o}, input gate {@code i}, all three sigmoid):
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
 * The per-step element-wise passes are plain Java loops over the (detached, contiguous) buffers: on these small
 * blocks ND4J ops take 0.1-0.6 ms each on a [64, 512] slice, and a dozen of them per step took nearly as long as the
 * GEMMs. A training forward pass keeps its buffers for the backward pass, which therefore does not recompute
 * the forward pass (DL4J's LSTM does). Masks and truncated BPTT are rejected with an exception. Float and double.
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

    /** Element access, as doubles, to the float or double buffer of a detached array of ours. */
    private abstract static class Buf {
        abstract double get(int i);

        abstract void put(int i, double v);

        static Buf of(INDArray a) {
            if (a.isView() || a.offset() != 0) {
                throw new IllegalStateException("not a whole buffer");
            }
            if (a.dataType() == DataType.FLOAT) {
                FloatBuffer f = a.data().asNioFloat();
                return new Buf() {
                    double get(int i) {
                        return f.get(i);
                    }

                    void put(int i, double v) {
                        f.put(i, (float) v);
                    }
                };
            }
            DoubleBuffer d = a.data().asNioDouble();
            return new Buf() {
                double get(int i) {
                    return d.get(i);
                }

                void put(int i, double v) {
                    d.put(i, v);
                }
            };
        }
    }

    private static INDArray detached(DataType type, long[] shape, char order) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(type, shape, order);
        }
    }

    /** The arrays of one forward pass (time-major, detached from workspaces, reused while the shape holds). */
    private static final class Pass {
        int n = -1;
        int t = -1;
        int nIn = -1;
        int h;
        DataType type;
        INDArray x;          // [T*N, nIn] input
        INDArray gates;      // [T*N, 4H] pre-activations from the GEMMs, then gate activations a | f | o | i
        INDArray cells;      // [T*N, H] c_t
        INDArray tanhCells;  // [T*N, H] tanh(c_t)
        INDArray hidden;     // [T*N, H] h_t
        INDArray out;        // h_t in the layout of the layer's output (shape and order as the output array)
        INDArray h0;         // [N, H] initial state (valid when hasState)
        INDArray c0;
        boolean hasState;
        Buf bGates;
        Buf bCells;
        Buf bTanhCells;
        Buf bHidden;
        Buf bOut;
        Buf bC0;
        // backward buffers, allocated on first use
        INDArray dGates;     // [T*N, 4H] dL/dz
        INDArray dRec;       // [N, H] dz_{t+1} x RW^T
        INDArray eps;        // dL/dh from above, in the layout of the output
        INDArray dX;         // [T*N, nIn] dz x W^T
        INDArray epsOut;     // dX in the layout of the input
        long[] inShape;
        double[] carry;      // [N*H] dc_{t+1} * f_{t+1}
        Buf bDGates;
        Buf bDRec;
        Buf bEps;
        Buf bDX;
        Buf bEpsOut;

        void ensure(int n, int t, int nIn, int h, DataType type, long[] outShape, long[] inShape, char order) {
            if (n == this.n && t == this.t && nIn == this.nIn && h == this.h && type == this.type) {
                return;
            }
            x = detached(type, new long[]{(long) t * n, nIn}, 'c');
            gates = detached(type, new long[]{(long) t * n, 4L * h}, 'c');
            cells = detached(type, new long[]{(long) t * n, h}, 'c');
            tanhCells = detached(type, new long[]{(long) t * n, h}, 'c');
            hidden = detached(type, new long[]{(long) t * n, h}, 'c');
            out = detached(type, outShape, order);
            h0 = detached(type, new long[]{n, h}, 'c');
            c0 = detached(type, new long[]{n, h}, 'c');
            bGates = Buf.of(gates);
            bCells = Buf.of(cells);
            bTanhCells = Buf.of(tanhCells);
            bHidden = Buf.of(hidden);
            bOut = Buf.of(out);
            bC0 = Buf.of(c0);
            dGates = null;
            eps = null;
            this.inShape = inShape;
            this.n = n;
            this.t = t;
            this.nIn = nIn;
            this.h = h;
            this.type = type;
        }

        void ensureBackward(char order) {
            if (dGates != null) {
                return;
            }
            dGates = detached(type, new long[]{(long) t * n, 4L * h}, 'c');
            dRec = detached(type, new long[]{n, h}, 'c');
            dX = detached(type, new long[]{(long) t * n, nIn}, 'c');
            epsOut = detached(type, inShape, order);
            carry = new double[n * h];
            bDGates = Buf.of(dGates);
            bDRec = Buf.of(dRec);
            bDX = Buf.of(dX);
            bEpsOut = Buf.of(epsOut);
        }
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

    /** Strides (example, channel, step) of an array of the layer's data format. */
    private int[] strides(INDArray a) {
        long[] s = a.stride();
        return nwc() ? new int[]{(int) s[0], (int) s[2], (int) s[1]} : new int[]{(int) s[0], (int) s[1], (int) s[2]};
    }

    private static INDArray rows(INDArray a, long t, long n) {
        return a.get(interval(t * n, (t + 1) * n), all());
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double tanh(double z) {
        return 1 - 2 / (Math.exp(2 * z) + 1);
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
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("FusedLstm layer " + layerId() + " supports float and double networks,"
                    + " not " + dataType);
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
        p.ensure(n, t, nIn, h, dataType, shape(n, h, t), shape(n, nIn, t), 'f');
        p.hasState = h0 != null;
        if (p.hasState) {
            p.h0.assign(h0);
            p.c0.assign(c0);
        }
        p.x.reshape('c', t, n, nIn).assign(xt);
        Nd4j.gemm(p.x, w, p.gates, false, false, 1.0, 0.0);
        int[] os = strides(p.out);
        // the parameter view is column-major; a row-major copy makes the recurrent GEMMs ~20% faster (not worth it
        // for a step or two of a few examples, as in generation)
        INDArray rwRows = (long) n * t >= 256 ? rw.dup('c') : rw;
        for (int s = 0; s < t; s++) {
            if (s > 0 || p.hasState) {
                Nd4j.gemm(s == 0 ? p.h0 : rows(p.hidden, s - 1, n), rwRows, rows(p.gates, s, n), false, false, 1.0,
                        1.0);
            }
            forwardStep(p, s, bias, os);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, p.out.shape(), 'f');
        out.assign(p.out);
        return out;
    }

    /** Bias, activations, cell and output of step s, in place in the step's rows. */
    private static void forwardStep(Pass p, int s, double[] bias, int[] os) {
        int n = p.n;
        int h = p.h;
        boolean prev = s > 0 || p.hasState;
        Buf g = p.bGates;
        Buf cPrev = s == 0 ? p.bC0 : p.bCells;
        for (int e = 0; e < n; e++) {
            int row = s * n + e;
            int gi = row * 4 * h;
            int ci = row * h;
            int pi = s == 0 ? e * h : ci - n * h;
            int oi = e * os[0] + s * os[2];
            for (int k = 0; k < h; k++) {
                double a = tanh(g.get(gi + k) + bias[k]);
                double f = sigmoid(g.get(gi + h + k) + bias[h + k]);
                double o = sigmoid(g.get(gi + 2 * h + k) + bias[2 * h + k]);
                double i = sigmoid(g.get(gi + 3 * h + k) + bias[3 * h + k]);
                g.put(gi + k, a);
                g.put(gi + h + k, f);
                g.put(gi + 2 * h + k, o);
                g.put(gi + 3 * h + k, i);
                double c = prev ? f * cPrev.get(pi + k) + i * a : i * a;
                double tc = tanh(c);
                double out = o * tc;
                p.bCells.put(ci + k, c);
                p.bTanhCells.put(ci + k, tc);
                p.bHidden.put(ci + k, out);
                p.bOut.put(oi + k * os[1], out);
            }
        }
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

    private static void storeLastState(Pass p, Map<String, INDArray> state) {
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
        int n = p.n;
        int t = p.t;
        int h = p.h;
        p.ensureBackward('f');
        if (p.eps == null || p.eps.ordering() != epsilon.ordering()) { // same order: a plain copy
            p.eps = detached(dataType, p.out.shape(), epsilon.ordering());
            p.bEps = Buf.of(p.eps);
        }
        p.eps.assign(epsilon);
        int[] es = strides(p.eps);
        double[] db = new double[4 * h];
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Nd4j.gemm(rows(p.dGates, s + 1, n), rw, p.dRec, false, true, 1.0, 0.0);
            }
            backwardStep(p, s, es, db);
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        Nd4j.gemm(p.x, p.dGates, gW, true, false, 1.0, 0.0);
        if (t > 1) {
            Nd4j.gemm(p.hidden.get(interval(0, (long) (t - 1) * n), all()),
                    p.dGates.get(interval(n, (long) t * n), all()), gRW, true, false, 1.0, 0.0);
        } else {
            gRW.assign(0);
        }
        if (p.hasState) {
            Nd4j.gemm(p.h0, rows(p.dGates, 0, n), gRW, true, false, 1.0, 1.0);
        }
        gB.assign(Nd4j.create(db, gB.shape(), dataType));
        Nd4j.gemm(p.dGates, w, p.dX, false, true, 1.0, 0.0);
        int[] xs = strides(p.epsOut);
        for (int s = 0; s < t; s++) {
            for (int e = 0; e < n; e++) {
                int from = (s * n + e) * p.nIn;
                int to = e * xs[0] + s * xs[2];
                for (int k = 0; k < p.nIn; k++) {
                    p.bEpsOut.put(to + k * xs[1], p.bDX.get(from + k));
                }
            }
        }
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, p.epsOut.shape(), 'f');
        eps.assign(p.epsOut);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, gW);
        gradient.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, gRW);
        gradient.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, gB);
        weightNoiseParams.clear();
        return new Pair<>(gradient, backpropDropOutIfPresent(eps));
    }

    /** Gate derivatives dL/dz of step s from dL/dh (from above and, via dRec, from step s+1); adds to db. */
    private static void backwardStep(Pass p, int s, int[] es, double[] db) {
        int n = p.n;
        int h = p.h;
        boolean last = s == p.t - 1;
        boolean prev = s > 0 || p.hasState;
        Buf g = p.bGates;
        Buf d = p.bDGates;
        Buf cPrev = s == 0 ? p.bC0 : p.bCells;
        double[] carry = p.carry;
        for (int e = 0; e < n; e++) {
            int row = s * n + e;
            int gi = row * 4 * h;
            int ci = row * h;
            int pi = s == 0 ? e * h : ci - n * h;
            int ei = e * es[0] + s * es[2];
            for (int k = 0; k < h; k++) {
                double dh = p.bEps.get(ei + k * es[1]) + (last ? 0 : p.bDRec.get(e * h + k));
                double a = g.get(gi + k);
                double f = g.get(gi + h + k);
                double o = g.get(gi + 2 * h + k);
                double i = g.get(gi + 3 * h + k);
                double tc = p.bTanhCells.get(ci + k);
                double dO = dh * tc * (o * (1 - o));
                double dc = dh * o * (1 - tc * tc) + (last ? 0 : carry[e * h + k]);
                double df = prev ? dc * cPrev.get(pi + k) * (f * (1 - f)) : 0;
                double di = dc * a * (i * (1 - i));
                double da = dc * i * (1 - a * a);
                carry[e * h + k] = dc * f;
                d.put(gi + k, da);
                d.put(gi + h + k, df);
                d.put(gi + 2 * h + k, dO);
                d.put(gi + 3 * h + k, di);
                db[k] += da;
                db[h + k] += df;
                db[2 * h + k] += dO;
                db[3 * h + k] += di;
            }
        }
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
