package org.rnn4j.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The arrays of one {@link FusedLstmLayer} pass, forward and backward: ND4J buffers, time-major (row {@code t*N + n}
 * for example n at step t, so a step's rows are one contiguous block) and detached from workspaces, that the
 * layer's GEMMs read and write, and the Java step arrays ({@link FloatStepArrays}, {@link DoubleStepArrays}) the
 * kernels compute in, with the copies between the two ({@link #readForward}, {@link #writeForward},
 * {@link #readBackward}, {@link #writeBackward}).
 *
 * <p>The buffers hold {@link #capacity} rows and only grow, so batches of varying length (bucketed text) reuse them;
 * each pass works on its first {@code t * n} rows through arrays over the same buffers. A training pass keeps them
 * for the backward pass, which therefore does not recompute the forward pass.
 */
final class LstmPass {
    int capacity = -1;   // rows the buffers hold
    int nIn = -1;
    int h = -1;
    DataType type;
    INDArray xAll;       // [capacity, nIn] input
    INDArray gatesAll;   // [capacity, 4H] pre-activations from the GEMMs, then gate activations a | f | o | i
    INDArray cellsAll;   // [capacity, H] c_t (after the mask)
    INDArray tanhAll;    // [capacity, H] tanh of c_t before the mask
    INDArray hiddenAll;  // [capacity, H] h_t (after the mask)
    private Buf bGates;
    private Buf bCells;
    private Buf bTanhCells;
    private Buf bHidden;
    // backward buffers, allocated on first use
    INDArray dGatesAll;  // [capacity, 4H] dL/dz
    INDArray dXAll;      // [capacity, nIn] dz x W^T
    INDArray epsAll;     // [capacity, H] dL/dh from above
    private Buf bDGates;
    private Buf bEps;
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
    private Buf bC0;
    INDArray dRec;       // [N, H] dz_{t+1} x RW^T
    private Buf bDRec;
    // the [N, width] rows of each step, made once per buffer and batch size (each view costs native calls)
    private INDArray[] gateSteps = new INDArray[0];
    private INDArray[] hiddenSteps = new INDArray[0];
    private INDArray[] dGateSteps = new INDArray[0];
    private FloatStepArrays floats;    // float networks: the step arrays of the float path
    private DoubleStepArrays doubles;  // double networks: those of the double path

    /** The float path's step arrays for this pass's batch size. */
    FloatStepArrays floatStep() {
        if (floats == null || floats.capacity < n || floats.h != h) {
            floats = new FloatStepArrays(n, h);
        }
        return floats.use(n);
    }

    /** The double path's step arrays for this pass's batch size. */
    DoubleStepArrays doubleStep() {
        if (doubles == null || doubles.capacity < n || doubles.h != h) {
            doubles = new DoubleStepArrays(n, h);
        }
        return doubles.use(n);
    }

    /** Sizes the buffers for a pass of n examples, t steps, nIn inputs and h units. */
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
            bGates = new Buf(gatesAll);
            bCells = new Buf(cellsAll);
            bTanhCells = new Buf(tanhAll);
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
            h0 = detached(type, new long[]{n, h});
            c0 = detached(type, new long[]{n, h});
            bC0 = new Buf(c0);
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

    /** Allocates the backward pass's buffers where they are missing (after {@link #ensure}). */
    void ensureBackward() {
        if (dGatesAll == null) {
            dGatesAll = detached(type, new long[]{capacity, 4L * h});
            dGateSteps = new INDArray[0];
            dXAll = detached(type, new long[]{capacity, nIn});
            epsAll = detached(type, new long[]{capacity, h});
            bDGates = new Buf(dGatesAll);
            bEps = new Buf(epsAll);
        }
        if (dRec == null) {
            dRec = detached(type, new long[]{n, h});
            bDRec = new Buf(dRec);
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

    /** Float path, forward step s: its pre-activations and c_{s-1} into {@code f}. */
    void readForward(int s, FloatStepArrays f) {
        bGates.get(s * f.len, f.gates, f.len);
        if (s > 0) {
            bCells.get((s - 1) * f.nh, f.prevCell, f.nh);
        } else if (hasState) {
            bC0.get(0, f.prevCell, f.nh);
        } else {
            Arrays.fill(f.prevCell, 0f);
        }
    }

    /** Float path, forward step s: its activations, cell, tanh of the cell and output from {@code f}. */
    void writeForward(int s, FloatStepArrays f) {
        bGates.put(s * f.len, f.gates, f.len);
        bCells.put(s * f.nh, f.cell, f.nh);
        bTanhCells.put(s * f.nh, f.tanhCell, f.nh);
        bHidden.put(s * f.nh, f.hidden, f.nh);
    }

    /**
     * Float path, backward step s: its activations, c_{s-1}, dL/dh from above and from step s+1 into {@code f}; at
     * the last step (the first one back) the gradients from step s+1, {@code f.dRec} and {@code f.carry}, are zero.
     */
    void readBackward(int s, FloatStepArrays f) {
        readForward(s, f);
        bTanhCells.get(s * f.nh, f.tanhCell, f.nh);
        bEps.get(s * f.nh, f.eps, f.nh);
        if (s == t - 1) {
            Arrays.fill(f.dRec, 0f);
            Arrays.fill(f.carry, 0f);
        } else {
            bDRec.get(0, f.dRec, f.nh);
        }
    }

    /** Float path, backward step s: its gate gradients from {@code f}. */
    void writeBackward(int s, FloatStepArrays f) {
        bDGates.put(s * f.len, f.dGates, f.len);
    }

    /** Double path, forward step s: its pre-activations and, where there is one, c_{s-1} into {@code d}. */
    void readForward(int s, DoubleStepArrays d) {
        bGates.get(s * d.len, d.gates, d.len);
        if (s > 0) {
            bCells.get((s - 1) * d.nh, d.prevCell, d.nh);
        } else if (hasState) {
            bC0.get(0, d.prevCell, d.nh);
        }
    }

    /** Double path, forward step s: its activations, cell, tanh of the cell and output from {@code d}. */
    void writeForward(int s, DoubleStepArrays d) {
        bGates.put(s * d.len, d.gates, d.len);
        bCells.put(s * d.nh, d.cell, d.nh);
        bTanhCells.put(s * d.nh, d.tanhCell, d.nh);
        bHidden.put(s * d.nh, d.hidden, d.nh);
    }

    /** Double path, backward step s: as for the float path, but the kernel ignores dRec and carry at the last step. */
    void readBackward(int s, DoubleStepArrays d) {
        readForward(s, d);
        bTanhCells.get(s * d.nh, d.tanhCell, d.nh);
        bEps.get(s * d.nh, d.eps, d.nh);
        if (s < t - 1) {
            bDRec.get(0, d.dRec, d.nh);
        }
    }

    /** Double path, backward step s: its gate gradients from {@code d}. */
    void writeBackward(int s, DoubleStepArrays d) {
        bDGates.put(s * d.len, d.dGates, d.len);
    }

    /**
     * Writes the time-major hidden states [T*N, H] into the [H, T*N] output in Java, one step's [N, H] block at a
     * time (the block fits in cache; ND4J's assign of the permuted view took 6 ms for the book's char model, this
     * under 2). Float arrays whose buffers are whole only; returns false otherwise (the caller assigns).
     */
    boolean transposeHidden(INDArray hMajor) {
        if (type != DataType.FLOAT || hMajor.isView() || hMajor.offset() != 0
                || hMajor.data().length() != hMajor.length()) {
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

    private static INDArray detached(DataType type, long[] shape) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(type, shape, 'c');
        }
    }

    /** Bulk copies between Java arrays and the float (float network) or double buffer of a whole array of ours. */
    private static final class Buf {
        private final FloatBuffer floats;    // null in a double network
        private final DoubleBuffer doubles;  // null in a float network

        Buf(INDArray a) {
            if (a.isView() || a.offset() != 0) {
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
