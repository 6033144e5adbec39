package org.rnn4j.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The implementation of {@link FusedRnn}: the vanilla (Elman) RNN of DL4J's {@code SimpleRnn} and PyTorch's
 * {@code torch.nn.RNN} with tanh, {@code h_t = tanh(x_t W + h_{t-1} RW + b)}, with {@code W} [nIn, H],
 * {@code RW} [H, H] and {@code b} [1, H] ({@code b_ih + b_hh} in PyTorch's terms). The GEMMs, buffers and masks are
 * {@link FusedRecurrentLayer}'s; the element-wise step is {@link RnnStep}. A mask set on the layer multiplies each
 * step's output, which is also the state the next step reads. The stored state of {@code rnnTimeStep} is the output
 * ({@link #STATE_ACTIVATION}).
 */
public final class FusedRnnLayer extends FusedRecurrentLayer<FusedRnn> {

    public FusedRnnLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    int gateCount() {
        return RecurrentPass.RNN;
    }

    @Override
    void forwardStep(RecurrentPass p, int s, double[] bias) {
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            p.bGates.get(s * f.len, f.gates, f.len);
            RnnStep.forward(f, p.mask, s * p.n);
            p.bGates.put(s * f.len, f.gates, f.len);
            p.bHidden.put(s * f.nh, f.hidden, f.nh);
        } else {
            DoubleStepArrays d = p.doubleStep();
            p.bGates.get(s * d.len, d.gates, d.len);
            RnnStep.forward(d, bias, p.mask, s * p.n);
            p.bGates.put(s * d.len, d.gates, d.len);
            p.bHidden.put(s * d.nh, d.hidden, d.nh);
        }
    }

    @Override
    void backwardStep(RecurrentPass p, int s, double[] db) {
        boolean last = s == p.t - 1;
        if (p.type == DataType.FLOAT) {
            FloatStepArrays f = p.floatStep();
            p.bGates.get(s * f.len, f.gates, f.len);
            p.eps.get(s, f.eps);
            if (last) {
                Arrays.fill(f.dRec, 0f);
            } else {
                p.bDRec.get(0, f.dRec, f.nh);
            }
            RnnStep.backward(f, p.mask, s * p.n, db);
            p.bDGates.put(s * f.len, f.dGates, f.len);
        } else {
            DoubleStepArrays d = p.doubleStep();
            p.bGates.get(s * d.len, d.gates, d.len);
            p.eps.get(s, d.eps);
            if (last) {
                Arrays.fill(d.dRec, 0);
            } else {
                p.bDRec.get(0, d.dRec, d.nh);
            }
            RnnStep.backward(d, p.mask, s * p.n, db);
            p.bDGates.put(s * d.len, d.dGates, d.len);
        }
    }
}
