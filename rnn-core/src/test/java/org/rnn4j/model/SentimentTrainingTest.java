package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rnn4j.TestData;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;

/** Trains the book's model on 2,000 real reviews and checks it beats chance on 1,000 held-out test reviews. */
class SentimentTrainingTest {
    @Test
    void bookModelLearnsFromASubset() throws IOException {
        ImdbDataset data = ImdbDataset.load(TestData.home(ImdbDataset.FILE));
        List<LabeledText> train = sample(data.train(), 2000, 1);
        List<LabeledText> test = sample(data.test(), 1000, 2);
        SequenceClassifier model = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).build();
        List<EpochResult> history = model.fit(train, FitOptions.builder().epochs(2).build());
        BinaryMetrics m = model.evaluate(test);
        assertTrue(history.get(1).loss() < history.get(0).loss(), "training loss falls: " + history);
        assertTrue(m.accuracy() > 0.62, "held-out accuracy " + m.accuracy());
        assertTrue(m.rocAuc() > 0.70, "held-out ROC-AUC " + m.rocAuc());
    }

    private static List<LabeledText> sample(List<LabeledText> all, int n, long seed) {
        List<LabeledText> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }
}
