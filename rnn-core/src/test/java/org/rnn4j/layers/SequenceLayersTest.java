package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link SequenceEmbedding} and {@link SequenceOutput} against DL4J's {@link EmbeddingSequenceLayer} and
 * {@link RnnOutputLayer} with the same parameters: the whole network's gradient (so also what the output layer hands
 * down and the embedding's weight gradient) and the score, bit for bit, in both formats, both data types (a double
 * embedding takes DL4J's path), with the recurrent layer's embedding shortcut, with dropout and with a label mask;
 * and the layers through a saved file.
 */
class SequenceLayersTest {
    private static final int VOCAB = 5;
    private static final int EMBEDDING = 16;
    private static final int HIDDEN = 6;
    private static final int BATCH = 4;
    private static final int STEPS = 12;

    /**
     * characters -> embedding -> fused RNN (NCW) or fused GRU (NWC) -> output layer over every step; rnn4j's
     * embedding and output layers or DL4J's.
     */
    private static ComputationGraph graph(boolean ours, DataType type, RNNFormat format, double retain) {
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(VOCAB)
                .activation(Activation.SOFTMAX).dataFormat(format);
        if (retain < 1) {
            out.dropOut(retain);
        }
        var recurrent = format == RNNFormat.NCW ? new FusedRnn.Builder() : new FusedGru.Builder();
        var rnn = recurrent.nIn(EMBEDDING).nOut(HIDDEN).activation(Activation.TANH).dataFormat(format).build();
        ((EmbeddingInput) rnn).setEmbeddingInput(true);  // the shortened input gradient where it applies
        var embedding = new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(EMBEDDING).outputDataFormat(format)
                .build();
        var g = new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("chars")
                .addLayer("embedding", ours ? SequenceEmbedding.of(embedding) : embedding, "chars")
                .addLayer("rnn", rnn, "embedding")
                .addLayer("out", ours ? SequenceOutput.of(out.build()) : out.build(), "rnn")
                .setOutputs("out");
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    private static INDArray labels(DataType type, RNNFormat format) {
        INDArray y = Nd4j.zeros(type, BATCH, VOCAB, STEPS);
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(n, (3 * n + 2 * t + 1) % VOCAB, t, 1.0);
            }
        }
        return format == RNNFormat.NWC ? y.permute(0, 2, 1).dup() : y;
    }

    private static INDArray chars(DataType type) {
        INDArray x = Nd4j.zeros(type, BATCH, STEPS);
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < STEPS; t++) {
                x.putScalar(n, t, (5 * n + t) % VOCAB);
            }
        }
        return x;
    }

    private static void assertSameTraining(DataType type, RNNFormat format, double retain, INDArray labelMask) {
        ComputationGraph dl4j = graph(false, type, format, retain);
        ComputationGraph ours = graph(true, type, format, retain);
        assertInstanceOf(SequenceOutputLayer.class, ours.getLayer("out"));
        assertInstanceOf(SequenceEmbeddingLayer.class, ours.getLayer("embedding"));
        assertEquals(dl4j.params(), ours.params(), "same seed, same initial parameters");
        INDArray x = chars(type);
        INDArray y = labels(type, format);
        for (int step = 0; step < 3; step++) {
            double[] scores = new double[2];
            INDArray[] gradients = new INDArray[2];
            ComputationGraph[] nets = {dl4j, ours};
            for (int i = 0; i < 2; i++) {
                nets[i].setInputs(x);
                nets[i].setLabels(y);
                nets[i].setLayerMaskArrays(null, labelMask == null ? null : new INDArray[]{labelMask});
                Nd4j.getRandom().setSeed(11 + step);  // the same dropout masks
                nets[i].computeGradientAndScore();
                scores[i] = nets[i].score();
                gradients[i] = nets[i].gradient().gradient().dup();
                nets[i].fit(new INDArray[]{x}, new INDArray[]{y}, null,
                        labelMask == null ? null : new INDArray[]{labelMask});  // moves the parameters on
            }
            assertEquals(scores[0], scores[1], 0.0, format + " " + type + " step " + step);
            assertEquals(gradients[0], gradients[1], format + " " + type + " step " + step);
            assertEquals(dl4j.params(), ours.params(), format + " " + type + " step " + step);
            assertEquals(dl4j.score(), ours.score(), 0.0, "fit's score, step " + step);
        }
        assertEquals(dl4j.output(x)[0], ours.output(x)[0]);
    }

    @Test
    void gradientsAndScoreAreDl4jsBitForBit() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (RNNFormat format : RNNFormat.values()) {
                assertSameTraining(type, format, 1.0, null);
            }
        }
    }

    @Test
    void withDropoutAndALabelMaskToo() {
        INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, STEPS);
        mask.putScalar(1, STEPS - 1, 0);
        mask.putScalar(2, STEPS - 2, 0);
        mask.putScalar(2, STEPS - 1, 0);
        assertSameTraining(DataType.FLOAT, RNNFormat.NCW, 0.7, mask);
        assertSameTraining(DataType.DOUBLE, RNNFormat.NWC, 1.0, mask);
    }

    @Test
    void scoringWithoutTrainingIsDl4js() {
        ComputationGraph dl4j = graph(false, DataType.FLOAT, RNNFormat.NCW, 1.0);
        ComputationGraph ours = graph(true, DataType.FLOAT, RNNFormat.NCW, 1.0);
        var data = new MultiDataSet(chars(DataType.FLOAT), labels(DataType.FLOAT, RNNFormat.NCW));
        ours.fit(data);
        dl4j.fit(data);
        assertEquals(dl4j.score(data), ours.score(data), 0.0);
        INDArray otherLabels = Nd4j.zeros(DataType.FLOAT, BATCH, VOCAB, STEPS);
        otherLabels.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).assign(1);
        var other = new MultiDataSet(chars(DataType.FLOAT), otherLabels);
        assertEquals(dl4j.score(other, true), ours.score(other, true), 0.0, "a new batch is scored afresh");
    }

    @Test
    void mismatchedSequenceLengthsGetDl4jsError() {
        ComputationGraph ours = graph(true, DataType.FLOAT, RNNFormat.NCW, 1.0);
        INDArray shortLabels = Nd4j.zeros(DataType.FLOAT, BATCH, VOCAB, STEPS - 1);
        ours.setInputs(chars(DataType.FLOAT));
        ours.setLabels(shortLabels);
        Exception e = assertThrows(Exception.class, ours::computeGradientAndScore);
        assertTrue(e.getMessage().contains("Sequence lengths do not match"), e.getMessage());
    }

    @Test
    void aSavedNetworkKeepsTheLayer(@TempDir Path dir) throws Exception {
        ComputationGraph ours = graph(true, DataType.FLOAT, RNNFormat.NCW, 0.8);
        ours.fit(new INDArray[]{chars(DataType.FLOAT)}, new INDArray[]{labels(DataType.FLOAT, RNNFormat.NCW)});
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(ours, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertInstanceOf(SequenceOutput.class, back.getLayer("out").conf().getLayer());
        assertInstanceOf(SequenceOutputLayer.class, back.getLayer("out"));
        assertInstanceOf(SequenceEmbedding.class, back.getLayer("embedding").conf().getLayer());
        assertEquals(ours.getConfiguration().toJson(), back.getConfiguration().toJson());
        assertEquals(ours.output(chars(DataType.FLOAT))[0], back.output(chars(DataType.FLOAT))[0]);
    }
}
