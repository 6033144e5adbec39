/**
 * The models: {@link org.rnn4j.model.SequenceClassifier} (many-to-one classification) and their one-file format.
 * {@link org.rnn4j.model.SequenceRegressor} does many-to-one regression (the stock model).
 */
package org.rnn4j.model;
