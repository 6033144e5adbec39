package org.rnn4j.layers;

/**
 * A fused recurrent layer configuration that may declare its input to come straight from an embedding layer; see
 * {@link FusedLstm#setEmbeddingInput(boolean)}, which the GRU and RNN configurations share.
 */
public interface EmbeddingInput {
    /** @return whether the layer passes down the shortened input gradient of {@link #setEmbeddingInput(boolean)} */
    boolean isEmbeddingInput();

    /**
     * Declares that this layer's input comes straight from an {@code EmbeddingSequenceLayer} without a mask and that
     * the layer itself has no dropout. The gradient it then passes down is shortened: where the batch's input rows
     * repeat (a small vocabulary, as characters), the gradient of the rows of each distinct input is summed and
     * placed on its first occurrence, and the other occurrences get zero. An embedding layer sums the gradient per
     * index anyway, so its weight gradient is the same (up to float rounding) as from the full input gradient, which
     * costs a GEMM {@code [T*N, gH] x [gH, nIn]} that this replaces with one of {@code k} rows (k distinct inputs).
     * Exact when distinct indices have distinct embedding rows, as they have after random initialisation. The
     * gradient is the full one whenever the rows do not repeat enough, a mask is set or dropout is configured.
     *
     * @param embeddingInput {@code true} only when the layer below is an embedding layer
     */
    void setEmbeddingInput(boolean embeddingInput);
}
