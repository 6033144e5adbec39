package org.rnn4j.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Copies one direction of one layer of a PyTorch {@code nn.GRU}, {@code nn.RNN} (tanh) or {@code nn.LSTM} into a
 * recurrent layer of a DL4J network ({@link FusedGru}, {@link FusedRnn} or DL4J's {@code SimpleRnn},
 * {@link FusedLstm} or DL4J's {@code LSTM}), so that it computes the same function:
 * <ul>
 *   <li>GRU: {@code W = weight_ih^T}, {@code RW = weight_hh^T} (gate order r | z | n in both),
 *       {@code b = b_ir + b_hr | b_iz + b_hz | b_in | b_hn};</li>
 *   <li>RNN: {@code W = weight_ih^T}, {@code RW = weight_hh^T}, {@code b = bias_ih + bias_hh};</li>
 *   <li>LSTM: the same with the summed bias, and the gate blocks reordered from PyTorch's i | f | g | o to DL4J's
 *       a (= g) | f | o | i.</li>
 * </ul>
 * Going back, PyTorch's summed biases may be split any way (all in {@code bias_ih}, say).
 */
public final class TorchWeights {
    /** DL4J's LSTM block j is PyTorch's block {@code LSTM_BLOCKS[j]}. */
    private static final int[] LSTM_BLOCKS = {2, 1, 3, 0};

    private TorchWeights() {
    }

    /**
     * @param layer the DL4J layer (its parameters are overwritten in place)
     * @param weightIh PyTorch's {@code weight_ih_l{k}[_reverse]} [gH, nIn]
     * @param weightHh {@code weight_hh_l{k}[_reverse]} [gH, H]
     * @param biasIh {@code bias_ih_l{k}[_reverse]} [gH]
     * @param biasHh {@code bias_hh_l{k}[_reverse]} [gH]
     * @throws IllegalArgumentException for a layer of another kind or shapes that do not fit
     */
    public static void load(Layer layer, INDArray weightIh, INDArray weightHh, INDArray biasIh, INDArray biasHh) {
        var conf = layer.conf().getLayer();
        INDArray w = layer.getParam("W");
        INDArray rw = layer.getParam("RW");
        INDArray b = layer.getParam("b");
        long h = rw.size(0);
        INDArray bi = biasIh.reshape(biasIh.length()).castTo(b.dataType());
        INDArray bh = biasHh.reshape(biasHh.length()).castTo(b.dataType());
        check(w, weightIh.transpose(), "weight_ih");
        check(rw, weightHh.transpose(), "weight_hh");
        if (conf instanceof FusedGru) {
            w.assign(weightIh.transpose());
            rw.assign(weightHh.transpose());
            INDArray bias = Nd4j.concat(0, bi.get(NDArrayIndex.interval(0, 2 * h)).add(
                    bh.get(NDArrayIndex.interval(0, 2 * h))), bi.get(NDArrayIndex.interval(2 * h, 3 * h)),
                    bh.get(NDArrayIndex.interval(2 * h, 3 * h)));
            b.assign(bias.reshape(b.shape()));
        } else if (conf instanceof SimpleRnn) {
            w.assign(weightIh.transpose());
            rw.assign(weightHh.transpose());
            b.assign(bi.add(bh).reshape(b.shape()));
        } else if (conf instanceof LSTM) {
            w.assign(lstmColumns(weightIh.transpose(), h));
            rw.assign(lstmColumns(weightHh.transpose(), h));
            b.assign(lstmColumns(bi.add(bh).reshape(1, 4 * h), h));
        } else {
            throw new IllegalArgumentException("not a GRU, RNN or LSTM layer: " + conf.getClass().getSimpleName());
        }
    }

    /** PyTorch's LSTM gate blocks i | f | g | o of the columns of {@code a} in DL4J's order a | f | o | i. */
    static INDArray lstmColumns(INDArray a, long h) {
        INDArray[] blocks = new INDArray[4];
        for (int j = 0; j < 4; j++) {
            long from = LSTM_BLOCKS[j] * h;
            blocks[j] = a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + h));
        }
        return Nd4j.concat(1, blocks);
    }

    /** DL4J's LSTM blocks a | f | o | i of the columns of {@code a} in PyTorch's order i | f | g | o. */
    static INDArray torchLstmColumns(INDArray a, long h) {
        INDArray[] blocks = new INDArray[4];
        for (int j = 0; j < 4; j++) {
            blocks[LSTM_BLOCKS[j]] = a.get(NDArrayIndex.all(), NDArrayIndex.interval(j * h, (j + 1) * h));
        }
        return Nd4j.concat(1, blocks);
    }

    private static void check(INDArray param, INDArray torch, String name) {
        if (param.rank() != 2 || param.size(0) != torch.size(0) || param.size(1) != torch.size(1)) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(torch.shape())
                    + " transposed; the layer needs " + java.util.Arrays.toString(param.shape()));
        }
    }
}
