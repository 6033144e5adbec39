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
 * GEMMs. In a float network they run in float over Java arrays that hold one step (copied in and out in bulk),
 * with tanh and the sigmoids from {@link FloatTanh}, a rational function that C2 vectorises, in place of
 * {@link Math#exp} (not vectorised: 15 times slower per value, {@code GateActivationBenchmark}; docs/stock.md §2b
 * gives what it did to the stock model's epoch).
 * Double networks keep {@code Math.exp} in double, for gradient checks.
 * A training forward pass keeps its buffers for the backward pass, which therefore does not recompute
 * the forward pass (DL4J's LSTM does). The buffers only grow, so batches of varying length reuse them.
 *
 * <p>The output is [N, H, T] (or [N, T, H]) over memory laid out [H, T, N], which DL4J's {@code RnnOutputLayer}
 * reshapes to its [T*N, H] matrix without a copy. When the input rows repeat (an embedding of few symbols), the
 * input projection is computed once per distinct row, and with {@link FusedLstm#setEmbeddingInput} the gradient
 * passed down is summed per distinct row (enough for the embedding layer below, and much cheaper).
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

        /** Copies {@code len} values from index {@code at} into {@code dst}; float buffers only (the float path). */
        void getFloats(int at, float[] dst, int len) {
            throw new IllegalStateException("not a float buffer");
        }

        /** Copies {@code len} values from {@code src} to index {@code at}; float buffers only (the float path). */
        void putFloats(int at, float[] src, int len) {
            throw new IllegalStateException("not a float buffer");
        }

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

                    void getFloats(int at, float[] dst, int len) {
                        f.get(at, dst, 0, len);
                    }

                    void putFloats(int at, float[] src, int len) {
                        f.put(at, src, 0, len);
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

    private static INDArray detached(DataType type, long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(type, shape, 'c');
        }
    }

    /**
     * Java arrays for one step of a float network: the step's rows are copied in, computed by plain loops (the gate
     * activations and the tanh of the cell as flat loops over the whole step, which C2 vectorises, through
     * {@link FloatTanh}) and copied back. Sized for up to {@code capacity} examples and {@code h} units; a pass of n
     * examples uses the first n rows.
     */
    private static final class FloatStep {
        final int capacity;
        final int h;
        int n;                   // examples in the current pass
        int len;                 // n * 4h, a step's gate values
        int nh;                  // n * h, a step's cell or output values
        final float[] gates;     // [n, 4h] pre-activations, then the activations a | f | o | i
        final float[] bias;      // [n, 4h] the bias, the same on every row (set per pass)
        final float[] scale;     // [n, 4h] 1 on the block input's columns, 1/2 on the sigmoid gates'
        final float[] prevCell;  // [n, h] c_{t-1}; zero without a previous state
        final float[] cell;      // [n, h]
        final float[] tanhCell;  // [n, h]
        final float[] hidden;    // [n, h]
        final float[] eps;       // [n, h] dL/dh from above
        final float[] dRec;      // [n, h] dL/dh from step t+1; zero at the last step
        final float[] carry;     // [n, h] dL/dc_t carried back through f_{t+1}; zero at the last step
        final float[] dGates;    // [n, 4h] dL/dz
        final float[] dBias;     // [4h] this step's bias gradient

        FloatStep(int capacity, int h) {
            this.capacity = capacity;
            this.h = h;
            int n = capacity;
            int len = n * 4 * h;
            gates = new float[len];
            bias = new float[len];
            scale = new float[len];
            dGates = new float[len];
            prevCell = new float[n * h];
            cell = new float[n * h];
            tanhCell = new float[n * h];
            hidden = new float[n * h];
            eps = new float[n * h];
            dRec = new float[n * h];
            carry = new float[n * h];
            dBias = new float[4 * h];
            for (int e = 0; e < n; e++) {
                Arrays.fill(scale, e * 4 * h, e * 4 * h + h, 1f);
                Arrays.fill(scale, e * 4 * h + h, (e + 1) * 4 * h, 0.5f);
            }
        }

        /** Sets the current pass's example count (at most {@link #capacity}). */
        FloatStep use(int n) {
            this.n = n;
            len = n * 4 * h;
            nh = n * h;
            return this;
        }

        /** Reads c_{s-1} of pass p into {@link #prevCell}: the stored state before step 0, zero without one. */
        void readPrevCell(Pass p, int s) {
            if (s > 0) {
                p.bCells.getFloats((s - 1) * nh, prevCell, nh);
            } else if (p.hasState) {
                p.bC0.getFloats(0, prevCell, nh);
            } else {
                Arrays.fill(prevCell, 0f);
            }
        }

        void setBias(double[] b) {
            for (int j = 0; j < b.length; j++) {
                bias[j] = (float) b[j];
            }
            for (int e = 1; e < n; e++) {
                System.arraycopy(bias, 0, bias, e * b.length, b.length);
            }
        }
    }

    /**
     * The arrays of the forward and backward passes, time-major and detached from workspaces. The buffers hold
     * {@code capacity} rows and only grow, so batches of varying length (bucketed text) reuse them; each pass works
     * on its first {@code t * n} rows through arrays over the same buffers.
     */
    private static final class Pass {
        int capacity = -1;   // rows the buffers hold
        int nIn = -1;
        int h = -1;
        DataType type;
        INDArray xAll;       // [capacity, nIn] input
        INDArray gatesAll;   // [capacity, 4H] pre-activations from the GEMMs, then gate activations a | f | o | i
        INDArray cellsAll;   // [capacity, H] c_t (after the mask)
        INDArray tanhAll;    // [capacity, H] tanh of c_t before the mask
        INDArray hiddenAll;  // [capacity, H] h_t (after the mask)
        Buf bGates;
        Buf bCells;
        Buf bTanhCells;
        Buf bHidden;
        // backward buffers, allocated on first use
        INDArray dGatesAll;  // [capacity, 4H] dL/dz
        INDArray dXAll;      // [capacity, nIn] dz x W^T
        INDArray epsAll;     // [capacity, H] dL/dh from above
        Buf bDGates;
        Buf bEps;
        // this pass: n examples, t steps
        int n = -1;
        int t = -1;
        INDArray x;
        INDArray gates;
        INDArray cells;
        INDArray hidden;
        double[] mask;       // [t*n] time-major mask, null when there is none (or it is all ones)
        RepeatedRows repeated; // the input's few distinct rows (an embedding of a small vocabulary); null otherwise
        boolean hasState;
        INDArray h0;         // [N, H] initial state (valid when hasState)
        INDArray c0;
        Buf bC0;
        INDArray dRec;       // [N, H] dz_{t+1} x RW^T
        Buf bDRec;
        double[] carry;      // [N*H] dL/dc_{t} carried back through f_{t+1}
        // the [N, width] rows of each step, made once per buffer and batch size (each view costs native calls)
        INDArray[] gateSteps = new INDArray[0];
        INDArray[] hiddenSteps = new INDArray[0];
        INDArray[] dGateSteps = new INDArray[0];
        FloatStep floats;    // float networks: the step arrays of the float path

        /** The float path's step arrays for this pass's batch size. */
        FloatStep floatStep() {
            if (floats == null || floats.capacity < n || floats.h != h) {
                floats = new FloatStep(n, h);
            }
            return floats.use(n);
        }

        void ensure(int n, int t, int nIn, int h, DataType type) {
            int rows = Math.multiplyExact(t, n);
            if (nIn != this.nIn || h != this.h || type != this.type || rows > capacity) {
                int grown = nIn == this.nIn && h == this.h && type == this.type ? capacity + capacity / 2 : 0;
                capacity = Math.max(rows, grown);
                xAll = detached(type, new long[]{capacity, nIn});
                gatesAll = detached(type, new long[]{capacity, 4L * h});
                cellsAll = detached(type, new long[]{capacity, h});
                tanhAll = detached(type, new long[]{capacity, h});
                hiddenAll = detached(type, new long[]{capacity, h});
                bGates = Buf.of(gatesAll);
                bCells = Buf.of(cellsAll);
                bTanhCells = Buf.of(tanhAll);
                bHidden = Buf.of(hiddenAll);
                dGatesAll = null;
                gateSteps = new INDArray[0];
                hiddenSteps = new INDArray[0];
                dGateSteps = new INDArray[0];
                this.nIn = nIn;
                this.h = h;
                this.type = type;
                this.n = -1;
            }
            if (n != this.n) {
                h0 = detached(type, new long[]{n, h});
                c0 = detached(type, new long[]{n, h});
                bC0 = Buf.of(c0);
                dRec = null;
                gateSteps = new INDArray[0];
                hiddenSteps = new INDArray[0];
                dGateSteps = new INDArray[0];
                this.t = -1;
            }
            this.n = n;
            if (t != this.t) {
                this.t = t;
                x = first(xAll, rows);
                gates = first(gatesAll, rows);
                cells = first(cellsAll, rows);
                hidden = first(hiddenAll, rows);
            }
        }

        INDArray gateStep(int s) {
            return step(gateSteps = grown(gateSteps), gatesAll, s);
        }

        INDArray hiddenStep(int s) {
            return step(hiddenSteps = grown(hiddenSteps), hiddenAll, s);
        }

        INDArray dGateStep(int s) {
            return step(dGateSteps = grown(dGateSteps), dGatesAll, s);
        }

        private INDArray[] grown(INDArray[] views) {
            return views.length >= t ? views : Arrays.copyOf(views, t);
        }

        /** Rows [s*n, (s+1)*n) of a buffer, cached in {@code views}. */
        private INDArray step(INDArray[] views, INDArray all, int s) {
            if (views[s] == null) {
                long w = all.size(1);
                views[s] = Nd4j.create(all.data(), new long[]{n, w}, new long[]{w, 1}, (long) s * n * w, 'c');
            }
            return views[s];
        }

        void ensureBackward() {
            if (dGatesAll == null) {
                dGatesAll = detached(type, new long[]{capacity, 4L * h});
                dGateSteps = new INDArray[0];
                dXAll = detached(type, new long[]{capacity, nIn});
                epsAll = detached(type, new long[]{capacity, h});
                bDGates = Buf.of(dGatesAll);
                bEps = Buf.of(epsAll);
            }
            if (dRec == null) {
                dRec = detached(type, new long[]{n, h});
                bDRec = Buf.of(dRec);
                carry = new double[n * h];
            }
        }

        /** The first {@code rows} rows of a buffer as a [rows, width] array over the same memory. */
        static INDArray first(INDArray all, long rows) {
            long w = all.size(1);
            return Nd4j.create(all.data(), new long[]{rows, w}, new long[]{w, 1}, 0L, 'c');
        }

        /** The first {@code t * n} rows of a buffer as a [t, n, width] array over the same memory. */
        INDArray steps(INDArray all) {
            long w = all.size(1);
            return Nd4j.create(all.data(), new long[]{t, n, w}, new long[]{n * w, w, 1}, 0L, 'c');
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

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double tanh(double z) {
        return 1 - 2 / (Math.exp(2 * z) + 1);
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
    private INDArray forward(Pass p, boolean training, INDArray h0, INDArray c0, LayerWorkspaceMgr workspaceMgr) {
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
                forwardStepFloat(p, s);
            } else {
                forwardStep(p, s, bias);
            }
        }
        // [H, T, N] in memory: the [N, H, T] (or [N, T, H]) view reshapes to the [T*N, H] matrix of an output
        // layer (DL4J's RnnOutputLayer reads 'f' order, rows n + N*t) without a copy
        INDArray hMajor = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[]{h, t, n}, 'c');
        INDArray out = nwc() ? hMajor.permute(2, 1, 0) : hMajor.permute(2, 0, 1);
        if (!transposeHidden(p, hMajor)) {
            toTimeMajor(out).assign(p.steps(p.hiddenAll));
        }
        return out;
    }

    /**
     * Writes the time-major hidden states [T*N, H] into the [H, T*N] output in Java, one step's [N, H] block at a
     * time (the block fits in cache; ND4J's assign of the permuted view took 6 ms for the book's char model, this
     * under 2). Float arrays whose buffers are whole only; returns false otherwise (the caller assigns).
     */
    private static boolean transposeHidden(Pass p, INDArray hMajor) {
        if (p.type != DataType.FLOAT || hMajor.isView() || hMajor.offset() != 0
                || hMajor.data().length() != hMajor.length()) {
            return false;
        }
        int n = p.n;
        int h = p.h;
        int rows = p.t * n;
        FloatBuffer src = p.hiddenAll.data().asNioFloat();
        FloatBuffer dst = hMajor.data().asNioFloat();
        float[] block = new float[n * h];
        float[] run = new float[n];
        for (int s = 0; s < p.t; s++) {
            src.get(s * n * h, block, 0, n * h);
            for (int k = 0; k < h; k++) {
                for (int e = 0; e < n; e++) {
                    run[e] = block[e * h + k];
                }
                dst.put(k * rows + s * n, run, 0, n);
            }
        }
        return true;
    }

    /**
     * Bias, activations, cell and output of step s, in place in the step's rows. Where the mask is m, the cell and
     * output are multiplied by m after the step, as DL4J's LSTM does (m = 0: the state restarts from zero).
     */
    private static void forwardStep(Pass p, int s, double[] bias) {
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
            double m = p.mask == null ? 1 : p.mask[row];
            if (m == 0) {
                for (int k = 0; k < h; k++) {
                    p.bCells.put(ci + k, 0);
                    p.bHidden.put(ci + k, 0);
                }
                continue;
            }
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
                p.bCells.put(ci + k, m * c);
                p.bTanhCells.put(ci + k, tc);
                p.bHidden.put(ci + k, m * o * tc);
            }
        }
    }

    /**
     * {@link #forwardStep} for float networks, in float: the step's [N, 4H] block activated in one flat loop
     * (tanh on the block input's columns, {@code sigmoid(z) = (1 + tanh(z / 2)) / 2} on the gates'), the cell
     * updated, its tanh taken in another flat loop, then the output; the mask as there.
     */
    private static void forwardStepFloat(Pass p, int s) {
        FloatStep f = p.floatStep();
        int n = f.n;
        int h = f.h;
        int w = 4 * h;
        int len = f.len;
        int nh = f.nh;
        float[] g = f.gates;
        p.bGates.getFloats(s * len, g, len);
        FloatTanh.gates(g, f.bias, f.scale, g, len);
        f.readPrevCell(p, s);
        float[] prev = f.prevCell;
        float[] c = f.cell;
        for (int e = 0; e < n; e++) {
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                c[ci + k] = g[gi + h + k] * prev[ci + k] + g[gi + 3 * h + k] * g[gi + k];
            }
        }
        float[] tc = f.tanhCell;
        FloatTanh.tanh(c, tc, nh);
        float[] out = f.hidden;
        for (int e = 0; e < n; e++) {
            int gi = e * w + 2 * h;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                out[ci + k] = g[gi + k] * tc[ci + k];
            }
        }
        if (p.mask != null) {
            for (int e = 0; e < n; e++) {
                float m = (float) p.mask[s * n + e];
                for (int k = e * h; k < (e + 1) * h; k++) {
                    c[k] = m == 0 ? 0 : m * c[k];
                    out[k] = m == 0 ? 0 : m * out[k];
                }
            }
        }
        p.bGates.putFloats(s * len, g, len);
        p.bCells.putFloats(s * nh, c, nh);
        p.bTanhCells.putFloats(s * nh, tc, nh);
        p.bHidden.putFloats(s * nh, out, nh);
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
        p.ensureBackward();
        p.steps(p.epsAll).assign(toTimeMajor(epsilon));
        INDArray dGates = Pass.first(p.dGatesAll, (long) t * n);
        double[] db = new double[4 * h];
        boolean floatPath = p.type == DataType.FLOAT;
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Nd4j.gemm(p.dGateStep(s + 1), rw, p.dRec, false, true, 1.0, 0.0);
            }
            if (floatPath) {
                backwardStepFloat(p, s, db);
            } else {
                backwardStep(p, s, db);
            }
        }
        INDArray gW = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray gRW = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray gB = gradientViews.get(LSTMParamInitializer.BIAS_KEY);
        RepeatedRows repeated = p.repeated;
        boolean shortened = repeated != null && layerConf().isEmbeddingInput() && p.mask == null
                && layerConf().getIDropout() == null;
        INDArray dX = Pass.first(p.dXAll, (long) t * n);
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
            Nd4j.gemm(Pass.first(p.hiddenAll, (long) (t - 1) * n), dGates.get(interval(n, (long) t * n), all()), gRW,
                    true, false, 1.0, 0.0);
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

    /**
     * Gate derivatives dL/dz of step s from dL/dh (from above and, via dRec, from step s+1); adds to db. With a mask
     * m the step's output and cell were multiplied by m, so their gradients are too (m = 0: all zero).
     */
    private static void backwardStep(Pass p, int s, double[] db) {
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
            double m = p.mask == null ? 1 : p.mask[row];
            if (m == 0) {
                for (int k = 0; k < 4 * h; k++) {
                    d.put(gi + k, 0);
                }
                Arrays.fill(carry, e * h, (e + 1) * h, 0);
                continue;
            }
            for (int k = 0; k < h; k++) {
                double dh = m * (p.bEps.get(ci + k) + (last ? 0 : p.bDRec.get(e * h + k)));
                double a = g.get(gi + k);
                double f = g.get(gi + h + k);
                double o = g.get(gi + 2 * h + k);
                double i = g.get(gi + 3 * h + k);
                double tc = p.bTanhCells.get(ci + k);
                double dO = dh * tc * (o * (1 - o));
                double dc = dh * o * (1 - tc * tc) + (last ? 0 : m * carry[e * h + k]);
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

    /**
     * {@link #backwardStep} for float networks, in float over the step's arrays. Without a next step the carried
     * gradients are zero, and without a previous cell {@code c_{t-1}} is, so the loop has no cases; a mask m
     * multiplies the step's dL/dh and carried dL/dc (m = 0: the step's gradients are zero).
     */
    private static void backwardStepFloat(Pass p, int s, double[] db) {
        FloatStep f = p.floatStep();
        int h = f.h;
        int w = 4 * h;
        float[] g = f.gates;
        float[] tc = f.tanhCell;
        float[] eps = f.eps;
        float[] dRec = f.dRec;
        float[] carry = f.carry;
        float[] d = f.dGates;
        float[] dBias = f.dBias;
        p.bGates.getFloats(s * f.len, g, f.len);
        p.bTanhCells.getFloats(s * f.nh, tc, f.nh);
        p.bEps.getFloats(s * f.nh, eps, f.nh);
        if (s == p.t - 1) {
            Arrays.fill(dRec, 0f);
            Arrays.fill(carry, 0f);
        } else {
            p.bDRec.getFloats(0, dRec, f.nh);
        }
        f.readPrevCell(p, s);
        float[] prev = f.prevCell;
        Arrays.fill(dBias, 0f);
        for (int e = 0; e < f.n; e++) {
            float m = p.mask == null ? 1 : (float) p.mask[s * f.n + e];
            int gi = e * w;
            int ci = e * h;
            for (int k = 0; k < h; k++) {
                float a = g[gi + k];
                float fg = g[gi + h + k];
                float o = g[gi + 2 * h + k];
                float i = g[gi + 3 * h + k];
                float tck = tc[ci + k];
                float dh = m * (eps[ci + k] + dRec[ci + k]);
                float dO = dh * tck * (o * (1 - o));
                float dc = dh * o * (1 - tck * tck) + m * carry[ci + k];
                float df = dc * prev[ci + k] * (fg * (1 - fg));
                float di = dc * a * (i * (1 - i));
                float da = dc * i * (1 - a * a);
                carry[ci + k] = dc * fg;
                d[gi + k] = da;
                d[gi + h + k] = df;
                d[gi + 2 * h + k] = dO;
                d[gi + 3 * h + k] = di;
            }
            for (int j = 0; j < w; j++) {
                dBias[j] += d[gi + j];
            }
        }
        p.bDGates.putFloats(s * f.len, d, f.len);
        for (int j = 0; j < w; j++) {
            db[j] += dBias[j];
        }
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
