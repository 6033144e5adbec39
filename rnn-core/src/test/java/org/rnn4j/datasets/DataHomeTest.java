package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.TestData;

/** Downloads from a local HTTP server: success, retries, checksum mismatches, nothing half-written left behind. */
class DataHomeTest {
    private static final String FILE = "set/data.bin";
    private static final byte[] BODY = body();
    private static final String SHA = sha256(BODY);

    /** What the server does with the next request. */
    private enum Reply { OK, ERROR_503, NOT_FOUND, TRUNCATED, OTHER_BYTES }

    @TempDir
    Path dir;
    private HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private String url;

    private static byte[] body() {
        byte[] b = new byte[300_000]; // several read chunks, so progress is reported more than once
        new Random(7).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data.bin", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data.bin";
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Thrown by the handler to make the server drop the connection mid-response. */
    private static final class HangUp extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        Reply r = script.isEmpty() ? Reply.OK : script.poll();
        if (r == Reply.TRUNCATED) {
            respond(ex, r); // throws HangUp; closing the exchange instead would leave the connection open
            return;
        }
        try (ex) {
            respond(ex, r);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void respond(HttpExchange ex, Reply r) throws IOException {
        switch (r) {
            case ERROR_503 -> ex.sendResponseHeaders(503, -1);
            case NOT_FOUND -> ex.sendResponseHeaders(404, -1);
            case OK, OTHER_BYTES -> {
                byte[] b = r == Reply.OK ? BODY : "not the expected content".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            case TRUNCATED -> { // announces the whole file, sends half, hangs up
                ex.sendResponseHeaders(200, BODY.length);
                OutputStream out = ex.getResponseBody();
                out.write(BODY, 0, BODY.length / 2);
                out.flush();
                throw new HangUp(); // the server closes the connection of a handler that throws
            }
        }
    }

    /** Records what a download reports. */
    private static final class Recorder implements DownloadProgress {
        final List<long[]> updates = new ArrayList<>();
        final List<Boolean> finished = new ArrayList<>();

        @Override
        public synchronized void update(String u, int attempt, long bytesRead, long totalBytes) {
            updates.add(new long[]{attempt, bytesRead, totalBytes});
        }

        @Override
        public synchronized void finished(String u, boolean success) {
            finished.add(success);
        }
    }

    private DataHome home(Recorder progress) {
        return DataHome.at(dir, false).withRetries(3, Duration.ofMillis(5)).withProgress(progress);
    }

    /** @return every file left under the cache (temporary files included: they are hidden, not elsewhere) */
    private List<Path> filesLeft() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize).toList();
        }
    }

    @Test
    void downloadsVerifiesAndReportsProgress() throws IOException {
        Recorder progress = new Recorder();
        Path file = home(progress).resolve(FILE, url, SHA.toUpperCase());
        assertEquals(dir.resolve(FILE), file);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(List.of(Path.of(FILE)), filesLeft());
        assertEquals(1, requests.get());
        assertArrayEquals(new long[]{1, 0, BODY.length}, progress.updates.get(0));
        assertArrayEquals(new long[]{1, BODY.length, BODY.length}, progress.updates.get(progress.updates.size() - 1));
        assertTrue(progress.updates.size() > 2, "progress after each chunk");
        assertEquals(List.of(true), progress.finished);

        // a cached file is used as it is: no request, no checksum (a cache may hold an equivalent repack)
        Files.writeString(file, "cached");
        assertEquals(file, home(progress).resolve(FILE, url, SHA));
        assertEquals(1, requests.get());
    }

    @Test
    void retriesAfterAServerErrorAndABrokenTransfer() throws IOException {
        script.add(Reply.ERROR_503);
        script.add(Reply.TRUNCATED);
        Recorder progress = new Recorder();
        Path file = home(progress).resolve(FILE, url, SHA);
        assertArrayEquals(BODY, Files.readAllBytes(file));
        assertEquals(3, requests.get());
        assertEquals(List.of(Path.of(FILE)), filesLeft(), "the broken try's temporary file is gone");
        assertEquals(3, progress.updates.get(progress.updates.size() - 1)[0], "the third try succeeded");
        assertEquals(List.of(true), progress.finished);
    }

