package org.rnn4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a GRU layer computed by {@link FusedGruLayer}, with PyTorch's equations ({@code torch.nn.GRU}:
 * the reset gate multiplies {@code W_hn h + b_hn}), which DL4J 1.0.0-M2.1 does not have. Activations are fixed
 * (sigmoid gates, tanh new gate); the layer's {@code activation} setting is not used.
 *
 * <p>Parameters ({@link GruParamInitializer}), gate blocks of H columns in PyTorch's order r | z | n:
 * <ul>
 *   <li>{@code "W"} [nIn, 3H] = PyTorch's {@code weight_ih_l0} [3H, nIn] transposed;</li>
 *   <li>{@code "RW"} [H, 3H] = {@code weight_hh_l0} [3H, H] transposed;</li>
 *   <li>{@code "b"} [1, 4H] = {@code b_ir + b_hr | b_iz + b_hz | b_in | b_hn}: the r and z biases only ever appear
 *       summed, so they are stored summed; the new gate's two biases differ in role ({@code b_hn} is multiplied
 *       by r) and are kept apart. PyTorch's biases map exactly onto these and back (splitting a sum as one likes).</li>
 * </ul>
 *
 * <pre>{@code
 * .addLayer("gru", new FusedGru.Builder().nIn(256).nOut(512).build(), "embedding")
 * }</pre>
 *
 * <p>Supported as for {@link FusedLstm}: NCW or NWC data, dropout on the input, weight noise, {@code rnnTimeStep}
 * with stored state, masks, batches of varying length, {@link EmbeddingInput}; not truncated BPTT. Serializes to
 * JSON like any DL4J layer.
 */
public class FusedGru extends BaseRecurrentLayer implements EmbeddingInput {

    /** See {@link EmbeddingInput#setEmbeddingInput(boolean)}. */
    private boolean embeddingInput;

    /** For JSON deserialization; use {@link Builder}. */
    public FusedGru() {
    }

    private FusedGru(Builder b) {
        super(b);
    }

    /** Builder of a {@link FusedGru}: {@code nIn}, {@code nOut} (H), weight initialisation, dropout, data format. */
    public static final class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public FusedGru build() {
            return new FusedGru(this);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedGru", getLayerName(), layerIndex, getNIn(), getNOut());
        return Instantiation.wire(new FusedGruLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return GruParamInitializer.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), FusedGru.class, inputType, getOutputType(-1, inputType))
                .standardMemory(params, getIUpdater() == null ? 0 : getIUpdater().stateSize(params))
                .workingMemory(0, 0, MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public boolean isEmbeddingInput() {
        return embeddingInput;
    }

    @Override
    public void setEmbeddingInput(boolean embeddingInput) {
        this.embeddingInput = embeddingInput;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof FusedGru;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedGru f && super.equals(o) && embeddingInput == f.embeddingInput;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + (embeddingInput ? 8 : 7);
    }

    @Override
    public String toString() {
        return "FusedGru(" + super.toString() + ")";
    }
}
