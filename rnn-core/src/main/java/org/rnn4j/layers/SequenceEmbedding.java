package org.rnn4j.layers;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of an embedding of index sequences computed by {@link SequenceEmbeddingLayer}: DL4J's
 * {@link EmbeddingSequenceLayer} (it extends it, with every setting and parameter of it) whose backward pass sums
 * the incoming gradient per index in Java, where it lies. Its weight gradient is bit for bit DL4J's.
 *
 * <pre>{@code
 * .addLayer("embedding", new SequenceEmbedding.Builder().nIn(57).nOut(256).build(), "chars")
 * }</pre>
 */
public class SequenceEmbedding extends EmbeddingSequenceLayer {

    /** For JSON deserialization and {@link #of}; use {@link Builder} or {@link #of}. */
    public SequenceEmbedding() {
    }

    /**
     * @param layer a DL4J EmbeddingSequenceLayer configuration
     * @return a sequence embedding with every setting of {@code layer}
     */
    public static SequenceEmbedding of(EmbeddingSequenceLayer layer) {
        return ConfigCopy.settings(EmbeddingSequenceLayer.class, layer, new SequenceEmbedding());
    }

    /** DL4J's {@code EmbeddingSequenceLayer.Builder} whose {@code build()} returns a {@link SequenceEmbedding}. */
    public static final class Builder extends EmbeddingSequenceLayer.Builder {
        @Override
        public SequenceEmbedding build() {
            return of(super.build());
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        return Instantiation.wire(new SequenceEmbeddingLayer(conf, networkDataType), conf, listeners, layerIndex,
                layerParamsView, initializeParams);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof SequenceEmbedding;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceEmbedding && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 3;
    }

    @Override
    public String toString() {
        return "Sequence" + super.toString();
    }
}
