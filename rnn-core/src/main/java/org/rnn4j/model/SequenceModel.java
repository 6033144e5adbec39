package org.rnn4j.model;

import java.util.List;
import org.rnn4j.metrics.Metrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.Trainable;

/**
 * The contract of every rnn4j model: {@code fit} on training data (with an optional validation set), then
 * {@code evaluate}, {@code predict...} and {@code save}; each model class has a static {@code load}. All three
 * train through the same {@link org.rnn4j.training.TrainingLoop}, with the same {@link FitOptions} and listeners.
 *
 * @param <D> the model's data: labelled texts, windows with targets, or a text
 * @param <M> what {@link #evaluate} returns
 */
public interface SequenceModel<D, M extends Metrics> extends Trainable {
    /**
     * Trains {@link FitOptions#epochs()} epochs, continuing from {@link #trainedSteps()}.
     *
     * @param train the training data
     * @param validation scored after every epoch (and watched by early stopping), or {@code null}
     * @param options epochs, batch size, early stopping, listeners
     * @return one result per epoch trained
     * @throws IllegalArgumentException naming bad data or an option this model cannot apply, before any training
     */
    List<EpochResult> fit(D train, D validation, FitOptions options);

    /**
     * Trains without a validation set.
     *
     * @param train the training data
     * @param options epochs, batch size, listeners
     * @return one result per epoch trained
     */
    default List<EpochResult> fit(D train, FitOptions options) {
        return fit(train, null, options);
    }

    /**
     * @param data data with the true answers
     * @return the model's figures on it
     */
    M evaluate(D data);
}
