/**
 * Recurrent layers of our own for DL4J networks.
 *
 * <p>{@link org.rnn4j.layers.FusedLstm} is a drop-in replacement for DL4J's {@code LSTM} layer configuration (same
 * parameters, keys, gate order, initialisation and updater state, so weights and Adam state can be copied between
 * the two) whose implementation, {@link org.rnn4j.layers.FusedLstmLayer}, makes fewer and larger native calls: one
 * GEMM for the input projection of all time steps, one recurrent GEMM per step, and the weight and input gradients
 * as single GEMMs over all steps.
 *
 * <p>Which file does what:
 * <ul>
 *   <li>{@code FusedLstm}: the configuration (what a network's configuration and saved model files name);</li>
 *   <li>{@code FusedLstmLayer}: the layer DL4J instantiates, a thin adapter: checks the input, runs the GEMMs and
 *       moves data between INDArrays and the buffers below;</li>
 *   <li>{@code RecurrentPass}: a pass's time-major ND4J buffers, kept from the forward pass for the backward pass, and
 *       the copies of one step's rows to and from Java arrays;</li>
 *   <li>{@code RepeatedRows}: the few distinct rows of an embedding's output, projected once each;</li>
 *   <li>{@code FloatStepArrays}, {@code DoubleStepArrays}: the Java arrays one step is computed in;</li>
 *   <li>{@code FloatLstmStep}, {@code DoubleLstmStep}: the kernels, one step's element-wise forward and backward
 *       arithmetic (gate activations, cell, output, masks, gate derivatives) over those arrays, in float and in
 *       double, with no DL4J types;</li>
 *   <li>{@code FloatTanh}: the vectorisable tanh (and sigmoid) of the float kernel.</li>
 * </ul>
 */
package org.rnn4j.layers;
