package org.rnn4j.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnn4j.layers.SequenceEmbedding;
import org.rnn4j.layers.SequenceOutput;

/**
 * The DL4J graphs of the three models. Dropout means the same in each: with rate {@code p}, units of the input of
 * every recurrent layer above the first, and of the layer after the recurrent stack, are dropped with probability
 * {@code p} while training (inverted dropout; nothing is dropped at prediction), as PyTorch's {@code nn.LSTM(...,
 * dropout=p)} followed by an {@code nn.Dropout(p)}.
 */
final class Networks {
    private Networks() {
    }

    private static ComputationGraphConfiguration.GraphBuilder graph(long seed, double learningRate, String input) {
        return new NeuralNetConfiguration.Builder()
                .seed(NativeSeed.of(seed))
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(input);
    }

    /** Sets the dropout of a layer's input; DL4J takes the retain probability. */
    private static <B extends BaseLayer.Builder<?>> B dropout(B layer, double rate) {
        if (rate > 0) {
            layer.dropOut(1 - rate);
        }
        return layer;
    }

    /**
     * A recurrent layer of the stack (the cell's; the names of the graph's layers say "lstm" for every cell, as
     * files written before the other cells existed do): the i-th (from 0) gets dropout on its input from the
     * second on.
     */
    private static BaseRecurrentLayer.Builder<?> lstm(Cell cell, boolean fused, int i, int nIn, int nOut,
            double dropout) {
        return dropout(LstmBuilder.recurrentLayer(cell, fused, nIn, nOut), i > 0 ? dropout : 0);
    }

    /**
     * The classifier: tokens -> embedding -> (layers-1) full-sequence LSTM layers -> top LSTM read forward (and,
     * when bidirectional, backward over the reversed real tokens), each reduced to its state after the last real
     * token -> dense ReLU -> sigmoid.
     */
    static ComputationGraphConfiguration classifier(SequenceClassifier.Settings s, int vocabSize) {
        var embedding = new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(s.embeddingSize());
        if (s.embeddingInitStd() > 0) {
            embedding.weightInit(new NormalDistribution(0, s.embeddingInitStd()));
        }
        var g = graph(s.seed(), s.learningRate(), "tokens").addLayer("embedding", embedding.build(), "tokens");
        String below = "embedding";
        int width = s.embeddingSize();
        int dirs = s.bidirectional() ? 2 : 1;
        for (int i = 0; i < s.layers() - 1; i++) {
            String name = "lstm" + i;
            g.addLayer(name, lstm(s.cell(), s.fusedLstm(), i, width, s.lstmSize(), s.dropout()).build(), below);
            if (s.bidirectional()) {
                // DL4J's Bidirectional wrapper reverses padding too; reverse only each text's real tokens instead
                g.addVertex(name + "Reversed", new ReverseTimeSeriesVertex("tokens"), below)
                        .addLayer(name + "Backward",
                                lstm(s.cell(), s.fusedLstm(), i, width, s.lstmSize(), s.dropout()).build(),
                                name + "Reversed")
                        .addVertex(name + "BackwardAligned", new ReverseTimeSeriesVertex("tokens"), name + "Backward")
                        .addVertex(name + "Both", new MergeVertex(), name, name + "BackwardAligned");
                name = name + "Both";
            }
            below = name;
            width = s.lstmSize() * dirs;
        }
        int top = s.layers() - 1;
        g.addLayer("forward", lstm(s.cell(), s.fusedLstm(), top, width, s.lstmSize(), s.dropout()).build(), below)
                .addVertex("forwardLast", new LastTimeStepVertex("tokens"), "forward");
        String last = "forwardLast";
        if (s.bidirectional()) {
            g.addVertex("reversed", new ReverseTimeSeriesVertex("tokens"), below)
                    .addLayer("backward", lstm(s.cell(), s.fusedLstm(), top, width, s.lstmSize(), s.dropout()).build(),
                            "reversed")
                    .addVertex("backwardLast", new LastTimeStepVertex("tokens"), "backward")
                    .addVertex("both", new MergeVertex(), "forwardLast", "backwardLast");
            last = "both";
        }
        DenseLayer.Builder dense = dropout(new DenseLayer.Builder().nIn((long) s.lstmSize() * dirs)
                .nOut(s.denseSize()).activation(Activation.RELU), s.dropout());
        return g.addLayer("dense", dense.build(), last)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(s.denseSize()).nOut(1)
                        .activation(Activation.SIGMOID).build(), "dense")
                .setOutputs("out")
                .build();
    }

    /**
     * The regressor: windows [batch, features, steps] (NCW) -> LSTM x layers -> last step -> dense ReLU -> linear
     * output. With no LSTM layer the dense layer reads the window's last row (the book's chapter-6 network).
     */
    static ComputationGraphConfiguration regressor(SequenceRegressor.Settings s) {
        var g = graph(s.seed(), s.learningRate(), "windows");
        String below = "windows";
        int width = s.features();
        for (int i = 0; i < s.layers(); i++) {
            g.addLayer("lstm" + i, lstm(s.cell(), s.fusedLstm(), i, width, s.lstmSize(), s.dropout())
                    .dataFormat(RNNFormat.NCW).build(), below);
            below = "lstm" + i;
            width = s.lstmSize();
        }
        g.addVertex("last", new LastTimeStepVertex("windows"), below);
        DenseLayer.Builder dense = dropout(new DenseLayer.Builder().nIn(width).nOut(s.denseSize())
                .activation(Activation.RELU), s.layers() > 0 ? s.dropout() : 0);
        return g.addLayer("dense", dense.build(), "last")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(s.denseSize())
                        .nOut(s.outputs()).activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
    }

    /**
     * The language model: characters -> embedding -> LSTM x layers -> softmax over the vocabulary per step. The
     * embedding and output layers are DL4J's as {@link SequenceEmbedding} and {@link SequenceOutput}: the same
     * layers with leaner training steps, bit for bit the same gradients.
     */
    static ComputationGraphConfiguration languageModel(CharLanguageModel.Settings s, int vocabSize) {
        var g = graph(s.seed(), s.learningRate(), "chars").addLayer("embedding",
                SequenceEmbedding.of(new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(s.embeddingSize())
                        .build()), "chars");
        String below = "embedding";
        int width = s.embeddingSize();
        for (int i = 0; i < s.layers(); i++) {
            g.addLayer("lstm" + i, lstm(s.cell(), s.fusedLstm(), i, width, s.lstmSize(), s.dropout()).build(), below);
            below = "lstm" + i;
            width = s.lstmSize();
        }
        RnnOutputLayer.Builder out = dropout(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(width).nOut(vocabSize).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW), s.dropout());
        return g.addLayer("out", SequenceOutput.of(out.build()), below).setOutputs("out").build();
    }
}
