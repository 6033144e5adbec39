package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures of a test run: printed, and appended to the file named by the system property
 * {@code rnn4j.spark.report} when it is set ({@code scripts/spark_runs.sh} sets it).
 */
final class Report {
    private Report() {
    }

    static void line(String format, Object... args) {
        String s = String.format(java.util.Locale.ROOT, format, args);
        System.out.println("[rnn-spark] " + s);
        String file = System.getProperty("rnn4j.spark.report");
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), s + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
