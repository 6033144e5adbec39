package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The fused GRU, vanilla RNN and LSTM layers against PyTorch's {@code nn.GRU}, {@code nn.RNN} and {@code nn.LSTM}
 * on the fixtures of {@code scripts/pytorch_golden.py}: PyTorch's parameters loaded with {@link TorchWeights}, 1 and
 * 2 layers, uni- and bidirectional (the backward direction reads each sequence's real steps reversed, as rnn4j's
 * classifier does), ragged right-padded batches under a layer mask; outputs and the gradients of
 * {@code sum(output * R)} with respect to the input and every PyTorch parameter agree within 1e-5 in float and
 * 1e-9 in double (relative to the value where it is above 1).
 */
class GoldenTest {
    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        for (String cell : new String[]{"gru", "rnn", "lstm"}) {
            for (int layers = 1; layers <= 2; layers++) {
                for (String dir : new String[]{"uni", "bi"}) {
                    for (String type : new String[]{"float", "double"}) {
                        names.add(cell + "-l" + layers + "-" + dir + "-" + type + ".txt");
                    }
                }
            }
        }
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void layersEqualPyTorch(String name) {
        GoldenFixture f = GoldenFixture.load(name);
        Run run = new Run(f);
        double tol = f.type == DataType.FLOAT ? 1e-5 : 1e-9;
        assertClose(name + " output", f.get("output"), run.output, tol);
        assertClose(name + " input gradient", f.get("grad.input"), run.inputGradient, tol);
        for (int l = 0; l < f.layers; l++) {
            for (int d = 0; d < run.dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                Layer layer = run.layers[l][d];
                INDArray[] torch = torchGradients(f.cell, run.gradients[l][d], layer.getParam("RW").size(0));
                String[] keys = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};
                for (int k = 0; k < 4; k++) {
                    assertClose(name + " gradient of " + keys[k] + suffix, f.get("grad." + keys[k] + suffix),
                            torch[k], tol);
                }
            }
        }
    }

    static void assertClose(String what, INDArray want, INDArray got, double tol) {
        INDArray a = want.castTo(DataType.DOUBLE).reshape(want.length());
        INDArray b = got.castTo(DataType.DOUBLE).reshape(got.length());
        assertTrue(a.length() == b.length(), what + ": " + a.length() + " values, got " + b.length());
        double worst = 0;
        for (long i = 0; i < a.length(); i++) {
            double x = a.getDouble(i);
            worst = Math.max(worst, Math.abs(x - b.getDouble(i)) / Math.max(1, Math.abs(x)));
        }
        assertTrue(worst <= tol, what + " differs by " + worst + " (tolerance " + tol + ")");
    }

    /** The gradients of the layer's W, RW, b (index 0, 1, 2) as PyTorch's weight_ih, weight_hh, bias_ih, bias_hh. */
    static INDArray[] torchGradients(String cell, INDArray[] g, long h) {
        INDArray w = g[0];
        INDArray rw = g[1];
        INDArray b = g[2].reshape(1, g[2].length());
        switch (cell) {
            case "gru": {
                INDArray rz = b.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2 * h));
                INDArray bi = Nd4j.concat(1, rz, b.get(NDArrayIndex.all(), NDArrayIndex.interval(2 * h, 3 * h)));
                INDArray bh = Nd4j.concat(1, rz, b.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * h, 4 * h)));
                return new INDArray[]{w.transpose(), rw.transpose(), bi, bh};
            }
            case "rnn":
                return new INDArray[]{w.transpose(), rw.transpose(), b, b};
            default:
                INDArray tb = TorchWeights.torchLstmColumns(b, h);
                return new INDArray[]{TorchWeights.torchLstmColumns(w, h).transpose(),
                        TorchWeights.torchLstmColumns(rw, h).transpose(), tb, tb};
        }
    }

    /** The layers of a fixture, loaded with its parameters and run forward and backward. */
    static final class Run {
        final int dirs;
        final Layer[][] layers;
        final INDArray[][][] gradients;
        final INDArray output;
        final INDArray inputGradient;

        Run(GoldenFixture f) {
            dirs = f.bidirectional ? 2 : 1;
            INDArray x = f.get("input");
            int steps = (int) x.size(1);
            long h = f.get("weight_hh_l0").size(1);
            ComputationGraph net = graph(f, (int) x.size(2), (int) h);
            net.initGradientsView();
            layers = new Layer[f.layers][dirs];
            gradients = new INDArray[f.layers][dirs][];
            INDArray mask = f.mask(steps);
            var ws = LayerWorkspaceMgr.noWorkspaces();
            INDArray cur = x;
            for (int l = 0; l < f.layers; l++) {
                INDArray[] outs = new INDArray[dirs];
                for (int d = 0; d < dirs; d++) {
                    String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                    Layer layer = net.getLayer((d == 0 ? "f" : "b") + l);
                    TorchWeights.load(layer, f.get("weight_ih" + suffix), f.get("weight_hh" + suffix),
                            f.get("bias_ih" + suffix), f.get("bias_hh" + suffix));
                    layer.setMaskArray(mask);
                    layer.setInput(d == 0 ? cur : reverse(cur, f.lengths), ws);
                    INDArray out = layer.activate(true, ws).dup();
                    outs[d] = d == 0 ? out : reverse(out, f.lengths);
                    layers[l][d] = layer;
                }
                cur = dirs == 1 ? outs[0] : Nd4j.concat(2, outs[0], outs[1]);
            }
            output = cur;
            INDArray eps = f.get("R");
            for (int l = f.layers - 1; l >= 0; l--) {
                INDArray below = null;
                for (int d = 0; d < dirs; d++) {
                    INDArray e = eps.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(d * h, (d + 1) * h)).dup();
                    var result = layers[l][d].backpropGradient(d == 0 ? e : reverse(e, f.lengths), ws);
                    gradients[l][d] = new INDArray[]{result.getFirst().getGradientFor("W").dup(),
                            result.getFirst().getGradientFor("RW").dup(), result.getFirst().getGradientFor("b").dup()};
                    INDArray dx = d == 0 ? result.getSecond().dup() : reverse(result.getSecond(), f.lengths);
                    below = below == null ? dx : below.add(dx);
                }
                eps = below;
            }
            inputGradient = eps;
        }

        /** One input per layer position, so that each layer can be driven on its own (NWC data). */
        private static ComputationGraph graph(GoldenFixture f, int nIn, int h) {
            var g = new NeuralNetConfiguration.Builder().seed(1).dataType(f.type).updater(new Sgd(0.1))
                    .weightInit(WeightInit.XAVIER).graphBuilder();
            List<String> outputs = new ArrayList<>();
            for (int l = 0; l < f.layers; l++) {
                g.addInputs("x" + l);
                int width = l == 0 ? nIn : h * (f.bidirectional ? 2 : 1);
                for (String d : f.bidirectional ? new String[]{"f", "b"} : new String[]{"f"}) {
                    g.addLayer(d + l, layer(f.cell, width, h), "x" + l);
                    outputs.add(d + l);
                }
            }
            ComputationGraph net = new ComputationGraph(g.setOutputs(outputs.toArray(new String[0])).build());
            net.init();
            return net;
        }
    }

    static BaseRecurrentLayer layer(String cell, int nIn, int h) {
        return switch (cell) {
            case "gru" -> new FusedGru.Builder().nIn(nIn).nOut(h).dataFormat(RNNFormat.NWC).build();
            case "rnn" -> new FusedRnn.Builder().nIn(nIn).nOut(h).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NWC).build();
            default -> new FusedLstm.Builder().nIn(nIn).nOut(h).activation(Activation.TANH)
                    .dataFormat(RNNFormat.NWC).build();
        };
    }

    /** Each example's first {@code lengths[e]} steps reversed; the padding after them kept [N, T, C]. */
    static INDArray reverse(INDArray a, int[] lengths) {
        INDArray out = a.dup();
        for (int e = 0; e < lengths.length; e++) {
            for (int t = 0; t < lengths[e]; t++) {
                out.get(NDArrayIndex.point(e), NDArrayIndex.point(t), NDArrayIndex.all())
                        .assign(a.get(NDArrayIndex.point(e), NDArrayIndex.point(lengths[e] - 1 - t), NDArrayIndex.all()));
            }
        }
        return out;
    }
}
