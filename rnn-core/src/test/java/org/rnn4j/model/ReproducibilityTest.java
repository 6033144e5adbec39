package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnn4j.data.LabeledText;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;

/** The same seed and settings give the same training history, metrics and predictions on a rerun. */
class ReproducibilityTest {
    private record Run(List<EpochResult> history, BinaryMetrics metrics, float[] predictions) {
    }

    private static Run train(long seed) {
        List<LabeledText> train = SequenceClassifierTest.TRAIN;
        SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).embeddingSize(4)
                .lstmSize(3).denseSize(3).layers(2).bidirectional(true).dropout(0.2).seed(seed).build();
        List<EpochResult> history = m.fit(train, FitOptions.builder().epochs(4).batchSize(2).bucketing(true)
                .build());
        return new Run(history, m.evaluate(train), m.predictProbabilities(SequenceClassifierTest.TEXTS));
    }

    @Test
    void sameSeedAndSettingsGiveIdenticalResults() {
        Run a = train(3);
        Run b = train(3);
        assertEquals(a.history().size(), b.history().size());
        for (int i = 0; i < a.history().size(); i++) {
            assertEquals(a.history().get(i).loss(), b.history().get(i).loss(), "epoch " + (i + 1) + " loss");
            assertEquals(a.history().get(i).accuracy(), b.history().get(i).accuracy(), "epoch " + (i + 1));
        }
        assertEquals(a.metrics(), b.metrics());
        assertArrayEquals(a.predictions(), b.predictions());
        // and the seed matters, so the equality above is not vacuous
        assertNotEquals(a.metrics().logLoss(), train(4).metrics().logLoss());
    }

    @Test
    void seedZeroFixesTheWeightsLikeAnyOtherSeed() {
        // ND4J 1.0.0-M2.1 treats setSeed(0) as "no seed"; 0 is rnn4j's default, so it must still fix the weights
        var vocab = SequenceClassifier.vocabularyOf(SequenceClassifierTest.TRAIN);
        List<String> texts = SequenceClassifierTest.TEXTS;
        assertArrayEquals(SequenceClassifier.builder(vocab).seed(0).build().predictProbabilities(texts),
                SequenceClassifier.builder(vocab).seed(0).build().predictProbabilities(texts));
        double[][] window = {{1, 2, 3}, {0, 1, 0}};
        assertArrayEquals(SequenceRegressor.builder(3).lstmSize(8).denseSize(8).seed(0).build().predict(window),
                SequenceRegressor.builder(3).lstmSize(8).denseSize(8).seed(0).build().predict(window));
        var chars = CharLanguageModel.builder(CharLanguageModelTest.VOCAB).embeddingSize(8).lstmSize(24).seed(0);
        assertEquals(chars.build().evaluate("the army").nats(), chars.build().evaluate("the army").nats());
    }
}
