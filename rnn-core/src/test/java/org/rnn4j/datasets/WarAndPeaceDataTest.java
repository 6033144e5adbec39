package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.TestData;
import org.rnn4j.text.CharVocabulary;

/** Golden counts of the real War and Peace text (as the book prepares it); fails, never skips, without the data. */
class WarAndPeaceDataTest {

    @Test
    void bookCountsAndIndices() throws IOException {
        TextCorpus corpus = TextCorpus.warAndPeace(TestData.home(TextCorpus.WAR_AND_PEACE_FILE));
        assertEquals(3_196_213, corpus.length());
        CharVocabulary v = CharVocabulary.of(corpus.text());
        assertEquals(57, v.size());
        assertEquals(28, v.indexOf('c'));
        assertEquals(33, v.indexOf('h'));
        assertEquals(0, v.indexOf('\n'));
        assertEquals(56, v.indexOf(0xFEFF));
        assertEquals(3_036_402, corpus.splitIndex()); // int(len * 0.95), as the reference's held-out split
        assertEquals(corpus.text(), corpus.training() + corpus.heldOut());
    }

    @Test
    void invalidUtf8AndEmptyFilesAreRejected(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("bad.txt"), new byte[]{'a', (byte) 0xC3, (byte) 0x28});
        IOException e = assertThrows(IOException.class, () -> TextCorpus.read(bad));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        e = assertThrows(IOException.class, () -> TextCorpus.read(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IOException.class, () -> TextCorpus.read(dir.resolve("missing.txt")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
