package org.rnn4j.training;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints step-based training: a progress line redrawn in place, and one permanent line per held-out measurement
 * with the training loss, the held-out loss in nats and bits per character, milliseconds per step and the
 * estimated time left.
 */
public final class StepProgress implements StepListener {
    private final PrintStream out;
    private long start;
    private int firstStep;
    private long lastDraw;

    /** @param out where to print, e.g. {@code System.out} */
    public StepProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStep(int step, int steps, double loss) {
        long now = System.nanoTime();
        if (start == 0) {
            start = now;
            firstStep = step - 1;
        }
        if (step != steps && now - lastDraw < 1_000_000_000L) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        double eta = elapsed / (step - firstStep) * (steps - step);
        out.printf(Locale.ROOT, "\rstep %d/%d loss %.4f  %s elapsed, %s left   ", step, steps, loss,
                ConsoleProgress.time(elapsed), ConsoleProgress.time(eta));
        out.flush();
    }

    @Override
    public void onValidation(StepResult r) {
        out.printf(Locale.ROOT, "\rstep %d loss %.4f | held-out %.4f nats %.4f bits/char | %.0f ms/step%s%n",
                r.step(), r.trainingLoss(), r.validationLoss(), r.validationBits(), r.millisPerStep(),
                " ".repeat(20));
    }

    @Override
    public void onCheckpoint(int step, Path file) {
        out.printf(Locale.ROOT, "\rcheckpoint at step %d written to %s%s%n", step, file, " ".repeat(20));
    }
}
