package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused GRU and vanilla RNN layers on their own: gradients against central finite differences in double (any
 * mask, a stored state), the float path against the double path, step-by-step state against the full sequence,
 * save and load, and errors.
 */
class CellGradientCheckTest {
    static final int NIN = 3;
    static final int H = 4;
    static final int BATCH = 3;
    static final int STEPS = 6;

    /** in -> recurrent layer (NCW) -> softmax; the cell is "gru", "rnn" or "lstm". */
    static ComputationGraph graph(String cell, DataType type) {
        var conf = new NeuralNetConfiguration.Builder().seed(5).dataType(type).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("rec", GoldenTest.layer(cell, NIN, H), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(H).nOut(2)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "rec")
                .setOutputs("out").build();
        // the layers of GoldenTest are NWC; make this one NCW
        ((org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer) ((org.deeplearning4j.nn.conf.graph.LayerVertex)
                conf.getVertices().get("rec")).getLayerConf().getLayer()).setRnnDataFormat(RNNFormat.NCW);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(11);
        net.setParams(Nd4j.rand(type, 1, net.numParams()).subi(0.5).muli(2));
        return net;
    }

    /** A mask with a right-padded row, a left-padded row and a hole. */
    static INDArray mask(DataType type) {
        return Nd4j.create(new double[][]{{1, 1, 1, 1, 0, 0}, {0, 0, 1, 1, 1, 1}, {1, 1, 0, 1, 1, 1}}).castTo(type);
    }

