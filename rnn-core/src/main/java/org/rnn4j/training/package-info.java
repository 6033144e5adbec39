/** Training settings ({@link org.rnn4j.training.FitOptions}), listeners and console progress. */
package org.rnn4j.training;
