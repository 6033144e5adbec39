/** The models: {@link org.rnn4j.model.SequenceClassifier} (many-to-one classification) and their one-file format. */
package org.rnn4j.model;
