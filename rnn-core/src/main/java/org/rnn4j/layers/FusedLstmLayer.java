package org.rnn4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
 * <p>The GEMMs, buffers and masks are {@link FusedRecurrentLayer}'s; the per-step element-wise passes are
 * {@link FloatLstmStep} (float networks, through {@link FloatTanh}) and {@link DoubleLstmStep} (double networks,
 * with {@link Math#exp}, for gradient checks). A mask set on the layer multiplies each step's cell and output (DL4J's
 * LSTM applies such a mask in its forward pass only, so its gradients agree with these for right padding but leak
 * into masked steps elsewhere). The stored state of {@code rnnTimeStep} is DL4J's: the output and the cell.
 */
public final class FusedLstmLayer extends FusedRecurrentLayer<FusedLstm> {
    /** State key of the cell, the same as DL4J's LSTM. */
    public static final String STATE_MEMORY = org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL;

    public FusedLstmLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    int gateCount() {
        return RecurrentPass.LSTM;
    }

    @Override
    void loadState(RecurrentPass p, Map<String, INDArray> state) {
        INDArray c0 = state.get(STATE_MEMORY);
        if (c0 == null) {
            throw new IllegalArgumentException(name() + " layer " + layerId() + ": the stored state has no cell ("
                    + STATE_MEMORY + ")");
        }
        super.loadState(p, state);
        p.c0.assign(c0);
    }

    @Override
    void storeLastState(RecurrentPass p, Map<String, INDArray> state) {
        super.storeLastState(p, state);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            state.put(STATE_MEMORY, p.cells.get(interval((long) (p.t - 1) * p.n, (long) p.t * p.n), all()).dup('c'));
        }
    }

    @Override
    void forwardStep(RecurrentPass p, int s, double[] bias) {
        int n = p.n;
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            readForward(p, s, f);
            FloatLstmStep.forward(f, p.mask, s * n);
            writeForward(p, s, f);
        } else {
            DoubleStepArrays d = p.doubleStep();
            readForward(p, s, d);
            DoubleLstmStep.forward(d, bias, p.mask, s * n, s > 0 || p.hasState);
            writeForward(p, s, d);
        }
    }

    @Override
    void backwardStep(RecurrentPass p, int s, double[] db) {
        int n = p.n;
        int t = p.t;
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            readBackward(p, s, f);
            FloatLstmStep.backward(f, p.mask, s * n, db);
            p.bDGates.put(s * f.len, f.dGates, f.len);
        } else {
            DoubleStepArrays d = p.doubleStep();
            readBackward(p, s, d);
            DoubleLstmStep.backward(d, p.mask, s * n, s > 0 || p.hasState, s == t - 1, db);
            p.bDGates.put(s * d.len, d.dGates, d.len);
        }
    }

    /** Float path, forward step s: its pre-activations and c_{s-1} into {@code f}. */
    private static void readForward(RecurrentPass p, int s, FloatStepArrays f) {
        p.bGates.get(s * f.len, f.gates, f.len);
        if (s > 0) {
            p.bCells.get((s - 1) * f.nh, f.prevCell, f.nh);
        } else if (p.hasState) {
            p.bC0.get(0, f.prevCell, f.nh);
        } else {
            Arrays.fill(f.prevCell, 0f);
        }
    }

    /** Float path, forward step s: its activations, cell and output from {@code f}. */
    private static void writeForward(RecurrentPass p, int s, FloatStepArrays f) {
        p.bGates.put(s * f.len, f.gates, f.len);
        p.bCells.put(s * f.nh, f.cell, f.nh);
        p.bHidden.put(s * f.nh, f.hidden, f.nh);
    }

    /**
     * Float path, backward step s: its activations, c_{s-1}, tanh(c_s) (recomputed), dL/dh from above and from step
     * s+1 into {@code f}; at the last step (the first one back) the gradients from step s+1, {@code f.dRec} and
     * {@code f.carry}, are zero.
     */
    private static void readBackward(RecurrentPass p, int s, FloatStepArrays f) {
        readForward(p, s, f);
        FloatLstmStep.cellAndTanh(f);
        p.eps.get(s, f.eps);
        if (s == p.t - 1) {
            Arrays.fill(f.dRec, 0f);
            Arrays.fill(f.carry, 0f);
        } else {
            p.bDRec.get(0, f.dRec, f.nh);
        }
    }

    /** Double path, forward step s: its pre-activations and, where there is one, c_{s-1} into {@code d}. */
    private static void readForward(RecurrentPass p, int s, DoubleStepArrays d) {
        p.bGates.get(s * d.len, d.gates, d.len);
        if (s > 0) {
            p.bCells.get((s - 1) * d.nh, d.prevCell, d.nh);
        } else if (p.hasState) {
            p.bC0.get(0, d.prevCell, d.nh);
        }
    }

    /** Double path, forward step s: its activations, cell and output from {@code d}. */
    private static void writeForward(RecurrentPass p, int s, DoubleStepArrays d) {
        p.bGates.put(s * d.len, d.gates, d.len);
        p.bCells.put(s * d.nh, d.cell, d.nh);
        p.bHidden.put(s * d.nh, d.hidden, d.nh);
    }

    /** Double path, backward step s: as for the float path, but the kernel ignores dRec and carry at the last step. */
    private static void readBackward(RecurrentPass p, int s, DoubleStepArrays d) {
        readForward(p, s, d);
        p.eps.get(s, d.eps);
        if (s < p.t - 1) {
            p.bDRec.get(0, d.dRec, d.nh);
        }
    }
}