    @Test
    void givesUpAfterTheLastTryAndLeavesNothingBehind() throws IOException {
        for (int i = 0; i < 3; i++) {
            script.add(Reply.TRUNCATED);
        }
        Recorder progress = new Recorder();
        IOException e = assertThrows(IOException.class, () -> home(progress).resolve(FILE, url, SHA));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("3 tries")
                && e.getMessage().contains(DataHome.ENV), e.getMessage());
        assertEquals(3, requests.get());
        assertFalse(Files.exists(dir.resolve(FILE)));
        assertEquals(List.of(), filesLeft(), "no half-written file");
        assertEquals(List.of(false), progress.finished);
    }

    @Test
    void checksumMismatchDeletesTheDownloadAndNamesBothHashes() throws IOException {
        script.add(Reply.OTHER_BYTES);
        Recorder progress = new Recorder();
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> home(progress).resolve(FILE, url, SHA));
        String actual = sha256("not the expected content".getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains(SHA) && e.getMessage().contains(actual),
                e.getMessage());
        assertEquals(url, e.url());
        assertEquals(SHA, e.expected());
        assertEquals(actual, e.actual());
        assertEquals(1, requests.get(), "a mismatch is not retried: the server would send the same bytes");
        assertEquals(List.of(), filesLeft(), "the temporary file is deleted");
        assertEquals(List.of(false), progress.finished);
    }

    @Test
    void notFoundIsNotRetried() throws IOException {
        script.add(Reply.NOT_FOUND);
        IOException e = assertThrows(IOException.class, () -> home(new Recorder()).resolve(FILE, url, SHA));
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains(url), e.getMessage());
        assertEquals(1, requests.get());
        assertEquals(List.of(), filesLeft());
    }

    @Test
    void offlineCachesNeverDownload() {
        IOException e = assertThrows(IOException.class, () -> DataHome.at(dir, true).resolve(FILE, url, SHA));
        assertTrue(e.getMessage().contains("downloads are off") && e.getMessage().contains(url), e.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void fileUrlsWorkAndTheDefaultListenerIsUsed() throws IOException {
        Path source = Files.write(dir.resolve("source.bin"), BODY);
        Recorder progress = new Recorder();
        DataHome.setDefaultProgress(progress);
        try {
            Path file = DataHome.at(dir.resolve("cache"), false).resolve(FILE, source.toUri().toString(), SHA);
            assertArrayEquals(BODY, Files.readAllBytes(file));
        } finally {
            DataHome.setDefaultProgress(null);
        }
        assertEquals(List.of(true), progress.finished);
        IOException e = assertThrows(IOException.class, () -> DataHome.at(dir.resolve("cache"), false)
                .resolve("other.bin", dir.resolve("missing.bin").toUri().toString(), null));
        assertTrue(e.getMessage().contains("missing.bin"), e.getMessage());
    }

    @Test
    void badRetryPoliciesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataHome.at(dir, false).withRetries(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> DataHome.at(dir, false).withRetries(1, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> DataHome.at(dir, false).withProgress(null));
    }

    /**
     * The built-in hashes are those of the files a download produces: the shared cache holds byte-exact copies of
     * War and Peace and the stock CSV (their SOURCE.md says so). The IMDb archive there is a repack, so its
     * built-in hash (the original Stanford archive's) cannot be checked against it.
     */
    @Test
    void builtInHashesMatchTheByteExactCachedFiles() throws Exception {
        String[][] files = {{"warpeace/warpeace_input.txt", TextCorpus.WAR_AND_PEACE_URL},
                {"stocks/19900101_20230630.csv", StockDataset.URL}};
        for (String[] f : files) {
            Path file = TestData.home(f[0]).root().resolve(f[0]);
            assertEquals(DataHome.knownSha256(f[1]), sha256(Files.readAllBytes(file)), f[0]);
        }
        assertEquals(64, DataHome.knownSha256(ImdbDataset.URL).length());
    }
}
