package org.rnn4j.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewTokenizerTest {
    private final ReviewTokenizer tok = ReviewTokenizer.INSTANCE;

    @Test
    void lowerCasesAndSplitsOnNonWordRuns() {
        assertEquals(List.of("this", "is", "an", "example"), tok.tokenize("This is an example!"));
        assertEquals(List.of("it", "s", "a", "don", "t", "miss", "10", "10"), tok.tokenize("It's a DON'T-miss: 10/10"));
    }

    @Test
    void removesHtmlTags() {
        assertEquals(List.of("great", "film", "really"), tok.tokenize("Great film.<br /><br />Really"));
        // tags are deleted, not replaced by a space
        assertEquals(List.of("ab"), tok.tokenize("a<i class=\"x\">b</i>"));
    }

    @Test
    void appendsEmoticonsGluedToTheLastWord() {
        // the cleaned text ends in a word character, so the first emoticon glues onto "movie"
        assertEquals(List.of("good", "movie:)"), tok.tokenize("Good :) movie"));
        // a trailing emoticon leaves a trailing space behind, so nothing glues
        assertEquals(List.of("good", "movie", ":)"), tok.tokenize("Good movie :)"));
        // noses are dropped, emoticons keep their order and are joined by spaces
        assertEquals(List.of("meh", ":(", ";)"), tok.tokenize("meh :-( ... ;-) ."));
        assertEquals(List.of("x", "=)"), tok.tokenize("x! =)"));
    }

    @Test
    void upperCaseMouthsNeverMatchBecauseTextIsLowerCasedFirst() {
        assertEquals(List.of("wow", "d", "p"), tok.tokenize("wow :D :P"));
    }

    @Test
    void tagsAreRemovedBeforeEmoticonsAreFound() {
        assertEquals(List.of("ok"), tok.tokenize("ok <:)>"));
    }

    @Test
    void unicodeLettersAreWordCharacters() {
        assertEquals(List.of("café", "naïve", "über"), tok.tokenize("Café — naïve, ÜBER"));
    }

    @Test
    void punctuationOnlyGivesNoTokens() {
        assertEquals(List.of(), tok.tokenize("!!! ... ?"));
        assertEquals(List.of(), tok.tokenize(""));
    }

    @Test
    void nullIsRejected() {
        assertThrows(NullPointerException.class, () -> tok.tokenize(null));
    }
}
