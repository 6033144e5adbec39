package org.rnn4j.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a one-line progress bar per epoch (redrawn in place) and a summary line at each epoch's end.
 *
 * <p>Kept deliberately small so that rnn-core does not pull a terminal library into users' programs.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final int totalEpochs;
    private long epochStart;
    private long lastDraw;

    /**
     * @param out where to print, e.g. {@code System.err}
     * @param totalEpochs epochs planned, for the "epoch i/n" label
     */
    public ConsoleProgress(PrintStream out, int totalEpochs) {
        this.out = out;
        this.totalEpochs = totalEpochs;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        long now = System.nanoTime();
        if (batch == 1) {
            epochStart = now;
        }
        if (batch != batches && now - lastDraw < 500_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = batch == 0 ? 0 : elapsed / batch * (batches - batch);
        int width = 30;
        int filled = (int) ((long) width * batch / batches);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f  %s elapsed, %s left   ", epoch, totalEpochs,
                "=".repeat(filled), " ".repeat(width - filled), batch, batches, loss, time(elapsed), time(eta));
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "\repoch %d/%d loss %.4f acc %.4f time %.1fs", r.epoch(), totalEpochs, r.loss(), r.accuracy(),
                r.seconds()));
        if (r.validation() != null) {
            line.append(String.format(Locale.ROOT, " | val loss %.4f acc %.4f", r.validation().logLoss(),
                    r.validation().accuracy()));
        }
        out.println(line.append(" ".repeat(20)));
    }

    static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
