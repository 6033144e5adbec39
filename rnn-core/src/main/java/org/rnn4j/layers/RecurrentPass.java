package org.rnn4j.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of one pass of a fused recurrent layer ({@link FusedRecurrentLayer}: LSTM, GRU or vanilla RNN), forward
 * and backward: ND4J buffers, time-major (row {@code t*N + n} for example n at step t, so a step's rows are one
 * contiguous block) and detached from workspaces, that the layer's GEMMs read and write, and the Java step arrays
 * ({@link FloatStepArrays}, {@link DoubleStepArrays}) the kernels compute in. The layers copy a step's rows between
 * the two through the {@link Buf}s here.
 *
 * <p>The buffers hold {@link #capacity} rows, the most a pass has needed, and only grow (to exactly the rows needed,
 * freeing the outgrown ones at once), so batches of varying length (bucketed text) reuse them; each pass works on
 * its first {@code t * n} rows through arrays over the same buffers. A training pass keeps them for the backward
 * pass, which therefore does not recompute the forward pass.
 *
 * <p>What the buffers hold depends on the cell ({@link #gateCount} blocks of H columns per row):
 * <ul>
 *   <li>LSTM (4): gates a | f | o | i; {@code cellsAll} c_t (the backward pass recomputes tanh(c_t) from the
 *       gates and c_{t-1});</li>
 *   <li>GRU (3): gates r | z | n (the input projection, then the activations); {@code cellsAll} the recurrent term
 *       of the new gate, {@code W_hn h_{t-1} + b_hn}; {@code recStep} one step's recurrent projection
 *       {@code h_{t-1} RW}; {@code dRecGatesAll} the gradient of that projection (its n block differs from the
 *       input side's);</li>
 *   <li>vanilla RNN (1): the output's tanh.</li>
 * </ul>
 */
final class RecurrentPass {
    static final int LSTM = 4;
    static final int GRU = 3;
    static final int RNN = 1;

    int capacity = -1;   // rows the buffers hold
    int nIn = -1;
    int h = -1;
    int gateCount = -1;  // LSTM, GRU or RNN
    DataType type;
    INDArray xAll;       // [capacity, nIn] input
    INDArray gatesAll;   // [capacity, gateCount*H] pre-activations from the GEMMs, then the activations
    INDArray cellsAll;   // [capacity, H] LSTM: c_t (after the mask); GRU: W_hn h_{t-1} + b_hn; RNN: none
    INDArray hiddenAll;  // [capacity, H] h_t (after the mask)
    Buf bGates;
    Buf bCells;
    Buf bHidden;
    // backward buffers, allocated on first use
    INDArray dGatesAll;  // [capacity, gateCount*H] dL/dz of the input projection: gatesAll, overwritten step by step
    INDArray dRecGatesAll; // GRU: [capacity, 3H] dL/d(h_{t-1} RW); the others: dGatesAll
    INDArray dXAll;      // [capacity, nIn] dz x W^T: xAll, overwritten after the weight gradient
    Buf bDGates;
    Buf bDRecGates;
    StepRows eps;        // dL/dh from above, during a backward pass (read where the layer above left it)
    // this pass: n examples, t steps
    int n = -1;
    int t = -1;
    INDArray x;
    INDArray gates;
    INDArray cells;
    double[] mask;       // [t*n] time-major mask, null when there is none (or it is all ones)
    RepeatedRows repeated; // the input's few distinct rows (an embedding of a small vocabulary); null otherwise
    boolean hasState;
    INDArray h0;         // [N, H] initial state (valid when hasState)
    INDArray c0;         // LSTM: [N, H] initial cell
    Buf bH0;
    Buf bC0;
    INDArray recStep;    // GRU: [N, 3H] one step's h_{t-1} RW
    Buf bRecStep;
    INDArray dRec;       // [N, H] dz_{t+1} x RW^T
    Buf bDRec;
    // the [N, width] rows of each step, made once per buffer and batch size (each view costs native calls)
    private INDArray[] gateSteps = new INDArray[0];
    private INDArray[] hiddenSteps = new INDArray[0];
    private INDArray[] dGateSteps = new INDArray[0];
    private FloatStepArrays floats;    // float networks: the step arrays of the float path
    private DoubleStepArrays doubles;  // double networks: those of the double path

    /** The float path's step arrays for this pass's batch size. */
    FloatStepArrays floatStep() {
        if (floats == null || floats.capacity < n || floats.h != h || floats.gateCount != gateCount) {
            floats = new FloatStepArrays(n, h, gateCount);
        }
        return floats.use(n);
    }

    /** The double path's step arrays for this pass's batch size. */
    DoubleStepArrays doubleStep() {
        if (doubles == null || doubles.capacity < n || doubles.h != h || doubles.gateCount != gateCount) {
            doubles = new DoubleStepArrays(n, h, gateCount);
        }
        return doubles.use(n);
    }

    /** Sizes the buffers for a pass of n examples, t steps, nIn inputs, h units and a cell of {@code gates} blocks. */
    void ensure(int n, int t, int nIn, int h, DataType type, int gates) {
        int rows = Math.multiplyExact(t, n);
        boolean same = nIn == this.nIn && h == this.h && type == this.type && gates == gateCount;
        if (!same || rows > capacity) {
            // exactly the rows needed: no headroom, which would stay resident for the rest of the run (a new
            // longest batch is rare after the first few, so the reallocations cost little)
            capacity = rows;
            release(xAll, gatesAll, hiddenAll, cellsAll, dGatesAll, dRecGatesAll, dXAll);
            dRecGatesAll = null;
            dXAll = null;
            gateCount = gates;
            xAll = detached(type, new long[]{capacity, nIn});
            gatesAll = detached(type, new long[]{capacity, (long) gates * h});
            hiddenAll = detached(type, new long[]{capacity, h});
            cellsAll = gates == RNN ? null : detached(type, new long[]{capacity, h});
            bGates = new Buf(gatesAll);
            bCells = cellsAll == null ? null : new Buf(cellsAll);
            bHidden = new Buf(hiddenAll);
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
            release(h0, c0, recStep, dRec);
            h0 = detached(type, new long[]{n, h});
            bH0 = new Buf(h0);
            c0 = detached(type, new long[]{n, h});
            bC0 = new Buf(c0);
            recStep = gates == GRU ? detached(type, new long[]{n, 3L * h}) : null;
            bRecStep = recStep == null ? null : new Buf(recStep);
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
            this.gates = first(gatesAll, rows);
            cells = cellsAll == null ? null : first(cellsAll, rows);
        }
    }

    /** Allocates the backward pass's buffers where they are missing (after {@link #ensure}). */
    void ensureBackward() {
        if (dGatesAll == null) {
            // In place, to halve the largest buffers: the backward pass reads a step's gate activations only at
            // that step, before writing its gate gradients over them; and it reads the input only for the weight
            // gradient, before the input gradient is written over it. The layer therefore runs a new forward pass
            // before another backward pass (FusedRecurrentLayer.backprop).
            dGatesAll = gatesAll;
            dRecGatesAll = gateCount == GRU ? detached(type, new long[]{capacity, (long) gateCount * h}) : dGatesAll;
            dGateSteps = new INDArray[0];
            dXAll = xAll;
            bDGates = new Buf(dGatesAll);
            bDRecGates = new Buf(dRecGatesAll);
        }
        if (dRec == null) {
            dRec = detached(type, new long[]{n, h});
            bDRec = new Buf(dRec);
        }
    }

    /** Step s's rows of the buffer the recurrent GEMM writes: the gates (LSTM, RNN) or {@link #recStep} (GRU). */
    INDArray recurrentTarget(int s) {
        return gateCount == GRU ? recStep : gateStep(s);
    }

    INDArray gateStep(int s) {
        return step(gateSteps = grown(gateSteps), gatesAll, s);
    }

    INDArray hiddenStep(int s) {
        return step(hiddenSteps = grown(hiddenSteps), hiddenAll, s);
    }

    /** Step s's rows of the gradient of the recurrent projection, {@code dRecGatesAll}. */
    INDArray dRecGateStep(int s) {
        return step(dGateSteps = grown(dGateSteps), dRecGatesAll, s);
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

    /**
     * Writes the time-major hidden states [T*N, H] into the [H, T*N] output in Java, one step's [N, H] block at a
     * time (the block fits in cache; ND4J's assign of the permuted view took 6 ms for the book's char model, this
     * under 2). Float arrays whose buffers are whole only; returns false otherwise (the caller assigns).
     */
    boolean transposeHidden(INDArray hMajor) {
        if (type != DataType.FLOAT || !whole(hMajor)) {
            return false;
        }
        int rows = t * n;
        FloatBuffer src = hiddenAll.data().asNioFloat();
        FloatBuffer dst = hMajor.data().asNioFloat();
        float[] block = new float[n * h];
        float[] run = new float[n];
        for (int s = 0; s < t; s++) {
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
     * Frees outgrown buffers now rather than when the garbage collector finds them: their memory is native, which
     * the Java heap's size does not show, so a collector can leave several generations of a long batch's buffers
     * (hundreds of MB for the sentiment model's longest reviews) waiting. Only this pass refers to them: every
     * array over them is remade after a change of size. (An array may be listed twice: GRU-less cells share
     * {@code dRecGatesAll} with {@code dGatesAll}.)
     */
    private static void release(INDArray... buffers) {
        for (INDArray b : buffers) {
            if (b != null && !b.wasClosed() && b.closeable()) {
                b.close();
            }
        }
    }

    private static INDArray detached(DataType type, long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(type, shape, 'c');
        }
    }

    /** Whether an array covers its whole buffer from its start (so its NIO view starts at its first value). */
    static boolean whole(INDArray a) {
        return !a.isView() && a.offset() == 0 && a.data().length() == a.length();
    }

    /**
     * A [T, N, H] array read one step's [N, H] rows at a time into a Java array, whatever its strides: the layer's
     * incoming gradient read where the layer above left it (DL4J's [N, H, T] in 'c' or 'f' order, or [N, T, H])
     * rather than copied into a time-major buffer first ([T*N, H] values less at the longest batch).
     */
    static final class StepRows {
        private final FloatBuffer floats;    // null in a double network
        private final DoubleBuffer doubles;  // null in a float network
        private final int n;
        private final int h;
        private final long stepStride;
        private final int exampleStride;
        private final int unitStride;
        private float[] block;               // one step of an 'f'-order array, before its transposition

        /** @param timeMajor a [T, N, H] view of an array that {@link #whole covers its buffer} */
        StepRows(INDArray timeMajor) {
            floats = timeMajor.dataType() == DataType.FLOAT ? timeMajor.data().asNioFloat() : null;
            doubles = floats == null ? timeMajor.data().asNioDouble() : null;
            n = (int) timeMajor.size(1);
            h = (int) timeMajor.size(2);
            stepStride = timeMajor.stride(0);
            exampleStride = (int) timeMajor.stride(1);
            unitStride = (int) timeMajor.stride(2);
        }

        /** Step s's rows, example-major ({@code dst[e*H + k]}). */
        void get(int s, float[] dst) {
            int base = (int) (s * stepStride);
            if (unitStride == 1 && exampleStride == h) {
                floats.get(base, dst, 0, n * h);
                return;
            }
            if (exampleStride == 1 && unitStride == n) {
                // DL4J's 'f' order [N, H, T]: the step is one contiguous [H, N] block, read at once and transposed
                if (block == null || block.length < n * h) {
                    block = new float[n * h];
                }
                floats.get(base, block, 0, n * h);
                for (int k = 0; k < h; k++) {
                    for (int e = 0; e < n; e++) {
                        dst[e * h + k] = block[k * n + e];
                    }
                }
                return;
            }
            for (int e = 0; e < n; e++) {
                int at = base + e * exampleStride;
                for (int k = 0; k < h; k++) {
                    dst[e * h + k] = floats.get(at + k * unitStride);
                }
            }
        }

        void get(int s, double[] dst) {
            int base = (int) (s * stepStride);
            for (int e = 0; e < n; e++) {
                int at = base + e * exampleStride;
                for (int k = 0; k < h; k++) {
                    dst[e * h + k] = doubles.get(at + k * unitStride);
                }
            }
        }
    }

    /** Bulk copies between Java arrays and the float (float network) or double buffer of a whole array of ours. */
    static final class Buf {
        private final FloatBuffer floats;    // null in a double network
        private final DoubleBuffer doubles;  // null in a float network

        Buf(INDArray a) {
            if (!whole(a)) {
                throw new IllegalStateException("not a whole buffer");
            }
            floats = a.dataType() == DataType.FLOAT ? a.data().asNioFloat() : null;
            doubles = floats == null ? a.data().asNioDouble() : null;
        }

        /** Copies {@code len} values from index {@code at} into {@code dst}. */
        void get(int at, float[] dst, int len) {
            floats.get(at, dst, 0, len);
        }

        /** Copies {@code len} values from {@code src} to index {@code at}. */
        void put(int at, float[] src, int len) {
            floats.put(at, src, 0, len);
        }

        void get(int at, double[] dst, int len) {
            doubles.get(at, dst, 0, len);
        }

        void put(int at, double[] src, int len) {
            doubles.put(at, src, 0, len);
        }
    }
}
