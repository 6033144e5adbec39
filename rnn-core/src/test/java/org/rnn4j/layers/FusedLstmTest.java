package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@link FusedLstm} against DL4J's LSTM with the same parameters: outputs, gradients, state, files, errors. */
class FusedLstmTest {
    static final int VOCAB = 7;
    static final int EMB = 5;
    static final int HIDDEN = 6;
    static final int BATCH = 3;
    static final int STEPS = 8;

    /** embedding -> LSTM (x layers, dropout above the first) -> softmax over the vocabulary, NCW. */
    static ComputationGraph charGraph(boolean fused, DataType type, int layers, double retain) {
        var g = new NeuralNetConfiguration.Builder().seed(3).dataType(type).updater(new Adam(0.01))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("chars")
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(EMB).build(), "chars");
        String below = "embedding";
        int width = EMB;
        for (int i = 0; i < layers; i++) {
            LSTM.Builder b = fused ? new FusedLstm.Builder() : new LSTM.Builder();
            b.nIn(width).nOut(HIDDEN).activation(Activation.TANH);
            if (i > 0 && retain < 1) {
                b.dropOut(retain);
            }
            g.addLayer("lstm" + i, b.build(), below);
            below = "lstm" + i;
            width = HIDDEN;
        }
        var out = new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width).nOut(VOCAB)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW);
        if (retain < 1) {
            out.dropOut(retain);
        }
        ComputationGraph net = new ComputationGraph(g.addLayer("out", out.build(), below).setOutputs("out").build());
        net.init();
        return net;
    }

    /** real-valued input -> LSTM -> regression-free softmax output in the given format. */
    static ComputationGraph realGraph(boolean fused, RNNFormat format) {
        return realGraph(fused, format, DataType.DOUBLE);
    }

    static ComputationGraph realGraph(boolean fused, RNNFormat format, DataType type) {
        LSTM.Builder b = fused ? new FusedLstm.Builder() : new LSTM.Builder();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(4).dataType(type)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("lstm", b.nIn(EMB).nOut(HIDDEN).activation(Activation.TANH).dataFormat(format).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(VOCAB)
                        .activation(Activation.SOFTMAX).dataFormat(format).build(), "lstm")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    static INDArray chars(DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(type, BATCH, STEPS).muli(VOCAB).castTo(DataType.INT32).castTo(type);
    }

    static INDArray labels(DataType type, long seed, boolean nwc) {
        INDArray ids = chars(type, seed);
        INDArray y = Nd4j.zeros(type, BATCH, VOCAB, STEPS);
        for (int n = 0; n < BATCH; n++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(n, ids.getInt(n, t), t, 1.0);
            }
        }
        return nwc ? y.permute(0, 2, 1).dup() : y;
    }

    static double maxDiff(INDArray a, INDArray b) {
        assertEquals(java.util.Arrays.toString(a.shape()), java.util.Arrays.toString(b.shape()));
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    static INDArray gradient(ComputationGraph net, INDArray x, INDArray y, long dropoutSeed) {
        net.setInputs(x);
        net.setLabels(y);
        Nd4j.getRandom().setSeed(dropoutSeed);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    static void checkEquivalent(DataType type, int layers, double retain, double outTol, double gradTol) {
        ComputationGraph dl4j = charGraph(false, type, layers, retain);
        ComputationGraph fused = charGraph(true, type, layers, retain);
        assertEquals(0.0, maxDiff(dl4j.params(), fused.params()), "same seed, same initial parameters");
        Nd4j.getRandom().setSeed(99);
        fused.setParams(Nd4j.rand(type, 1, dl4j.numParams()).subi(0.5)); // away from the init, forget bias too
        dl4j.setParams(fused.params().dup());
        INDArray x = chars(type, 1);
        INDArray y = labels(type, 2, false);
        INDArray outA = dl4j.output(x)[0];
        INDArray outB = fused.output(x)[0];
        assertTrue(maxDiff(outA, outB) < outTol, "outputs differ by " + maxDiff(outA, outB));
        INDArray gA = gradient(dl4j, x, y, 7);
        INDArray gB = gradient(fused, x, y, 7);
        double scale = Math.max(1e-3, gA.amaxNumber().doubleValue());
        assertTrue(maxDiff(gA, gB) / scale < gradTol,
                "gradients differ by " + maxDiff(gA, gB) + " (max " + scale + ")");
        assertEquals(dl4j.score(), fused.score(), gradTol * Math.max(1, dl4j.score()));
    }

    @Test
    void doubleOutputsAndGradientsEqualDl4jLstm() {
        checkEquivalent(DataType.DOUBLE, 1, 1.0, 1e-12, 1e-10);
    }

    @Test
    void twoLayersWithDropoutEqualDl4jLstm() {
        checkEquivalent(DataType.DOUBLE, 2, 0.7, 1e-12, 1e-10);
    }

    @Test
    void floatOutputsAndGradientsEqualDl4jLstm() {
        checkEquivalent(DataType.FLOAT, 1, 1.0, 1e-5, 1e-4);
    }

    @Test
    void nwcAndNcwFormatsEqualDl4jLstm() {
        for (RNNFormat format : RNNFormat.values()) {
            ComputationGraph dl4j = realGraph(false, format);
            ComputationGraph fused = realGraph(true, format);
            fused.setParams(dl4j.params().dup());
            Nd4j.getRandom().setSeed(5);
            INDArray x = format == RNNFormat.NCW ? Nd4j.randn(DataType.DOUBLE, BATCH, EMB, STEPS)
                    : Nd4j.randn(DataType.DOUBLE, BATCH, STEPS, EMB);
            INDArray y = labels(DataType.DOUBLE, 6, format == RNNFormat.NWC);
            assertTrue(maxDiff(dl4j.output(x)[0], fused.output(x)[0]) < 1e-12, format.toString());
            assertTrue(maxDiff(gradient(dl4j, x, y, 1), gradient(fused, x, y, 1)) < 1e-10, format.toString());
            // input gradient: the epsilon the layer hands down
            assertTrue(maxDiff(inputGradient(dl4j, x, y), inputGradient(fused, x, y)) < 1e-10, format.toString());
        }
    }

    static INDArray inputGradient(ComputationGraph net, INDArray x, INDArray y) {
        var layer = net.getLayer("lstm");
        var ws = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, ws);
        INDArray out = layer.activate(true, ws);
        INDArray eps = Nd4j.ones(out.dataType(), out.shape()).muli(0.1).addi(out);
        return layer.backpropGradient(eps, ws).getSecond().dup();
    }

    @Test
    void adamStepsContinueIdenticallyFromCopiedParametersAndUpdaterState() {
        ComputationGraph dl4j = charGraph(false, DataType.DOUBLE, 2, 1.0);
        ComputationGraph fused = charGraph(true, DataType.DOUBLE, 2, 1.0);
        INDArray x = chars(DataType.DOUBLE, 11);
        INDArray y = labels(DataType.DOUBLE, 12, false);
        for (int i = 0; i < 3; i++) {
            dl4j.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        fused.setParams(dl4j.params().dup());
        fused.getUpdater().getStateViewArray().assign(dl4j.getUpdater().getStateViewArray());
        fused.getConfiguration().setIterationCount(dl4j.getConfiguration().getIterationCount());
        for (int i = 0; i < 3; i++) {
            dl4j.fit(new INDArray[]{x}, new INDArray[]{y});
            fused.fit(new INDArray[]{x}, new INDArray[]{y});
        }
        assertTrue(maxDiff(dl4j.params(), fused.params()) < 1e-10, "params differ by "
                + maxDiff(dl4j.params(), fused.params()));
        assertTrue(maxDiff(dl4j.getUpdater().getStateViewArray(), fused.getUpdater().getStateViewArray()) < 1e-10);
    }

    @Test
    void stepByStepEqualsFullSequence() {
        stepByStepEqualsFullSequence(DataType.DOUBLE, 1e-12);
        stepByStepEqualsFullSequence(DataType.FLOAT, 2e-6);
    }

    private static void stepByStepEqualsFullSequence(DataType type, double tol) {
        ComputationGraph fused = charGraph(true, type, 2, 1.0);
        ComputationGraph dl4j = charGraph(false, type, 2, 1.0);
        dl4j.setParams(fused.params());
        INDArray x = chars(type, 3);
        INDArray full = fused.output(x)[0];
        fused.rnnClearPreviousState();
        dl4j.rnnClearPreviousState();
        // the first three steps at once, then one at a time
        INDArray first = fused.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)))[0];
        assertTrue(maxDiff(full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)), first)
                < tol);
        dl4j.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)));
        for (int t = 3; t < STEPS; t++) {
            INDArray xt = x.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1));
            INDArray step = fused.rnnTimeStep(xt)[0]; // [batch, vocab]: one step in, one step out
            INDArray want = full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            assertTrue(maxDiff(want, step) < tol, "at step " + t);
            assertTrue(maxDiff(dl4j.rnnTimeStep(xt)[0], step) < tol, "DL4J at step " + t);
        }
        assertTrue(maxDiff(dl4j.rnnGetPreviousState("lstm1").get(FusedLstmLayer.STATE_MEMORY),
                fused.rnnGetPreviousState("lstm1").get(FusedLstmLayer.STATE_MEMORY)) < tol);
        fused.rnnClearPreviousState();
        INDArray again = fused.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)))[0];
        assertTrue(maxDiff(full.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)), again)
                < tol, "cleared state starts from zero");
    }

    @Test
    void saveAndLoadKeepTheLayerAndItsOutput(@TempDir Path dir) throws Exception {
        ComputationGraph fused = charGraph(true, DataType.FLOAT, 2, 0.8);
        INDArray x = chars(DataType.FLOAT, 4);
        fused.fit(new INDArray[]{x}, new INDArray[]{labels(DataType.FLOAT, 5, false)});
        File file = dir.resolve("fused.zip").toFile();
        ModelSerializer.writeModel(fused, file, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(file, true);
        assertInstanceOf(FusedLstm.class, back.getLayer("lstm1").conf().getLayer());
        assertInstanceOf(FusedLstmLayer.class, back.getLayer("lstm1"));
        assertEquals(fused.getConfiguration().toJson(), back.getConfiguration().toJson());
        assertEquals(0.0, maxDiff(fused.output(x)[0], back.output(x)[0]));
        assertEquals(0.0, maxDiff(fused.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray()));
        FusedLstm conf = (FusedLstm) back.getLayer("lstm1").conf().getLayer();
        assertEquals(1.0, conf.getForgetGateBiasInit());
        assertEquals(0.8, ((org.deeplearning4j.nn.conf.dropout.Dropout) conf.getIDropout()).getP(), 0.0);
    }

    @Test
    void forgetGateBiasStartsAtOneLikeDl4j() {
        ComputationGraph fused = charGraph(true, DataType.FLOAT, 1, 1.0);
        INDArray b = fused.getLayer("lstm0").getParam("b").reshape(1, 4 * HIDDEN);
        assertEquals(4 * HIDDEN, b.length());
        INDArray forget = b.get(NDArrayIndex.point(0), NDArrayIndex.interval(HIDDEN, 2 * HIDDEN));
        assertEquals(1.0, forget.minNumber().doubleValue());
        assertEquals(1.0, forget.maxNumber().doubleValue());
        assertEquals(0.0, b.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, HIDDEN)).amaxNumber().doubleValue());
    }

    /** A 0/1 mask of right padding: examples of 5, 1, 8, 0 and 7 steps. */
    static INDArray paddingMask(int batch, int steps) {
        INDArray m = Nd4j.ones(DataType.DOUBLE, batch, steps);
        int[] lengths = {5, 1, steps, 0, steps - 1};
        for (int e = 0; e < batch; e++) {
            for (int t = lengths[e]; t < steps; t++) {
                m.putScalar(e, t, 0);
            }
        }
        return m;
    }

    /** Layer "lstm" of a {@link #realGraph}, with its gradient views set up and the mask set on the layer. */
    static org.deeplearning4j.nn.api.Layer maskedLayer(ComputationGraph net, INDArray x, INDArray mask) {
        net.initGradientsView();
        var layer = net.getLayer("lstm");
        layer.setMaskArray(mask);
        layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        return layer;
    }

    static INDArray realInput(RNNFormat format, int batch, long seed) {
        return realInput(format, batch, seed, DataType.DOUBLE);
    }

    static INDArray realInput(RNNFormat format, int batch, long seed, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        return format == RNNFormat.NCW ? Nd4j.randn(type, batch, EMB, STEPS) : Nd4j.randn(type, batch, STEPS, EMB);
    }

    @Test
    void layerMasksGiveDl4jOutputsAndGradients() {
        // double to 1e-12 / 1e-10; float (the float path, FloatTanh) to float precision
        layerMasksGiveDl4jOutputsAndGradients(DataType.DOUBLE, 1e-12, 1e-10);
        layerMasksGiveDl4jOutputsAndGradients(DataType.FLOAT, 2e-6, 2e-5);
    }

    private static void layerMasksGiveDl4jOutputsAndGradients(DataType type, double outTol, double gradTol) {
        for (RNNFormat format : RNNFormat.values()) {
            ComputationGraph dl4j = realGraph(false, format, type);
            ComputationGraph fused = realGraph(true, format, type);
            fused.setParams(dl4j.params().dup());
            int batch = 5;
            INDArray x = realInput(format, batch, 8, type);
            INDArray mask = paddingMask(batch, STEPS).castTo(type);
            var ws = LayerWorkspaceMgr.noWorkspaces();
            var a = maskedLayer(dl4j, x, mask);
            var b = maskedLayer(fused, x, mask);
            INDArray outA = a.activate(true, ws).dup();
            INDArray outB = b.activate(true, ws).dup();
            assertTrue(maxDiff(outA, outB) < outTol, format + ": outputs differ by " + maxDiff(outA, outB));
            assertEquals(0.0, outB.get(NDArrayIndex.point(3)).amaxNumber().doubleValue(), "masked row is zero");
            // the gradient from above is zero at masked steps, as a masked loss or a last-step vertex gives it
            INDArray maskOut = format == RNNFormat.NCW ? mask.reshape(batch, 1, STEPS) : mask.reshape(batch, STEPS, 1);
            INDArray eps = Nd4j.randn(type, outA.shape()).muli(maskOut.broadcast(outA.shape()));
            var gA = a.backpropGradient(eps, ws);
            var gB = b.backpropGradient(eps, ws);
            assertTrue(maxDiff(gA.getSecond(), gB.getSecond()) < gradTol, format + ": input gradients differ by "
                    + maxDiff(gA.getSecond(), gB.getSecond()));
            for (String key : new String[]{"W", "RW", "b"}) {
                INDArray want = gA.getFirst().getGradientFor(key);
                INDArray got = gB.getFirst().getGradientFor(key);
                assertTrue(maxDiff(want, got) < gradTol, format + ": gradient of " + key + " differs by "
                        + maxDiff(want, got));
            }
        }
    }

    @Test
    void maskedGradientsAreExactWhereDl4jsAreNot() {
        // left padding, a hole and a gradient arriving at masked steps: DL4J's LSTM applies the mask in its forward
        // pass only, so its backward pass sends gradient through masked steps; ours is the exact gradient of the
        // masked function. Checked against finite differences.
        ComputationGraph fused = realGraph(true, RNNFormat.NCW);
        INDArray x = realInput(RNNFormat.NCW, 3, 9);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, STEPS);
        mask.putScalar(0, 4, 0);
        mask.putScalar(1, 0, 0);
        mask.putScalar(2, STEPS - 1, 0);
        var ws = LayerWorkspaceMgr.noWorkspaces();
        var layer = maskedLayer(fused, x, mask);
        Nd4j.getRandom().setSeed(10);
        INDArray weights = Nd4j.randn(DataType.DOUBLE, 3, HIDDEN, STEPS); // loss = sum(out * weights)
        layer.activate(true, ws);
        INDArray analytic = layer.backpropGradient(weights, ws).getFirst().getGradientFor("RW").dup();
        INDArray rw = layer.getParam("RW");
        double h = 1e-6;
        for (int r = 0; r < HIDDEN; r++) {
            for (int c = r % 3; c < 4 * HIDDEN; c += 3) {
                double v = rw.getDouble(r, c);
                rw.putScalar(r, c, v + h);
                double up = layer.activate(false, ws).mul(weights).sumNumber().doubleValue();
                rw.putScalar(r, c, v - h);
                double down = layer.activate(false, ws).mul(weights).sumNumber().doubleValue();
                rw.putScalar(r, c, v);
                assertEquals((up - down) / (2 * h), analytic.getDouble(r, c), 1e-7, "dL/dRW[" + r + ", " + c + "]");
            }
        }
    }

    @Test
    void floatPathEqualsDoublePathUnderAnyMask() {
        // the float path (FloatTanh, float arrays) against the double path, which the test above checks against
        // finite differences: a hole, left padding, a masked last step and a fractional mask value
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 3, STEPS);
        mask.putScalar(0, 4, 0);
        mask.putScalar(1, 0, 0);
        mask.putScalar(1, 1, 0);
        mask.putScalar(2, STEPS - 1, 0);
        mask.putScalar(2, 2, 0.5);
        INDArray x = realInput(RNNFormat.NCW, 3, 11);
        Nd4j.getRandom().setSeed(12);
        INDArray weights = Nd4j.randn(DataType.DOUBLE, 3, HIDDEN, STEPS);
        var ws = LayerWorkspaceMgr.noWorkspaces();
        ComputationGraph wide = realGraph(true, RNNFormat.NCW, DataType.DOUBLE);
        ComputationGraph narrow = realGraph(true, RNNFormat.NCW, DataType.FLOAT);
        narrow.setParams(wide.params().castTo(DataType.FLOAT));
        wide.setParams(narrow.params().castTo(DataType.DOUBLE)); // the same float-representable parameters
        var a = maskedLayer(wide, x, mask);
        var b = maskedLayer(narrow, x.castTo(DataType.FLOAT), mask.castTo(DataType.FLOAT));
        INDArray outA = a.activate(true, ws).dup();
        INDArray outB = b.activate(true, ws).dup();
        assertTrue(maxDiff(outA, outB) < 2e-6, "outputs differ by " + maxDiff(outA, outB));
        var gA = a.backpropGradient(weights, ws);
        var gB = b.backpropGradient(weights.castTo(DataType.FLOAT), ws);
        assertTrue(maxDiff(gA.getSecond(), gB.getSecond()) < 2e-5, "input gradients differ by "
                + maxDiff(gA.getSecond(), gB.getSecond()));
        for (String key : new String[]{"W", "RW", "b"}) {
            INDArray want = gA.getFirst().getGradientFor(key);
            INDArray got = gB.getFirst().getGradientFor(key);
            assertTrue(want.amaxNumber().doubleValue() > 0.1, key + " has a gradient to compare");
            assertTrue(maxDiff(want, got) < 2e-5, "gradient of " + key + " differs by " + maxDiff(want, got));
        }
    }

    @Test
    void maskedInferenceAndRightPaddedGraphEqualDl4j() {
        // a mask given to the network passes through the LSTM (as DL4J's) and masks the loss of padded steps
        ComputationGraph dl4j = charGraph(false, DataType.DOUBLE, 2, 1.0);
        ComputationGraph fused = charGraph(true, DataType.DOUBLE, 2, 1.0);
        fused.setParams(dl4j.params().dup());
        INDArray x = chars(DataType.DOUBLE, 21);
        INDArray y = labels(DataType.DOUBLE, 22, false);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, BATCH, STEPS);
        for (int t = 4; t < STEPS; t++) {
            mask.putScalar(1, t, 0);
        }
        INDArray[] masks = {mask};
        assertTrue(maxDiff(dl4j.output(false, new INDArray[]{x}, masks, masks)[0],
                fused.output(false, new INDArray[]{x}, masks, masks)[0]) < 1e-12);
        for (ComputationGraph net : new ComputationGraph[]{dl4j, fused}) {
            net.setLayerMaskArrays(masks, masks);
        }
        assertTrue(maxDiff(gradient(dl4j, x, y, 3), gradient(fused, x, y, 3)) < 1e-10);
    }

    @Test
    void batchesOfVaryingLengthReuseTheBuffersCorrectly() {
        ComputationGraph dl4j = charGraph(false, DataType.DOUBLE, 1, 1.0);
        ComputationGraph fused = charGraph(true, DataType.DOUBLE, 1, 1.0);
        fused.setParams(dl4j.params().dup());
        for (int[] shape : new int[][]{{3, 8}, {3, 20}, {2, 5}, {4, 11}, {3, 8}}) {
            Nd4j.getRandom().setSeed(shape[1]);
            INDArray x = Nd4j.rand(DataType.DOUBLE, shape[0], shape[1]).muli(VOCAB).castTo(DataType.INT32)
                    .castTo(DataType.DOUBLE);
            INDArray y = Nd4j.zeros(DataType.DOUBLE, shape[0], VOCAB, shape[1]);
            for (int n = 0; n < shape[0]; n++) {
                for (int t = 0; t < shape[1]; t++) {
                    y.putScalar(n, (n + t) % VOCAB, t, 1.0);
                }
            }
            String at = java.util.Arrays.toString(shape);
            assertTrue(maxDiff(dl4j.output(x)[0], fused.output(x)[0]) < 1e-12, at);
            assertTrue(maxDiff(gradient(dl4j, x, y, 1), gradient(fused, x, y, 1)) < 1e-10, at);
        }
    }

    /** Embedding of 4 symbols (16 wide) -> LSTM -> softmax: inputs whose rows repeat, as a character model's do. */
    static ComputationGraph fewSymbolsGraph(boolean fused, DataType type) {
        return fewSymbolsGraph(fused, false, type);
    }

    /** As above; {@code embeddingInput} sets {@link FusedLstm#setEmbeddingInput} on the (fused) LSTM. */
    static ComputationGraph fewSymbolsGraph(boolean fused, boolean embeddingInput, DataType type) {
        LSTM.Builder b = fused ? new FusedLstm.Builder() : new LSTM.Builder();
        LSTM lstm = b.nIn(16).nOut(HIDDEN).activation(Activation.TANH).build();
        if (embeddingInput) {
            ((FusedLstm) lstm).setEmbeddingInput(true);
        }
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(6).dataType(type)
                .updater(new Adam(0.01)).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(4).nOut(16).build(), "in")
                .addLayer("lstm", lstm, "embedding")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(4)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "lstm")
                .setOutputs("out").build());
        net.init();
        return net;
    }

    @Test
    void repeatedInputRowsAreProjectedOnceWithTheSameResult() {
        checkFewSymbols(false);
    }

    @Test
    void aShortenedInputGradientGivesTheEmbeddingTheSameGradient() {
        ComputationGraph fused = checkFewSymbols(true);
        // the shortcut did run: the input gradient has at most one nonzero row per distinct symbol (4), not 240
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 30).muli(4).castTo(DataType.INT32).castTo(DataType.DOUBLE);
        INDArray embedded = fused.feedForward(new INDArray[]{x}, true, false).get("embedding");
        fused.initGradientsView();
        var lstm = fused.getLayer("lstm");
        lstm.activate(embedded, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray dIn = lstm.backpropGradient(Nd4j.rand(DataType.DOUBLE, 8, HIDDEN, 30),
                LayerWorkspaceMgr.noWorkspaces()).getSecond();
        INDArray rowsUsed = Transforms.abs(dIn).sum(1).gt(0).castTo(DataType.INT32); // [8, 30]
        assertTrue(rowsUsed.sumNumber().intValue() <= 4, "nonzero input-gradient rows: " + rowsUsed.sumNumber());
        assertTrue(rowsUsed.sumNumber().intValue() >= 1);
        ComputationGraphConfiguration restored = ComputationGraphConfiguration.fromJson(
                fused.getConfiguration().toJson());
        var layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) restored.getVertices().get("lstm")).getLayerConf()
                .getLayer();
        assertTrue(((FusedLstm) layer).isEmbeddingInput(), "the setting survives JSON");
    }

    /** DL4J's LSTM against FusedLstm over 4 symbols (the one-hot path); returns a new fused network (double). */
    private static ComputationGraph checkFewSymbols(boolean embeddingInput) {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            ComputationGraph dl4j = fewSymbolsGraph(false, type);
            ComputationGraph fused = fewSymbolsGraph(true, embeddingInput, type);
            Nd4j.getRandom().setSeed(12);
            fused.setParams(Nd4j.rand(type, 1, dl4j.numParams()).subi(0.5));
            dl4j.setParams(fused.params().dup());
            int batch = 8;
            int steps = 30; // 240 rows of 4 distinct vectors: the one-hot path
            INDArray x = Nd4j.rand(type, batch, steps).muli(4).castTo(DataType.INT32).castTo(type);
            INDArray y = Nd4j.zeros(type, batch, 4, steps);
            for (int n = 0; n < batch; n++) {
                for (int t = 0; t < steps; t++) {
                    y.putScalar(n, (n * 7 + t * 3) % 4, t, 1.0);
                }
            }
            double outTol = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            double gradTol = type == DataType.DOUBLE ? 1e-10 : 1e-4;
            assertTrue(maxDiff(dl4j.output(x)[0], fused.output(x)[0]) < outTol, type.toString());
            INDArray gA = gradient(dl4j, x, y, 1);
            INDArray gB = gradient(fused, x, y, 1);
            double scale = Math.max(1e-3, gA.amaxNumber().doubleValue());
            assertTrue(maxDiff(gA, gB) / scale < gradTol, type + ": gradients differ by " + maxDiff(gA, gB));
        }
        return fewSymbolsGraph(true, embeddingInput, DataType.DOUBLE);
    }

    @Test
    void aMaskOfTheWrongShapeIsNamed() {
        ComputationGraph fused = charGraph(true, DataType.FLOAT, 1, 1.0);
        var layer = fused.getLayer("lstm0");
        layer.setMaskArray(Nd4j.ones(DataType.FLOAT, BATCH, STEPS + 1));
        Exception e = assertThrows(IllegalArgumentException.class, () -> layer.activate(
                Nd4j.zeros(DataType.FLOAT, BATCH, EMB, STEPS), false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("[" + BATCH + ", " + STEPS + "]")
                && e.getMessage().contains("[" + BATCH + ", " + (STEPS + 1) + "]"), e.getMessage());
    }

    @Test
    void wrongInputSizeIsNamed() {
        ComputationGraph fused = charGraph(true, DataType.FLOAT, 1, 1.0);
        var layer = fused.getLayer("lstm0");
        Exception e = assertThrows(IllegalArgumentException.class, () -> layer.activate(
                Nd4j.zeros(DataType.FLOAT, 2, EMB + 1, 4), false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("nIn = " + EMB) && e.getMessage().contains("6 features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> layer.activate(
                Nd4j.zeros(DataType.FLOAT, 2, EMB), false, LayerWorkspaceMgr.noWorkspaces()));
        assertTrue(e.getMessage().contains("expects 3d input"), e.getMessage());
    }

    @Test
    void otherActivationsAreRejected() {
        var conf = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("lstm", new FusedLstm.Builder().nIn(3).nOut(4).activation(Activation.RELU).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder().nIn(4).nOut(2).activation(Activation.SOFTMAX).build(),
                        "lstm")
                .setOutputs("out").build();
        Exception e = assertThrows(IllegalArgumentException.class, () -> new ComputationGraph(conf).init());
        assertTrue(e.getMessage().contains("tanh"), e.getMessage());
    }

    @Test
    void configurationCopiesEverySettingOfTheDl4jLstm() {
        LSTM lstm = new LSTM.Builder().nIn(3).nOut(4).forgetGateBiasInit(2.5).dropOut(0.6).name("x").build();
        FusedLstm f = FusedLstm.of(lstm);
        assertEquals(3, f.getNIn());
        assertEquals(4, f.getNOut());
        assertEquals(2.5, f.getForgetGateBiasInit());
        assertEquals("x", f.getLayerName());
        assertEquals(lstm.getIDropout(), f.getIDropout());
        assertTrue(!f.equals(lstm) && !lstm.equals(f), "a FusedLstm is not equal to a DL4J LSTM");
        assertEquals(f, FusedLstm.of(lstm));
    }
}
