package org.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CharVocabularyTest {

    @Test
    void normalizeTurnsCrlfAndCrIntoLfLowerCasesAndKeepsTheBom() {
        assertEquals("\uFEFFab\ncd\nef\n", CharVocabulary.normalize("\uFEFFAb\r\nCD\rEf\n"));
    }

    @Test
    void indicesFollowCodePointOrderIncludingNonAscii() {
        CharVocabulary v = CharVocabulary.of("éba a\n𝄞");
        assertArrayEquals(new int[]{'\n', ' ', 'a', 'b', 'é', 0x1D11E}, v.codePoints());
        assertArrayEquals(new int[]{4, 3, 2, 1, 2, 0, 5}, v.encode("éba a\n𝄞"));
        assertEquals("é𝄞", v.decode(new int[]{4, 5}));
        assertEquals(v.size(), CharVocabulary.ofCodePoints(v.codePoints()).size());
    }

    @Test
    void unknownCharactersAreNamed() {
        CharVocabulary v = CharVocabulary.of("abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.encode("abz"));
        assertTrue(e.getMessage().contains("'z' at position 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.encode("a\tb"));
        assertTrue(e.getMessage().contains("U+0009"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.of(""));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.ofCodePoints(new int[]{98, 97}));
    }
}
