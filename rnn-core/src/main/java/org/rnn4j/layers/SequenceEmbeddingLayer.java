package org.rnn4j.layers;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.embedding.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer {@link SequenceEmbedding} configures: DL4J's {@link EmbeddingSequenceLayer} with a leaner backward pass.
 * DL4J's looks every row up again, copies the incoming gradient twice into [N*T, nOut] row-major order and adds it
 * per index with a native scatter. This layer reads the gradient where it lies and adds each example's step into
 * its index's row in Java, in DL4J's order (example-major, then step) and in float, so its weight gradient is bit
 * for bit DL4J's. A float layer with identity activation and no bias, mask, dropout or weight noise; any other
 * layer (or input) is left to DL4J's backward pass.
 */
public class SequenceEmbeddingLayer extends EmbeddingSequenceLayer {

    /** @see SequenceEmbedding#instantiate */
    public SequenceEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        var c = layerConf();
        if (maskArray != null || hasBias() || !(c.getActivationFn() instanceof ActivationIdentity)
                || c.getIDropout() != null || c.getWeightNoise() != null || dataType != DataType.FLOAT
                || epsilon.dataType() != DataType.FLOAT || epsilon.rank() != 3
                || !(input.rank() == 2 || input.rank() == 3 && input.size(1) == 1)) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        int n = (int) input.size(0);
        int t = (int) input.size(input.rank() - 1);
        int vocab = (int) c.getNIn();
        int width = (int) c.getNOut();
        // indices in DL4J's order: row n*T + t of the [N, T] input, read in 'c' order
        INDArray in = input.reshape('c', n, t);
        int[] index = (in.ordering() == 'c' && !in.isView() ? in : in.dup('c')).data().asInt();
        for (int i : index) {
            if (i < 0 || i >= vocab) {
                return super.backpropGradient(epsilon, workspaceMgr);  // DL4J's error for it
            }
        }
        boolean ncw = c.getOutputFormat() == RNNFormat.NCW;
        FloatBuffer e = epsilon.data().asNioFloat();
        long base = epsilon.offset();
        long exampleStride = epsilon.stride(0);
        long unitStride = epsilon.stride(ncw ? 1 : 2);
        long stepStride = epsilon.stride(ncw ? 2 : 1);
        float[] sums = new float[vocab * width];    // row-major [vocab][width]
        for (int ex = 0; ex < n; ex++) {
            for (int s = 0; s < t; s++) {
                int row = index[ex * t + s] * width;
                long at = base + ex * exampleStride + s * stepStride;
                for (int k = 0; k < width; k++) {
                    sums[row + k] += e.get((int) (at + k * unitStride));
                }
            }
        }
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        weightGrad.assign(Nd4j.create(sums, new long[]{vocab, width}, 'c'));
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        return new Pair<>(gradient, null);
    }
}
