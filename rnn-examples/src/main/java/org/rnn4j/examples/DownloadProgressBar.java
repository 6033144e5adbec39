package org.rnn4j.examples;

import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.rnn4j.datasets.DownloadProgress;

/**
 * Draws dataset downloads (see {@link org.rnn4j.datasets.DataHome}) as a progress bar: file name, percentage,
 * megabytes, speed and time left; a new bar for each try after a failed one. {@link Rnn4jCli#main} installs it for
 * every command.
 */
final class DownloadProgressBar implements DownloadProgress {
    private final Supplier<ProgressBarConsumer> consumers;
    private final int updateMillis;
    private ProgressBar bar;
    private String url;
    private int attempt;

    /**
     * @param consumers a new output for each bar
     * @param updateMillis how often a bar is redrawn
     */
    DownloadProgressBar(Supplier<ProgressBarConsumer> consumers, int updateMillis) {
        this.consumers = consumers;
        this.updateMillis = updateMillis;
    }

    /**
     * @return a bar on standard error: redrawn in place five times a second on a terminal, else (output redirected
     *     to a file or a pipe) one line every 5 seconds
     */
    static DownloadProgressBar onStandardError() {
        boolean terminal = System.console() != null;
        return terminal ? new DownloadProgressBar(() -> new ConsoleProgressBarConsumer(System.err), 200)
                : new DownloadProgressBar(() -> new DelegatingProgressBarConsumer(System.err::println), 5_000);
    }

    @Override
    public synchronized void update(String url, int attempt, long bytesRead, long totalBytes) {
        if (bar == null || attempt != this.attempt || !url.equals(this.url)) {
            closeBar();
            this.url = url;
            this.attempt = attempt;
            String name = url.substring(url.lastIndexOf('/') + 1);
            bar = new ProgressBarBuilder()
                    .setTaskName(attempt > 1 ? name + " (try " + attempt + ")" : name)
                    .setInitialMax(totalBytes) // -1: unknown size, an indefinite bar
                    .setUnit(" MB", 1_000_000)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(updateMillis)
                    .setConsumer(consumers.get())
                    .build();
        }
        bar.stepTo(bytesRead);
    }

    @Override
    public synchronized void finished(String url, boolean success) {
        if (bar != null && !success) {
            bar.setExtraMessage(" (failed)");
        }
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close(); // draws the last state
            bar = null;
        }
    }
}
