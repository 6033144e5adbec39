package org.rnn4j.training;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the training loop and its listeners see of a model: how far it has trained, its size, and how to save it.
 * Every rnn4j model ({@code SequenceClassifier}, {@code SequenceRegressor}, {@code CharLanguageModel}) is one.
 */
public interface Trainable {
    /**
     * @return training batches taken over the model's life, including those of the run a loaded file came from;
     *     {@code fit} continues from here
     */
    long trainedSteps();

    /** @return the number of trainable parameters */
    long parameterCount();

    /**
     * Writes the model, with its optimizer state and {@link #trainedSteps()}, to one file, atomically (a
     * temporary file, then a rename): an existing file is left untouched when writing fails.
     *
     * @param file the target file
     * @throws IOException on a write failure
     */
    void save(Path file) throws IOException;
}
