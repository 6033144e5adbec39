package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.datasets.DataHome;

/** The command line's download progress bar, fed by a real (file: URL) download. */
class DownloadProgressBarTest {
    @Test
    void drawsTheDownloadToItsEnd(@TempDir Path dir) throws IOException {
        byte[] body = new byte[2_500_000];
        Path source = Files.write(dir.resolve("corpus.txt"), body);
        List<String> lines = new CopyOnWriteArrayList<>();
        DownloadProgressBar bar = new DownloadProgressBar(() -> new DelegatingProgressBarConsumer(lines::add), 1_000);
        DataHome.at(dir.resolve("cache"), false).withProgress(bar).resolve("t/corpus.txt", source.toUri().toString(),
                null);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("corpus.txt 100% [") && last.contains(" 2/2 MB "), String.join("\n", lines));
    }

    @Test
    void marksAFailedDownloadAndStartsANewBarForEachTry() {
        List<String> lines = new CopyOnWriteArrayList<>();
        DownloadProgressBar bar = new DownloadProgressBar(() -> new DelegatingProgressBarConsumer(lines::add), 1_000);
        String url = "https://example.org/data/file.bin";
        bar.update(url, 1, 0, 4_000_000);
        bar.update(url, 1, 1_000_000, 4_000_000);
        bar.update(url, 2, 0, 4_000_000);
        bar.update(url, 2, 2_000_000, 4_000_000);
        bar.finished(url, false);
        String all = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("file.bin  25% [")), all);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("file.bin (try 2)  50% [") && last.endsWith(" (failed)"), all);
    }
}
