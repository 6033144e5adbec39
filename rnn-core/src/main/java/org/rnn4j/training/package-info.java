/**
 * How every rnn4j model trains: one {@link org.rnn4j.training.FitOptions} type, one
 * {@link org.rnn4j.training.TrainingLoop}, one {@link org.rnn4j.training.TrainingListener} interface receiving
 * {@link org.rnn4j.training.TrainingEvent}s, and the listeners {@link org.rnn4j.training.ConsoleProgress} and
 * {@link org.rnn4j.training.Checkpoint}.
 */
package org.rnn4j.training;
