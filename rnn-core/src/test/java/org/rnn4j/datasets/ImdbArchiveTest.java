package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small fixture archives in the IMDb layout. */
class ImdbArchiveTest {
    @TempDir
    Path dir;

    private Path archive(String name, Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry te = new TarArchiveEntry(e.getKey());
                te.setSize(e.getValue().length);
                tar.putArchiveEntry(te);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    private static Map<String, byte[]> fixture() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("aclImdb/README", "readme".getBytes());
        m.put("aclImdb/test/neg/0_2.txt", "Once again Mr. Costner...".getBytes());
        m.put("aclImdb/test/pos/0_10.txt", "Superb.".getBytes());
        m.put("aclImdb/train/neg/0_3.txt", "Bad.<br />Very bad.".getBytes());
        m.put("aclImdb/train/pos/0_9.txt", "Bromwell High is a cartoon comedy.".getBytes());
        m.put("aclImdb/train/pos/1_7.txt", "Caf\u00e9 scenes are great".getBytes(StandardCharsets.UTF_8));
        m.put("aclImdb/train/unsup/0_0.txt", "unlabelled".getBytes());
        return m;
    }

    @Test
    void readsLabeledReviewsPositiveFirst() throws IOException {
        ImdbDataset d = ImdbDataset.read(archive("ok.tar.gz", fixture()));
        assertEquals(3, d.train().size());
        assertEquals(2, d.test().size());
        assertEquals("Bromwell High is a cartoon comedy.", d.train().get(0).text());
        assertEquals(1, d.train().get(0).label());
        assertEquals("Caf\u00e9 scenes are great", d.train().get(1).text());
        assertEquals(0, d.train().get(2).label());
    }

    @Test
    void invalidUtf8NamesTheEntry() throws IOException {
        Map<String, byte[]> m = fixture();
        m.put("aclImdb/train/neg/5_1.txt", new byte[] {'b', 'a', 'd', (byte) 0xC3, (byte) 0x28});
        IOException e = assertThrows(IOException.class, () -> ImdbDataset.read(archive("bad.tar.gz", m)));
        assertTrue(e.getMessage().contains("aclImdb/train/neg/5_1.txt") && e.getMessage().contains("UTF-8"),
                e.getMessage());
    }

    @Test
    void missingArchiveFailsClearly() {
        IOException e = assertThrows(IOException.class, () -> ImdbDataset.read(dir.resolve("nope.tar.gz")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        e = assertThrows(IOException.class, () -> ImdbDataset.load(DataHome.at(dir, true)));
        assertTrue(e.getMessage().contains(ImdbDataset.URL) && e.getMessage().contains(DataHome.ENV), e.getMessage());
    }

    @Test
    void truncatedArchiveFailsClearly() throws IOException {
        Map<String, byte[]> m = fixture();
        byte[] big = new byte[200_000];
        new java.util.Random(1).nextBytes(big);
        for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + (big[i] & 15));
        m.put("aclImdb/train/pos/9_9.txt", big);
        byte[] bytes = Files.readAllBytes(archive("full.tar.gz", m));
        Path cut = Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ImdbDataset.read(cut));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void archiveWithoutReviewsFailsClearly() throws IOException {
        Path other = archive("other.tar.gz", Map.of("foo/bar.txt", "x".getBytes()));
        IOException e = assertThrows(IOException.class, () -> ImdbDataset.read(other));
        assertTrue(e.getMessage().contains("holds no"), e.getMessage());
    }
}
