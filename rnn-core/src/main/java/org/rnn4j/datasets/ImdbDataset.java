package org.rnn4j.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.rnn4j.data.LabeledText;

/**
 * The IMDb Large Movie Review Dataset v1.0 (Maas et al., ACL 2011): 25,000 training and 25,000 test
 * reviews, read straight from the {@code aclImdb_v1.tar.gz} archive without unpacking it.
 *
 * <p>Order within a split is positive reviews first, then negative, each in archive order; this is the
 * order that reproduces the book's vocabulary indices (the book's sentiment project).
 *
 * @param train the training reviews
 * @param test the test reviews
 */
public record ImdbDataset(List<LabeledText> train, List<LabeledText> test) {
    /** Canonical download URL. */
    public static final String URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";
    /** Location inside the data cache. */
    public static final String FILE = "imdb/aclImdb_v1.tar.gz";

    private static final Pattern REVIEW = Pattern.compile("aclImdb/(train|test)/(pos|neg)/\\d+_\\d+\\.txt");

    /**
     * Loads the dataset from the cache, downloading it when missing.
     *
     * @param home the data cache
     * @return the dataset
     * @throws IOException when the archive is missing, truncated or not the IMDb archive
     */
    public static ImdbDataset load(DataHome home) throws IOException {
        return read(home.resolve(FILE, URL));
    }

    /**
     * Reads an IMDb archive.
     *
     * @param archive the {@code .tar.gz} file
     * @return the dataset
     * @throws IOException when the archive is missing, truncated, holds invalid UTF-8, or has no reviews
     */
    public static ImdbDataset read(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IOException("IMDb archive not found: " + archive);
        }
        // [split][label] -> reviews, label 1 = pos
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            buckets.add(new ArrayList<>());
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw, 1 << 16))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Matcher m = REVIEW.matcher(e.getName());
                if (!e.isFile() || !m.matches()) {
                    continue;
                }
                byte[] bytes = tar.readAllBytes();
                if (bytes.length != e.getSize()) {
                    throw new EOFException("entry " + e.getName() + " is cut short");
                }
                String text;
                try {
                    text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException ex) {
                    throw new IOException("IMDb archive " + archive + ": entry " + e.getName()
                            + " is not valid UTF-8 (" + ex + ")", ex);
                }
                int split = m.group(1).equals("train") ? 0 : 2;
                int label = m.group(2).equals("pos") ? 0 : 1;
                buckets.get(split + label).add(text);
            }
        } catch (EOFException | ZipException e) {
            throw new IOException("IMDb archive " + archive + " is truncated or corrupt (" + e.getMessage()
                    + "); delete it to download it again", e);
        }
        ImdbDataset d = new ImdbDataset(labeled(buckets.get(0), buckets.get(1)),
                labeled(buckets.get(2), buckets.get(3)));
        if (d.train.isEmpty() || d.test.isEmpty()) {
            throw new IOException("IMDb archive " + archive + " holds no aclImdb/train and aclImdb/test reviews ("
                    + d.train.size() + " train, " + d.test.size() + " test)");
        }
        return d;
    }

    private static List<LabeledText> labeled(List<String> pos, List<String> neg) {
        List<LabeledText> out = new ArrayList<>(pos.size() + neg.size());
        pos.forEach(t -> out.add(new LabeledText(t, 1)));
        neg.forEach(t -> out.add(new LabeledText(t, 0)));
        return List.copyOf(out);
    }
}
