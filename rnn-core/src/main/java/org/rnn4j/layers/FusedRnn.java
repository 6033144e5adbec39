package org.rnn4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a vanilla RNN layer ({@code h_t = tanh(x_t W + h_{t-1} RW + b)}) computed by
 * {@link FusedRnnLayer}: the same layer as DL4J's {@link SimpleRnn} (it extends it), with its parameters
 * {@code "W"} [nIn, H], {@code "RW"} [H, H], {@code "b"} [1, H] and initialisation, so parameters and updater state
 * copy between the two. PyTorch's {@code torch.nn.RNN}: {@code W} = {@code weight_ih_l0}^T, {@code RW} =
 * {@code weight_hh_l0}^T, {@code b} = {@code bias_ih_l0 + bias_hh_l0}. Activation tanh only; no layer
 * normalisation.
 *
 * <pre>{@code
 * .addLayer("rnn", new FusedRnn.Builder().nIn(64).nOut(128).activation(Activation.TANH).build(), "in")
 * }</pre>
 */
public class FusedRnn extends SimpleRnn implements EmbeddingInput {

    /** See {@link EmbeddingInput#setEmbeddingInput(boolean)}. */
    private boolean embeddingInput;

    /** For JSON deserialization and {@link #of}; use {@link Builder} or {@link #of}. */
    public FusedRnn() {
        super(new SimpleRnn.Builder());
    }

    /**
     * @param rnn a DL4J SimpleRnn configuration
     * @return a fused RNN with every setting of {@code rnn}
     */
    public static FusedRnn of(SimpleRnn rnn) {
        return ConfigCopy.settings(SimpleRnn.class, rnn, new FusedRnn());
    }

    /** Builder: DL4J's {@code SimpleRnn.Builder} whose {@code build()} returns a {@link FusedRnn}. */
    public static final class Builder extends SimpleRnn.Builder {
        @Override
        public FusedRnn build() {
            return of(super.build());
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedRnn", getLayerName(), layerIndex, getNIn(), getNOut());
        if (!(getActivationFn() instanceof ActivationTanH)) {
            throw new IllegalArgumentException("FusedRnn layer '" + getLayerName()
                    + "' supports activation tanh only, got " + getActivationFn());
        }
        if (hasLayerNorm()) {
            throw new IllegalArgumentException("FusedRnn layer '" + getLayerName()
                    + "' does not support layer normalisation");
        }
        return Instantiation.wire(new FusedRnnLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
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
        return other instanceof FusedRnn;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedRnn f && super.equals(o) && embeddingInput == f.embeddingInput;
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + (embeddingInput ? 8 : 7);
    }

    @Override
    public String toString() {
        return "Fused" + super.toString();
    }
}
