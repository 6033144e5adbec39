package org.rnn4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A downloaded file whose SHA-256 is not the expected one. Nothing was saved: the partial download was deleted.
 */
public final class ChecksumMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final String expected;
    private final String actual;

    ChecksumMismatchException(String url, Path target, String expected, String actual, long bytes) {
        super("checksum mismatch for " + url + ": expected SHA-256 " + expected + ", got " + actual + " (" + bytes
                + " bytes received); the download was discarded and " + target + " was not written");
        this.url = url;
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the URL downloaded */
    public String url() {
        return url;
    }

    /** @return the expected SHA-256, lower-case hex */
    public String expected() {
        return expected;
    }

    /** @return the SHA-256 of what was received, lower-case hex */
    public String actual() {
        return actual;
    }
}
