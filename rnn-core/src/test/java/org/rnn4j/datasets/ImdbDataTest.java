package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnn4j.TestData;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.Vocabulary;

/** Golden values of the real IMDb data (the book's sentiment project). */
class ImdbDataTest {
    static ImdbDataset data;

    @BeforeAll
    static void load() throws IOException {
        data = ImdbDataset.load(TestData.home(ImdbDataset.FILE));
    }

    @Test
    void splitsHold25000ReviewsEachHalfPositive() {
        assertEquals(25_000, data.train().size());
        assertEquals(25_000, data.test().size());
        assertEquals(12_500, data.train().stream().filter(t -> t.label() == 1).count());
        assertEquals(12_500, data.test().stream().filter(t -> t.label() == 1).count());
    }

    @Test
    void vocabularyMatchesTheBook() {
        Vocabulary v = SequenceClassifier.vocabularyOf(data.train());
        assertEquals(75_977, v.size() - 2, "distinct training tokens");
        assertEquals("the", v.token(2));
        assertEquals(11, v.indexOf("this"));
        assertEquals(7, v.indexOf("is"));
        assertEquals(35, v.indexOf("an"));
        assertEquals(462, v.indexOf("example"));
        assertEquals(Vocabulary.UNK, v.indexOf("example2"));
    }
}
