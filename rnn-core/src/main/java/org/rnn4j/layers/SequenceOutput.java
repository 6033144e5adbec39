package org.rnn4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of an output layer over every time step computed by {@link SequenceOutputLayer}: DL4J's
 * {@link RnnOutputLayer} (it extends it, with every setting, parameter and loss of it), trained with fewer passes
 * over the data. Its training step gives bit for bit DL4J's gradients and score.
 *
 * <pre>{@code
 * .addLayer("out", new SequenceOutput.Builder(LossFunction.MCXENT).nIn(512).nOut(57)
 *         .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "lstm0")
 * }</pre>
 */
public class SequenceOutput extends RnnOutputLayer {

    /** For JSON deserialization and {@link #of}; use {@link Builder} or {@link #of}. */
    public SequenceOutput() {
    }

    /**
     * @param layer a DL4J RnnOutputLayer configuration
     * @return a sequence output with every setting of {@code layer}
     */
    public static SequenceOutput of(RnnOutputLayer layer) {
        return ConfigCopy.settings(RnnOutputLayer.class, layer, new SequenceOutput());
    }

    /** Builder: DL4J's {@code RnnOutputLayer.Builder} whose {@code build()} returns a {@link SequenceOutput}. */
    public static final class Builder extends RnnOutputLayer.Builder {
        /** @param loss the loss function */
        public Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction loss) {
            super(loss);
        }

        @Override
        public SequenceOutput build() {
            return of(super.build());
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("SequenceOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return Instantiation.wire(new SequenceOutputLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof SequenceOutput;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceOutput && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 5;
    }

    @Override
    public String toString() {
        return "Sequence" + super.toString();
    }
}
