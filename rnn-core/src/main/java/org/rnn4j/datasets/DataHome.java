package org.rnn4j.datasets;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset cache directory: {@code $RNN_DATA_HOME}, else the system property {@code rnn.data.home},
 * else {@code ~/.rnn4j/data}. Files live under it as {@code imdb/aclImdb_v1.tar.gz},
 * {@code warpeace/warpeace_input.txt} and {@code stocks/19900101_20230630.csv}.
 *
 * <p>A missing file is downloaded from its canonical URL:
 * <ul>
 *   <li>checked against its SHA-256 (the three datasets' hashes are built in; see {@link #resolve(String, String,
 *       String)} for others): a mismatch is a {@link ChecksumMismatchException} that names the URL and both hashes;
 *   <li>retried: {@value #DEFAULT_ATTEMPTS} tries, waiting 1 s and then 2 s between them, when the connection fails,
 *       breaks off or the server answers 5xx, 408 or 429 (not after a 4xx or a checksum mismatch, which a new try
 *       would not change);
 *   <li>written atomically through {@link AtomicFiles}: the bytes go to a hidden temporary file beside the
 *       target, which is renamed only once complete and verified, and deleted on any failure;
 *   <li>reported through SLF4J (logger {@code org.rnn4j.datasets.DataHome}: the start and end at INFO, failed
 *       tries at WARN) and to a {@link DownloadProgress} ({@link #withProgress}, or {@link #setDefaultProgress}
 *       for the caches of {@link #fromEnvironment}).
 * </ul>
 * Files already in the cache are used as they are, without a checksum: a cache may hold an equivalent copy (the
 * shared IMDb archive is a repack of the original, for instance). Set {@code RNN4J_OFFLINE=1} to forbid downloads.
 */
public final class DataHome {
    /** The environment variable that names the cache directory. */
    public static final String ENV = "RNN_DATA_HOME";
    /** How many times a download is tried by default. */
    public static final int DEFAULT_ATTEMPTS = 3;
    private static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(DataHome.class);

    /**
     * SHA-256 of what each canonical URL serves. War and Peace and the stock CSV are the sha256sum of the byte-exact
     * copies in the shared data cache (their SOURCE.md files give the provenance); the IMDb hash is the published
     * one of the original 84 MB Stanford archive (the shared cache holds a repack with another hash, which is
     * never checked because cached files are not).
     */
    private static final Map<String, String> KNOWN_SHA256 = Map.of(
            ImdbDataset.URL, "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe",
            TextCorpus.WAR_AND_PEACE_URL, "fb66ba999dafe24017cdd59e04c56d385a9c8466993d374fd4c6f08b2142985e",
            StockDataset.URL, "8ac0665fc7a006826506964a6b3fd9bc09491a5bcc6141b7549c4e56187efa22");

    private static volatile DownloadProgress defaultProgress = DownloadProgress.NONE;

    private final Path root;
    private final boolean offline;
    /** null: {@link #defaultProgress} at the time of the download */
    private final DownloadProgress progress;
    private final int attempts;
    private final Duration backoff;

    private DataHome(Path root, boolean offline, DownloadProgress progress, int attempts, Duration backoff) {
        this.root = root;
        this.offline = offline;
        this.progress = progress;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** @return the cache named by the environment, or the default {@code ~/.rnn4j/data} */
    public static DataHome fromEnvironment() {
        String dir = System.getenv(ENV);
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("rnn.data.home");
        }
        Path root = dir == null || dir.isBlank() ? Paths.get(System.getProperty("user.home"), ".rnn4j", "data")
                : Paths.get(dir);
        return at(root, "1".equals(System.getenv("RNN4J_OFFLINE")));
    }

    /**
     * @param root the cache directory
     * @param offline when true, missing files are an error instead of a download
     * @return a cache over {@code root}
     */
    public static DataHome at(Path root, boolean offline) {
        return new DataHome(root, offline, null, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /**
     * Sets the progress listener of every cache that has none of its own ({@link #withProgress}), such as those of
     * {@link #fromEnvironment}: a command-line program sets it once at start to draw a progress bar.
     *
     * @param listener the listener; null for none
     */
    public static void setDefaultProgress(DownloadProgress listener) {
        defaultProgress = listener == null ? DownloadProgress.NONE : listener;
    }

    /**
     * @param listener told of the downloads of the returned cache
     * @return this cache with {@code listener}
     * @throws IllegalArgumentException when {@code listener} is null
     */
    public DataHome withProgress(DownloadProgress listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null (use DownloadProgress.NONE)");
        }
        return new DataHome(root, offline, listener, attempts, backoff);
    }

    /**
     * @param attempts how many times to try a download, at least 1
     * @param firstBackoff the wait after the first failed try; it doubles after each further one
     * @return this cache with that retry policy
     * @throws IllegalArgumentException when {@code attempts < 1} or {@code firstBackoff} is null or negative
     */
    public DataHome withRetries(int attempts, Duration firstBackoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        if (firstBackoff == null || firstBackoff.isNegative()) {
            throw new IllegalArgumentException("firstBackoff must be >= 0, got " + firstBackoff);
        }
        return new DataHome(root, offline, progress, attempts, firstBackoff);
    }

    /** @return the cache directory */
    public Path root() {
        return root;
    }

    /**
     * Returns the cached file, downloading it first when it is missing, checked against the built-in SHA-256 of
     * {@code url} (IMDb, War and Peace and the stock CSV); a URL without one is downloaded unchecked, with a
     * warning.
     *
     * @param relative path inside the cache, e.g. {@code imdb/aclImdb_v1.tar.gz}
     * @param url canonical download URL
     * @return the file
     * @throws ChecksumMismatchException when the download does not have the expected SHA-256
     * @throws IOException when the file is missing and cannot be downloaded; the message names the URL and
     *     the variable
     */
    public Path resolve(String relative, String url) throws IOException {
        return resolve(relative, url, KNOWN_SHA256.get(url));
    }

    /**
     * Returns the cached file, downloading it first when it is missing and checking the download's SHA-256.
     *
     * @param relative path inside the cache
     * @param url download URL ({@code http}, {@code https} or {@code file})
     * @param sha256 the expected SHA-256 of the download in hex, or null to skip the check
     * @return the file
     * @throws ChecksumMismatchException when the download does not have the expected SHA-256
     * @throws IOException when the file is missing and cannot be downloaded; the message names the URL and
     *     the variable
     */
    public Path resolve(String relative, String url, String sha256) throws IOException {
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
            download(url, file, sha256 == null ? null : sha256.toLowerCase(Locale.ROOT));
        } catch (ChecksumMismatchException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("dataset file " + file + " is missing and the download failed (" + e.getMessage()
                    + "). " + help, e);
        }
        return file;
    }

    /** @return the built-in SHA-256 of what {@code url} serves, or null */
    static String knownSha256(String url) {
        return KNOWN_SHA256.get(url);
    }

    private void download(String url, Path target, String sha256) throws IOException {
        DownloadProgress listener = progress != null ? progress : defaultProgress;
        if (sha256 == null) {
            LOG.warn("No SHA-256 known for {}: the download will not be verified", url);
        }
        LOG.info("Downloading {} to {}", url, target);
        boolean success = false;
        try {
            long wait = backoff.toMillis();
            for (int attempt = 1; ; attempt++) {
                try {
                    long bytes = fetch(url, target, sha256, attempt, listener);
                    LOG.info("Downloaded {} ({} bytes{})", url, bytes, sha256 == null ? "" : ", SHA-256 verified");
                    success = true;
                    return;
                } catch (ChecksumMismatchException | PermanentFailure e) {
                    LOG.error("Download of {} failed: {}", url, e.getMessage());
                    throw e;
                } catch (IOException e) {
                    if (attempt >= attempts) {
                        LOG.error("Download of {} failed after {} tries: {}", url, attempts, e.toString());
                        throw attempts == 1 ? e : new IOException(e + "; gave up after " + attempts + " tries", e);
                    }
                    LOG.warn("Download of {} failed (try {} of {}): {}; trying again in {} ms", url, attempt,
                            attempts, e, wait);
                    sleep(wait);
                    wait *= 2;
                }
            }
        } finally {
            listener.finished(url, success);
        }
    }

    /** One try: the whole file into a temporary file beside {@code target}, verified, then renamed. */
    private static long fetch(String url, Path target, String sha256, int attempt, DownloadProgress listener)
            throws IOException {
        long[] done = {0};
        AtomicFiles.write(target, out -> {
            URLConnection c = URI.create(url).toURL().openConnection();
            c.setConnectTimeout(20_000);
            c.setReadTimeout(60_000);
            c.setRequestProperty("User-Agent", "rnn4j/" + Version.get());
            try {
                if (c instanceof HttpURLConnection http) {
                    int code = http.getResponseCode();
                    if (code >= 400) {
                        String msg = "HTTP " + code + " " + http.getResponseMessage() + " from " + url;
                        throw code >= 500 || code == 408 || code == 429 ? new IOException(msg)
                                : new PermanentFailure(msg);
                    }
                }
                long total = c.getContentLengthLong();
                MessageDigest digest = sha256Digest();
                listener.update(url, attempt, 0, total);
                try (InputStream in = c.getInputStream()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                        digest.update(buf, 0, n);
                        done[0] += n;
                        listener.update(url, attempt, done[0], total);
                    }
                } catch (FileNotFoundException e) { // a file: URL that names nothing
                    throw new PermanentFailure(e.toString());
                }
                if (total >= 0 && done[0] != total) {
                    throw new IOException("download truncated: got " + done[0] + " of " + total + " bytes");
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (sha256 != null && !sha256.equals(actual)) {
                    throw new ChecksumMismatchException(url, target, sha256, actual, done[0]);
                }
            } finally {
                if (c instanceof HttpURLConnection http) {
                    http.disconnect();
                }
            }
        });
        return done[0];
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a download");
        }
    }

    /** A failure that another try would repeat (HTTP 4xx, a missing file). */
    private static final class PermanentFailure extends IOException {
        private static final long serialVersionUID = 1L;

        PermanentFailure(String message) {
            super(message);
        }
    }
}
