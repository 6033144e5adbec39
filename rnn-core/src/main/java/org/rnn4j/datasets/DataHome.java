package org.rnn4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.rnn4j.io.AtomicFiles;

/**
 * The dataset cache directory: {@code $RNN_DATA_HOME}, else the system property {@code rnn.data.home},
 * else {@code ~/.rnn4j/data}. Files live under it as {@code imdb/aclImdb_v1.tar.gz},
 * {@code warpeace/warpeace_input.txt} and {@code stocks/19900101_20230630.csv}.
 *
 * <p>A missing file is downloaded from its canonical URL, with progress on {@code System.err}, through
 * {@link AtomicFiles}: it appears under its name only once complete. Set {@code RNN4J_OFFLINE=1} to forbid
 * downloads.
 */
public final class DataHome {
    /** The environment variable that names the cache directory. */
    public static final String ENV = "RNN_DATA_HOME";

    private final Path root;
    private final boolean offline;

    private DataHome(Path root, boolean offline) {
        this.root = root;
        this.offline = offline;
    }

    /** @return the cache named by the environment, or the default {@code ~/.rnn4j/data} */
    public static DataHome fromEnvironment() {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("rnn.data.home");
        }
        Path root = dir == null || dir.isBlank() ? Paths.get(System.getProperty("user.home"), ".rnn4j", "data")
                : Paths.get(dir);
        return new DataHome(root, "1".equals(System.getenv("RNN4J_OFFLINE")));
    }

    /**
     * @param root the cache directory
     * @param offline when true, missing files are an error instead of a download
     * @return a cache over {@code root}
     */
    public static DataHome at(Path root, boolean offline) {
        return new DataHome(root, offline);
    }

    /** @return the cache directory */
    public Path root() {
        return root;
    }

    /**
     * Returns the cached file, downloading it first when it is missing.
     *
     * @param relative path inside the cache, e.g. {@code imdb/aclImdb_v1.tar.gz}
     * @param url canonical download URL
     * @return the file
     * @throws IOException when the file is missing and cannot be downloaded; the message names the URL and
     *     the variable
     */
    public Path resolve(String relative, String url) throws IOException {
        Path file = root.resolve(relative);
        if (Files.isRegularFile(file)) {
            return file;
        }
        String help = "Download " + url + " to " + file + ", or set " + ENV + " to a directory holding "
                + relative + ".";
        if (offline) {
            throw new IOException("dataset file " + file + " is missing and downloads are off. " + help);
        }
        try {
            download(url, file);
        } catch (IOException e) {
            throw new IOException("dataset file " + file + " is missing and the download failed (" + e + "). "
                    + help, e);
        }
        return file;
    }

    private static void download(String url, Path target) throws IOException {
        AtomicFiles.write(target, out -> {
            URLConnection c = URI.create(url).toURL().openConnection();
            c.setConnectTimeout(20_000);
            c.setReadTimeout(60_000);
            long total = c.getContentLengthLong();
            try (InputStream in = c.getInputStream()) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                long lastPrint = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    if (done - lastPrint > (4 << 20)) {
                        lastPrint = done;
                        System.err.printf(Locale.ROOT, "\rdownloading %s: %.1f MB%s", url, done / 1e6,
                                total > 0 ? String.format(Locale.ROOT, " of %.1f MB", total / 1e6) : "");
                    }
                }
                if (total > 0 && done != total) {
                    throw new IOException("download truncated: got " + done + " of " + total + " bytes");
                }
                System.err.printf(Locale.ROOT, "\rdownloaded %s: %.1f MB%n", url, done / 1e6);
            }
        });
    }
}
