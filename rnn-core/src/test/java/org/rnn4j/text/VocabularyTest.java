package org.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {
    private static Vocabulary abc() {
        // counts: b 3, a 2, c 2 (a seen before c), d 1
        return Vocabulary.builder().add(List.of("a", "b", "c")).add(List.of("b", "c", "a", "b", "d")).build();
    }

    @Test
    void padAndUnkComeFirstThenDescendingCountWithStableTies() {
        Vocabulary v = abc();
        assertEquals(6, v.size());
        assertEquals(List.of("<pad>", "<unk>", "b", "a", "c", "d"),
                List.of(v.token(0), v.token(1), v.token(2), v.token(3), v.token(4), v.token(5)));
        assertEquals(Vocabulary.UNK, v.indexOf("never-seen"));
        assertArrayEquals(new int[] {2, 1, 5}, v.encode(List.of("b", "zzz", "d")));
    }

    @Test
    void minFrequencyAndMaxSizeCut() {
        Vocabulary.Builder b = Vocabulary.builder().add(List.of("a", "b", "c")).add(List.of("b", "c", "a", "b", "d"));
        assertEquals(5, b.minFrequency(2).build().size());
        assertEquals(3, Vocabulary.builder().add(List.of("a", "b", "b")).maxSize(3).build().size());
    }

    @Test
    void builderRejectsBadSettingsWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().minFrequency(0).build());
        assertTrue(e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.builder().maxSize(1).build());
        assertTrue(e.getMessage().contains("1"), e.getMessage());
    }

    @Test
    void writeThenReadRoundTrips() throws IOException {
        Vocabulary v = abc();
        StringWriter w = new StringWriter();
        v.write(w);
        Vocabulary back = Vocabulary.read(new StringReader(w.toString()));
        assertEquals(v.size(), back.size());
        for (int i = 0; i < v.size(); i++) {
            assertEquals(v.token(i), back.token(i));
        }
    }

    @Test
    void readRejectsForeignText() {
        assertThrows(IOException.class, () -> Vocabulary.read(new StringReader("hello\nworld\n")));
        assertThrows(IOException.class, () -> Vocabulary.read(new StringReader("<pad>\n<unk>\na\na\n")));
    }

    @Test
    void tokenOutOfRangeNamesTheIndex() {
        var e = assertThrows(IllegalArgumentException.class, () -> abc().token(6));
        assertTrue(e.getMessage().contains("6"));
    }
}
