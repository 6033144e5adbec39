package org.rnn4j.spark;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;

/**
 * The inputs of docs/spark.md's scaling model, measured on the three book models built on the full data: the
 * parameter count and the wall time of one training step on one thread at the book's batch size. Runs only from
 * {@code scripts/spark_runs.sh} (it sets {@code rnn4j.spark.report}), not in CI.
 */
@EnabledIfSystemProperty(named = "rnn4j.spark.report", matches = ".+")
class ScalingModelFiguresTest {
    @Test
    void parametersAndStepTimesOfTheBookModels() throws Exception {
        DataHome home = DataHome.fromEnvironment();

        ImdbDataset imdb = ImdbDataset.load(home);
        SequenceClassifier sentiment = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(imdb.train()))
                .build();
        List<LabeledText> some = imdb.train().subList(0, 32 * 12);
        sentiment.fit(some, FitOptions.builder().epochs(1).batchSize(32).build()); // warm-up
        List<EpochResult> s = sentiment.fit(some, FitOptions.builder().epochs(1).batchSize(32).build());
        line("sentiment (book: embedding 32, LSTM 50, dense 32; IMDb vocabulary)", sentiment.parameterCount(), 32,
                s.get(0).millisPerBatch());

        StockDataset stock = StockDataset.load(home);
        StockDataset.Split split = stock.bookSplit();
        SlidingWindows w = SlidingWindows.of(split.train().features(), split.train().close(),
                SlidingWindows.Options.BOOK);
        SequenceRegressor regressor = SequenceRegressor.builder(37)
                .featureScaler(StandardScaler.fit(split.train().features())).build();
        regressor.fit(w, null, FitOptions.builder().epochs(1).batchSize(128).build());
        List<EpochResult> r = regressor.fit(w, null, FitOptions.builder().epochs(2).batchSize(128).build());
        line("stock (book: 2 x LSTM 16, dense 16)", regressor.parameterCount(), 128,
                r.stream().mapToDouble(EpochResult::millisPerBatch).average().orElseThrow());

        TextCorpus corpus = TextCorpus.warAndPeace(home);
        CharLanguageModel chars = CharLanguageModel.builder(CharVocabulary.of(corpus.text())).build();
        chars.fit(corpus.training(), null, FitOptions.builder().epochs(1).stepsPerEpoch(3).batchSize(64).build());
        List<EpochResult> c = chars.fit(corpus.training(), null,
                FitOptions.builder().epochs(1).stepsPerEpoch(10).batchSize(64).build());
        line("character (book: embedding 256, LSTM 512)", chars.parameterCount(), 64, c.get(0).millisPerBatch());
        line("character, 3 x LSTM 512", CharLanguageModel.builder(CharVocabulary.of(corpus.text())).layers(3)
                .build().parameterCount(), 64, Double.NaN);
    }

    private static void line(String model, long params, int batch, double msPerStep) {
        Report.line("scaling %s: %d parameters (%.2f MB as floats); one step of batch %d on one thread: %.1f ms",
                model, params, params * 4 / 1e6, batch, msPerStep);
    }
}
