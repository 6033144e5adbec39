package org.rnn4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of an LSTM layer computed by {@link FusedLstmLayer}: the same layer as DL4J's {@link LSTM} (it
 * extends it), with the same parameters ({@code "W"} [nIn, 4H], {@code "RW"} [H, 4H], {@code "b"} [1, 4H], column
 * blocks in DL4J's order: block input, forget gate, output gate, input gate), the same initialisation (DL4J's
 * {@code LSTMParamInitializer}, forget-gate bias {@code forgetGateBiasInit}, 1.0 by default) and the same updater
 * state, so a network's flat parameter and updater vectors can be copied between a DL4J {@code LSTM} and this layer.
 * Only the implementation differs; see {@link FusedLstmLayer}.
 *
 * <pre>{@code
 * .addLayer("lstm", new FusedLstm.Builder().nIn(256).nOut(512).activation(Activation.TANH).build(), "embedding")
 * }</pre>
 *
 * <p>Supported: activation tanh, gate activation sigmoid (DL4J's defaults), NCW or NWC data, dropout on the input
 * ({@code dropOut}), weight noise, {@code rnnTimeStep} with stored state, masks as DL4J's LSTM handles them, batches
 * of varying length. Not supported (a clear error): truncated backpropagation through time, other activations. The class serializes to JSON like any DL4J layer (its
 * class name is the {@code @class} of the layer), so saved networks load back with this layer.
 */
public class FusedLstm extends LSTM implements EmbeddingInput {

    /** See {@link EmbeddingInput#setEmbeddingInput(boolean)}; serialized (absent in older files: false). */
    private boolean embeddingInput;

    /** For JSON deserialization and {@link #of}; use {@link Builder} or {@link #of} to configure. */
    public FusedLstm() {
    }

    /**
     * @param lstm a DL4J LSTM configuration
     * @return a fused LSTM with every setting of {@code lstm} (sizes, activations, initialisation, dropout, updater)
     */
    public static FusedLstm of(LSTM lstm) {
        return ConfigCopy.settings(LSTM.class, lstm, new FusedLstm());
    }

    /** Builder: DL4J's {@code LSTM.Builder} whose {@code build()} returns a {@link FusedLstm}. */
    public static final class Builder extends LSTM.Builder {
        @Override
        public FusedLstm build() {
            return of(super.build());
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FusedLstm", getLayerName(), layerIndex, getNIn(), getNOut());
        checkSupported();
        return Instantiation.wire(new FusedLstmLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    private void checkSupported() {
        if (!(getActivationFn() instanceof ActivationTanH)) {
            throw new IllegalArgumentException("FusedLstm layer '" + getLayerName()
                    + "' supports activation tanh only, got " + getActivationFn());
        }
        if (!(getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException("FusedLstm layer '" + getLayerName()
                    + "' supports gate activation sigmoid only, got " + getGateActivationFn());
        }
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
        return other instanceof FusedLstm;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FusedLstm f && super.equals(o) && embeddingInput == f.embeddingInput;
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
