package org.rnn4j.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The implementation of {@link FusedGru}: a GRU with PyTorch's equations ({@code torch.nn.GRU}), gate columns of
 * {@code W} [nIn, 3H] and {@code RW} [H, 3H] in PyTorch's order reset {@code r}, update {@code z}, new {@code n}:
 *
 * <pre>
 * r_t = sigmoid(x_t W_r + h_{t-1} RW_r + b_r)
 * z_t = sigmoid(x_t W_z + h_{t-1} RW_z + b_z)
 * n_t = tanh(x_t W_n + b_in + r_t * (h_{t-1} RW_n + b_hn))
 * h_t = (1 - z_t) * n_t + z_t * h_{t-1}
 * </pre>
 *
 * with the bias {@code b} [1, 4H] = {@code b_r | b_z | b_in | b_hn} (see {@link FusedGru} for how PyTorch's
 * parameters map to these). The GEMMs, buffers and masks are {@link FusedRecurrentLayer}'s: one input GEMM for all
 * steps, one recurrent GEMM per step written beside the input projection (the new gate needs its recurrent part
 * apart), then the element-wise step {@link FloatGruStep} (float networks) or {@link DoubleGruStep} (double). A mask
 * set on the layer multiplies each step's output, which is also the state the next step reads. The stored state of
 * {@code rnnTimeStep} is the output ({@link #STATE_ACTIVATION}).
 */
public final class FusedGruLayer extends FusedRecurrentLayer<FusedGru> {

    public FusedGruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    int gateCount() {
        return RecurrentPass.GRU;
    }

    @Override
    void forwardStep(RecurrentPass p, int s, double[] bias) {
        boolean prev = s > 0 || p.hasState;
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            p.bGates.get(s * f.len, f.gates, f.len);
            readPrevious(p, s, f);
            if (prev) {
                p.bRecStep.get(0, f.rec, f.len);
            } else {
                Arrays.fill(f.rec, 0f);
            }
            FloatGruStep.forward(f, p.mask, s * p.n);
            p.bGates.put(s * f.len, f.gates, f.len);
            p.bCells.put(s * f.nh, f.hn, f.nh);
            p.bHidden.put(s * f.nh, f.hidden, f.nh);
        } else {
            DoubleStepArrays d = p.doubleStep();
            p.bGates.get(s * d.len, d.gates, d.len);
            readPrevious(p, s, d);
            if (prev) {
                p.bRecStep.get(0, d.rec, d.len);
            } else {
                Arrays.fill(d.rec, 0);
            }
            DoubleGruStep.forward(d, bias, p.mask, s * p.n);
            p.bGates.put(s * d.len, d.gates, d.len);
            p.bCells.put(s * d.nh, d.hn, d.nh);
            p.bHidden.put(s * d.nh, d.hidden, d.nh);
        }
    }

    @Override
    void backwardStep(RecurrentPass p, int s, double[] db) {
        boolean last = s == p.t - 1;
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            p.bGates.get(s * f.len, f.gates, f.len);
            p.bCells.get(s * f.nh, f.hn, f.nh);
            readPrevious(p, s, f);
            p.eps.get(s, f.eps);
            if (last) {
                Arrays.fill(f.dRec, 0f);
                Arrays.fill(f.carry, 0f);
            } else {
                p.bDRec.get(0, f.dRec, f.nh);
            }
            FloatGruStep.backward(f, p.mask, s * p.n, db);
            p.bDGates.put(s * f.len, f.dGates, f.len);
            p.bDRecGates.put(s * f.len, f.dRecGates, f.len);
        } else {
            DoubleStepArrays d = p.doubleStep();
            p.bGates.get(s * d.len, d.gates, d.len);
            p.bCells.get(s * d.nh, d.hn, d.nh);
            readPrevious(p, s, d);
            p.eps.get(s, d.eps);
            if (last) {
                Arrays.fill(d.dRec, 0);
                Arrays.fill(d.carry, 0);
            } else {
                p.bDRec.get(0, d.dRec, d.nh);
            }
            DoubleGruStep.backward(d, p.mask, s * p.n, db);
            p.bDGates.put(s * d.len, d.dGates, d.len);
            p.bDRecGates.put(s * d.len, d.dRecGates, d.len);
        }
    }

    /** h_{s-1} (the stored state at s = 0, zero without one) into {@code f.prevCell}. */
    private static void readPrevious(RecurrentPass p, int s, FloatStepArrays f) {
        if (s > 0) {
            p.bHidden.get((s - 1) * f.nh, f.prevCell, f.nh);
        } else if (p.hasState) {
            p.bH0.get(0, f.prevCell, f.nh);
        } else {
            Arrays.fill(f.prevCell, 0f);
        }
    }

    private static void readPrevious(RecurrentPass p, int s, DoubleStepArrays d) {
        if (s > 0) {
            p.bHidden.get((s - 1) * d.nh, d.prevCell, d.nh);
        } else if (p.hasState) {
            p.bH0.get(0, d.prevCell, d.nh);
        } else {
            Arrays.fill(d.prevCell, 0);
        }
    }
}