    static double loss(Layer layer, INDArray x, INDArray r, INDArray h0) {
        var ws = LayerWorkspaceMgr.noWorkspaces();
        var rec = (org.deeplearning4j.nn.api.layers.RecurrentLayer) layer;
        rec.rnnClearPreviousState();
        INDArray out;
        if (h0 != null) {
            rec.rnnSetPreviousState(new java.util.HashMap<>(java.util.Map.of(FusedRecurrentLayer.STATE_ACTIVATION, h0)));
            out = rec.rnnTimeStep(x, ws);
        } else {
            layer.setInput(x, ws);
            out = layer.activate(false, ws);
        }
        return out.mul(r).sumNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void doubleGradientsEqualFiniteDifferences(String cell) {
        ComputationGraph net = graph(cell, DataType.DOUBLE);
        net.initGradientsView();
        Layer layer = net.getLayer("rec");
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, NIN, STEPS);
        INDArray r = Nd4j.randn(DataType.DOUBLE, BATCH, H, STEPS);
        layer.setMaskArray(mask(DataType.DOUBLE));
        var ws = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, ws);
        layer.activate(true, ws);
        var g = layer.backpropGradient(r, ws);
        for (String key : new String[]{"W", "RW", "b"}) {
            assertFiniteDifferences(layer.getParam(key), g.getFirst().getGradientFor(key).dup(),
                    () -> loss(layer, x, r, null), cell + " d" + key);
        }
        assertFiniteDifferences(x, g.getSecond().dup(), () -> loss(layer, x, r, null), cell + " dx");
    }

    /** Each value of {@code p} against the central difference of {@code loss}, within 1e-7 (relative above 1). */
    static void assertFiniteDifferences(INDArray p, INDArray grad, java.util.function.DoubleSupplier loss,
            String what) {
        double eps = 1e-6;
        for (long i = 0; i < p.length(); i++) {
            long[] at = p.rank() == 1 ? new long[]{i} : p.rank() == 2 ? new long[]{i / p.size(1), i % p.size(1)}
                    : new long[]{i / (p.size(1) * p.size(2)), i / p.size(2) % p.size(1), i % p.size(2)};
            double v = p.getDouble(at);
            p.putScalar(at, v + eps);
            double up = loss.getAsDouble();
            p.putScalar(at, v - eps);
            double down = loss.getAsDouble();
            p.putScalar(at, v);
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, grad.getDouble(at), 1e-7 * Math.max(1, Math.abs(fd)), what + "[" + i + "]");
        }
    }

    /**
     * A character-model shape, where the input rows repeat (4 symbols): the projection per distinct row and the
     * shortened input gradient of {@link EmbeddingInput} (which read the input-side gate gradients, not the GRU's
     * recurrent-side ones) give every parameter's gradient, the embedding's included, as finite differences do.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void repeatedRowsAndTheEmbeddingShortcutGiveExactGradients(String cell) {
        var layer = GoldenTest.layer(cell, 16, H);
        layer.setRnnDataFormat(RNNFormat.NCW);
        ((EmbeddingInput) layer).setEmbeddingInput(true);
        var conf = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("chars")
                .addLayer("embedding", new org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer.Builder()
                        .nIn(4).nOut(16).build(), "chars")
                .addLayer("rec", layer, "embedding")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(H).nOut(4)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "rec")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        Nd4j.getRandom().setSeed(13);
        net.setParams(Nd4j.rand(DataType.DOUBLE, 1, net.numParams()).subi(0.5));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 10).muli(4).castTo(DataType.INT32).castTo(DataType.DOUBLE);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 4, 10);
        for (int n = 0; n < 4; n++) {
            for (int t = 0; t < 10; t++) {
                y.putScalar(n, (n * 7 + t * 3) % 4, t, 1.0);
            }
        }
        var data = new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{x}, new INDArray[]{y});
        net.setInputs(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        INDArray grad = net.gradient().gradient().dup();
        INDArray params = net.params();
        // 40 rows of 16 values, 4 distinct: RepeatedRows.find takes the repeated-rows path up to 5 distinct rows
        // DL4J's score is the mean over the 4 examples; the gradient before the updater is that of their sum
        assertFiniteDifferences(params.reshape(params.length()), grad.reshape(grad.length()),
                () -> 4 * net.score(data, false), cell + " d(params)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void floatPathEqualsDoublePath(String cell) {
        ComputationGraph d = graph(cell, DataType.DOUBLE);
        ComputationGraph f = graph(cell, DataType.FLOAT);
        f.setParams(d.params().castTo(DataType.FLOAT));
        d.initGradientsView();
        f.initGradientsView();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, NIN, STEPS);
        INDArray r = Nd4j.randn(DataType.DOUBLE, BATCH, H, STEPS);
        var ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray[] outs = new INDArray[2];
        INDArray[] grads = new INDArray[2];
        int i = 0;
        for (ComputationGraph net : new ComputationGraph[]{d, f}) {
            DataType type = net == d ? DataType.DOUBLE : DataType.FLOAT;
            Layer layer = net.getLayer("rec");
            layer.setMaskArray(mask(type));
            layer.setInput(x.castTo(type), ws);
            outs[i] = layer.activate(true, ws).castTo(DataType.DOUBLE);
            var g = layer.backpropGradient(r.castTo(type), ws);
            grads[i++] = Nd4j.concat(1, g.getFirst().getGradientFor("W").reshape(1, -1),
                    g.getFirst().getGradientFor("RW").reshape(1, -1), g.getFirst().getGradientFor("b").reshape(1, -1),
                    g.getSecond().reshape(1, -1)).castTo(DataType.DOUBLE);
        }
        assertTrue(outs[0].sub(outs[1]).amaxNumber().doubleValue() < 2e-6, cell + " outputs");
        assertTrue(grads[0].sub(grads[1]).amaxNumber().doubleValue() < 2e-5, cell + " gradients");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn", "lstm"})
    void stepByStepEqualsFullSequence(String cell) {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            ComputationGraph net = graph(cell, type);
            Nd4j.getRandom().setSeed(6);
            INDArray x = Nd4j.randn(type, BATCH, NIN, STEPS);
            INDArray full = net.output(x)[0];
            net.rnnClearPreviousState();
            for (int t = 0; t < STEPS; t++) {
                INDArray step = net.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(t, t + 1)))[0];
                INDArray want = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
                double diff = step.reshape(want.shape()).castTo(DataType.DOUBLE)
                        .sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
                assertTrue(diff < (type == DataType.FLOAT ? 1e-6 : 1e-12), cell + " " + type + " step " + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void storedStateGradientsEqualFiniteDifferences(String cell) {
        ComputationGraph net = graph(cell, DataType.DOUBLE);
        net.initGradientsView();
        Layer layer = net.getLayer("rec");
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, NIN, 3);
        INDArray r = Nd4j.randn(DataType.DOUBLE, BATCH, H, 3);
        INDArray h0 = Nd4j.randn(DataType.DOUBLE, BATCH, H).muli(0.5);
        var rec = (org.deeplearning4j.nn.api.layers.RecurrentLayer) layer;
        rec.rnnSetTBPTTState(new java.util.HashMap<>(java.util.Map.of(FusedRecurrentLayer.STATE_ACTIVATION, h0)));
        var ws = LayerWorkspaceMgr.noWorkspaces();
        rec.rnnActivateUsingStoredState(x, true, false, ws);
        var g = layer.backpropGradient(r, ws);
        assertFiniteDifferences(layer.getParam("RW"), g.getFirst().getGradientFor("RW").dup(),
                () -> loss(layer, x, r, h0), cell + " dRW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void saveAndLoadKeepTheLayerAndItsOutput(String cell, @TempDir Path dir) throws Exception {
        ComputationGraph net = graph(cell, DataType.FLOAT);
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(net.getLayer("rec").getClass(), back.getLayer("rec").getClass());
        assertEquals(net.getConfiguration().toJson(), back.getConfiguration().toJson());
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, NIN, STEPS);
        assertEquals(0.0, net.output(x)[0].sub(back.output(x)[0]).amaxNumber().doubleValue(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "rnn"})
    void wrongInputSizeIsNamed(String cell) {
        ComputationGraph net = graph(cell, DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.randn(DataType.FLOAT, BATCH, NIN + 1, STEPS)));
        assertTrue(e.getMessage().contains("nIn = " + NIN), e.getMessage());
        assertTrue(e.getMessage().contains(cell.equals("gru") ? "FusedGru" : "FusedRnn"), e.getMessage());
    }
}
