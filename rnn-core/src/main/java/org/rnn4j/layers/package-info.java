/**
 * Recurrent layers of our own for DL4J networks.
 *
 * <p>{@link org.rnn4j.layers.FusedLstm} is a drop-in replacement for DL4J's {@code LSTM} layer configuration (same
 * parameters, keys, gate order, initialisation and updater state, so weights and Adam state can be copied between
 * the two); {@link org.rnn4j.layers.FusedGru} is a GRU with PyTorch's equations (DL4J has none) and
 * {@link org.rnn4j.layers.FusedRnn} the vanilla tanh RNN of DL4J's {@code SimpleRnn}. Their implementations make
 * fewer and larger native calls than DL4J's layers: one GEMM for the input projection of all time steps, one
 * recurrent GEMM per step, and the weight and input gradients as single GEMMs over all steps.
 * {@link org.rnn4j.layers.TorchWeights} loads PyTorch's parameters into any of them. {@link
 * org.rnn4j.layers.SequenceEmbedding} and {@link org.rnn4j.layers.SequenceOutput} are DL4J's
 * {@code EmbeddingSequenceLayer} and {@code RnnOutputLayer} with leaner training steps (bit for bit the same
 * gradients and score).
 *
 * <p>Which file does what:
 * <ul>
 *   <li>{@code FusedLstm}, {@code FusedGru}, {@code FusedRnn}: the configurations (what a network's configuration
 *       and saved model files name); {@code GruParamInitializer} the GRU's parameter layout;</li>
 *   <li>{@code FusedRecurrentLayer}: what the layers DL4J instantiates share, a thin adapter: checks the input, runs
 *       the GEMMs and moves data between INDArrays and the buffers below; {@code FusedLstmLayer},
 *       {@code FusedGruLayer}, {@code FusedRnnLayer}: each cell's state and step copies;</li>
 *   <li>{@code RecurrentPass}: a pass's time-major ND4J buffers, kept from the forward pass for the backward
 *       pass;</li>
 *   <li>{@code RepeatedRows}: the few distinct rows of an embedding's output, projected once each;</li>
 *   <li>{@code FloatStepArrays}, {@code DoubleStepArrays}: the Java arrays one step is computed in;</li>
 *   <li>{@code FloatLstmStep}, {@code DoubleLstmStep}, {@code FloatGruStep}, {@code DoubleGruStep},
 *       {@code RnnStep}: the kernels, one step's element-wise forward and backward arithmetic (activations,
 *       state, output, masks, gate derivatives) over those arrays, in float and in double, with no DL4J types;</li>
 *   <li>{@code FloatTanh}: the vectorisable tanh (and sigmoid) of the float kernels;</li>
 *   <li>{@code SequenceEmbedding}, {@code SequenceEmbeddingLayer}, {@code SequenceOutput},
 *       {@code SequenceOutputLayer}: the embedding of index sequences and the output layer over every time step
 *       (the language model's), their configurations and layers.</li>
 * </ul>
 */
package org.rnn4j.layers;
