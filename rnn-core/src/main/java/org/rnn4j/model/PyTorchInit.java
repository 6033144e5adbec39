package org.rnn4j.model;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.layers.FusedGru;

/** Re-draws an initialised network's parameters as {@link Initialization#PYTORCH} describes. */
final class PyTorchInit {
    private PyTorchInit() {
    }

    /**
     * @param net an initialised network of embedding, recurrent (LSTM, GRU, RNN), dense and output layers
     * @param seed the model's seed
     * @param embeddingStd standard deviation of the embedding vectors (PyTorch's is 1)
     * @throws IllegalStateException for a layer kind this scheme does not know
     */
    static void apply(ComputationGraph net, long seed, double embeddingStd) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Layer layer : net.getLayers()) { // topological order: the same draws for the same graph
            var conf = layer.conf().getLayer();
            if (layer.numParams() == 0) {
                continue;
            }
            if (conf instanceof EmbeddingSequenceLayer) {
                fill(layer.getParam("W"), () -> embeddingStd * random.nextGaussian());
                zeroBias(layer);
            } else if (conf instanceof LSTM || conf instanceof SimpleRnn || conf instanceof FusedGru) {
                // every weight and bias U(-k, k), k = 1/sqrt(H); PyTorch's two biases are stored summed (the GRU's
                // b_in and b_hn apart: a single draw each)
                int h = (int) ((FeedForwardLayer) conf).getNOut();
                double k = 1 / Math.sqrt(h);
                fill(layer.getParam("W"), () -> uniform(random, k));
                fill(layer.getParam("RW"), () -> uniform(random, k));
                int summed = conf instanceof FusedGru ? 2 * h : Integer.MAX_VALUE;
                int[] j = {0};
                fill(layer.getParam("b"), () -> j[0]++ < summed ? uniform(random, k) + uniform(random, k)
                        : uniform(random, k));
            } else if (conf instanceof FeedForwardLayer dense) {
                double k = 1 / Math.sqrt(dense.getNIn());
                fill(layer.getParam("W"), () -> uniform(random, k));
                fill(layer.getParam("b"), () -> uniform(random, k));
            } else {
                throw new IllegalStateException("PyTorch initialisation does not know layer "
                        + conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ")");
            }
        }
    }

    private static double uniform(SplittableRandom random, double k) {
        return random.nextDouble(-k, k);
    }

    private static void zeroBias(Layer layer) {
        if (layer.paramTable().containsKey("b")) {
            layer.getParam("b").assign(0);
        }
    }

    /** Overwrites the parameter view in place, element by element in C order. */
    private static void fill(INDArray param, DoubleSupplier draw) {
        double[] values = new double[(int) param.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = draw.getAsDouble();
        }
        param.assign(Nd4j.create(values, param.shape(), 'c').castTo(param.dataType()));
    }
}
