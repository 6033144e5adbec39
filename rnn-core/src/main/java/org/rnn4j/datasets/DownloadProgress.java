package org.rnn4j.datasets;

/**
 * Follows a dataset download of {@link DataHome}, e.g. to draw a progress bar. Calls come from the downloading
 * thread, one download at a time per {@link DataHome#resolve} call.
 *
 * <pre>{@code
 * DataHome home = DataHome.fromEnvironment().withProgress((url, attempt, bytes, total) ->
 *         System.err.printf("\r%s: %,d of %,d bytes", url, bytes, total));
 * }</pre>
 */
@FunctionalInterface
public interface DownloadProgress {
    /** Reports nothing. */
    DownloadProgress NONE = (url, attempt, bytesRead, totalBytes) -> {
    };

    /**
     * Called with {@code bytesRead = 0} when a try starts, then after every chunk read.
     *
     * @param url what is downloaded
     * @param attempt the try, from 1; a larger value than before means the previous try failed and this one
     *     starts again from the first byte
     * @param bytesRead bytes received in this try
     * @param totalBytes the size the server announced, or -1 when it announced none
     */
    void update(String url, int attempt, long bytesRead, long totalBytes);

    /**
     * Called once when the download is over, after the last {@link #update}.
     *
     * @param url what was downloaded
     * @param success true when the file was received whole, matched its checksum and is in place
     */
    default void finished(String url, boolean success) {
    }
}
