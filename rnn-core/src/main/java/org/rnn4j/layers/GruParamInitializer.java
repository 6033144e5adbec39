package org.rnn4j.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitUtil;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameters of a {@link FusedGru} layer in one flat vector, in this order: {@code "W"} [nIn, 3H],
 * {@code "RW"} [H, 3H] (both column-major views, as DL4J's recurrent layers keep them) and {@code "b"} [1, 4H].
 * The weights are drawn from the layer's weight initialisation ({@code weightInitRecurrent} for {@code RW} where
 * set), the bias is the layer's {@code biasInit} (0 by default).
 */
final class GruParamInitializer implements ParamInitializer {
    static final GruParamInitializer INSTANCE = new GruParamInitializer();
    private static final List<String> KEYS = List.of(FusedRecurrentLayer.W, FusedRecurrentLayer.RW,
            FusedRecurrentLayer.B);

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        FusedGru g = (FusedGru) layer;
        long h = g.getNOut();
        return g.getNIn() * 3 * h + h * 3 * h + 4 * h;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return KEYS.subList(0, 2);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return KEYS.subList(2, 3);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return FusedRecurrentLayer.B.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FusedGru g = (FusedGru) conf.getLayer();
        long nIn = g.getNIn();
        long h = g.getNOut();
        Map<String, INDArray> views = split(g, paramsView);
        if (initializeParams) {
            IWeightInit recurrent = g.getWeightInitFnRecurrent() != null ? g.getWeightInitFnRecurrent()
                    : g.getWeightInitFn();
            g.getWeightInitFn().init(nIn, 3 * h, new long[]{nIn, 3 * h}, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER,
                    views.get(FusedRecurrentLayer.W));
            recurrent.init(h, 3 * h, new long[]{h, 3 * h}, IWeightInit.DEFAULT_WEIGHT_INIT_ORDER,
                    views.get(FusedRecurrentLayer.RW));
            views.get(FusedRecurrentLayer.B).assign(g.getBiasInit());
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split((FusedGru) conf.getLayer(), gradientView);
    }

    /** The three parameter (or gradient) views of a flat vector. */
    private static Map<String, INDArray> split(FusedGru g, INDArray flat) {
        long nIn = g.getNIn();
        long h = g.getNOut();
        if (flat.length() != INSTANCE.numParams(g)) {
            throw new IllegalArgumentException("FusedGru layer " + g.getLayerName() + ": expected "
                    + INSTANCE.numParams(g) + " parameters, got " + flat.length());
        }
        INDArray v = flat.reshape(flat.length());
        long w = nIn * 3 * h;
        long rw = h * 3 * h;
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(FusedRecurrentLayer.W, WeightInitUtil.reshapeWeights(new long[]{nIn, 3 * h},
                v.get(interval(0, w))));
        out.put(FusedRecurrentLayer.RW, WeightInitUtil.reshapeWeights(new long[]{h, 3 * h},
                v.get(interval(w, w + rw))));
        out.put(FusedRecurrentLayer.B, v.get(interval(w + rw, w + rw + 4 * h)).reshape(1, 4 * h));
        return out;
    }
}
