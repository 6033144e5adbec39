package org.rnn4j.examples;

import java.util.Locale;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;

/**
 * Prints one line at epochs 1, 1+N, 1+2N, ... and the last one (as the book prints its stock training), with the
 * mean time per epoch so far and the validation figures when there are some: for runs of many short epochs,
 * where {@link org.rnn4j.training.ConsoleProgress}'s line per epoch would be too many.
 */
final class EpochPrinter implements TrainingListener {
    private final int every;
    private double seconds;
    private int epochs;

    /** @param every epochs between lines */
    EpochPrinter(int every) {
        this.every = every;
    }

    @Override
    public void onEpochEnd(TrainingEvent e) {
        EpochResult r = e.result();
        seconds += r.seconds();
        epochs++;
        if ((r.epoch() - 1) % every == 0 || r.epoch() == e.lastEpoch()) {
            System.out.printf(Locale.ROOT, "epoch %d/%d loss %.4f  %.1f ms/epoch  %.0fs elapsed%s%n", r.epoch(),
                    e.lastEpoch(), r.loss(), 1000 * seconds / epochs, seconds,
                    r.validation() == null ? "" : " | validation " + r.validation().summary());
        }
    }
}
