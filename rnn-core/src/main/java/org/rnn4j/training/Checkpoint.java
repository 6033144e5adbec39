package org.rnn4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Saves the model being trained after every {@code every}-th epoch and after the last epoch of the call, written
 * atomically ({@link Trainable#save(Path)}), so a killed run leaves the previous checkpoint intact. Load the file
 * with the model's {@code load} and call {@code fit} again: training continues at the saved step, drawing the
 * batches the uninterrupted run would have drawn.
 */
public final class Checkpoint implements TrainingListener {
    private final Path file;
    private final int every;

    /** @param file the checkpoint file, rewritten after every epoch */
    public Checkpoint(Path file) {
        this(file, 1);
    }

    /**
     * @param file the checkpoint file
     * @param every epochs between checkpoints, &gt;= 1
     */
    public Checkpoint(Path file, int every) {
        if (file == null) {
            throw new IllegalArgumentException("checkpoint file must not be null");
        }
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + every);
        }
        this.file = file;
        this.every = every;
    }

    /** @return the checkpoint file */
    public Path file() {
        return file;
    }

    @Override
    public void onEpochEnd(TrainingEvent e) {
        if (e.epoch() % every == 0 || e.epoch() == e.lastEpoch()) {
            try {
                e.model().save(file);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write checkpoint " + file + ": " + ex.getMessage(), ex);
            }
        }
    }
}
