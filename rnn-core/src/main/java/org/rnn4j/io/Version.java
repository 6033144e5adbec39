package org.rnn4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * rnn4j's version, as the build wrote it: Maven's resource filtering puts the project version into
 * {@code org/rnn4j/version.properties}, so the poms are the one place it is written. Model files record it and
 * the command line's {@code --version} prints it.
 */
public final class Version {
    /** What {@link #get} returns when the build did not fill the file in (e.g. classes compiled by an IDE alone). */
    public static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "/org/rnn4j/version.properties";
    private static final String VERSION = read();

    private Version() {
    }

    /** @return the version, e.g. {@code 0.1.0-SNAPSHOT}, or {@value #UNKNOWN} */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
