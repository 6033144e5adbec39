package org.rnn4j.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints training progress for any model: a progress bar per epoch, redrawn in place at most twice a second, and
 * one permanent line per epoch with the training loss (and accuracy, for a classifier), the time per batch, and
 * the validation figures when there are some.
 *
 * <p>Kept deliberately small so that rnn-core does not pull a terminal library into users' programs.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private long epochStart;
    private long lastDraw;

    /** @param out where to print, e.g. {@code System.out} */
    public ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onBatchEnd(TrainingEvent e) {
        long now = System.nanoTime();
        if (epochStart == 0 || e.batch() == 1) {
            epochStart = now;
        }
        if (e.batch() != e.batches() && now - lastDraw < 500_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / e.batch() * (e.batches() - e.batch());
        int width = 30;
        int filled = (int) ((long) width * e.batch() / e.batches());
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f  %s elapsed, %s left   ", e.epoch(),
                e.lastEpoch(), "=".repeat(filled), " ".repeat(width - filled), e.batch(), e.batches(), e.loss(),
                time(elapsed), time(eta));
        out.flush();
    }

    @Override
    public void onEpochEnd(TrainingEvent e) {
        EpochResult r = e.result();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "\repoch %d/%d step %d loss %.4f",
                r.epoch(), e.lastEpoch(), r.step(), r.loss()));
        if (!Double.isNaN(r.accuracy())) {
            line.append(String.format(Locale.ROOT, " acc %.4f", r.accuracy()));
        }
        line.append(String.format(Locale.ROOT, " time %.1fs (%.0f ms/batch)", r.seconds(), r.millisPerBatch()));
        if (r.validation() != null) {
            line.append(" | validation ").append(r.validation().summary());
        }
        out.println(line.append(" ".repeat(20)));
        epochStart = 0;
    }

    /**
     * @param seconds a duration
     * @return it as m:ss, or h:mm:ss from an hour
     */
    public static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
