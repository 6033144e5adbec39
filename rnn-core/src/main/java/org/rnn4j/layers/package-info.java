/**
 * Recurrent layers of our own for DL4J networks.
 *
 * <p>{@link org.rnn4j.layers.FusedLstm} is a drop-in replacement for DL4J's {@code LSTM} layer configuration (same
 * parameters, keys, gate order, initialisation and updater state, so weights and Adam state can be copied between
 * the two) whose implementation, {@link org.rnn4j.layers.FusedLstmLayer}, makes fewer and larger native calls: one
 * GEMM for the input projection of all time steps, one recurrent GEMM per step, and the weight and input gradients
 * as single GEMMs over all steps.
 */
package org.rnn4j.layers;
