package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.FitOptions;

/**
 * The three models on {@code local[2]} (two worker threads in this JVM), each beside the same configuration
 * trained by its own {@code fit} on one thread.
 */
class LocalSparkTrainingTest {
    private static final int TRAIN_REVIEWS = 4000;
    private static final int TEST_REVIEWS = 2000;
    private static JavaSparkContext sc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("rnn4j-test")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static SparkTrainer sparkTrainer(int batchPerWorker, int rounds) {
        return SparkTrainer.builder(sc).workers(2).batchPerWorker(batchPerWorker).averagingFrequency(10)
                .rounds(rounds).build();
    }

    private static List<LabeledText> sample(List<LabeledText> all, int n, long seed) {
        List<LabeledText> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }

    private static SequenceClassifier.Builder classifier(List<LabeledText> train) {
        return SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).maxLength(100).fusedLstm(true)
                .seed(1);
    }

    @Test
    void classifierOnImdbSubsetMatchesSingleMachineAccuracy() throws Exception {
        ImdbDataset imdb = ImdbDataset.load(DataHome.fromEnvironment());
        List<LabeledText> train = sample(imdb.train(), TRAIN_REVIEWS, 1);
        List<LabeledText> test = sample(imdb.test(), TEST_REVIEWS, 2);
        int batch = 32;

        // Test accuracy on a few thousand reviews swings by +-3 points from one epoch to the next (alone as on Spark),
        // so each run is scored after 2 and after 3 epochs' worth of training and the two scores are averaged.
        SequenceClassifier alone = classifier(train).build();
        long t0 = System.nanoTime();
        alone.fit(train, FitOptions.builder().epochs(2).batchSize(batch).build());
        double a2 = alone.evaluate(test).accuracy();
        alone.fit(train, FitOptions.builder().epochs(1).batchSize(batch).build());
        double a3 = alone.evaluate(test).accuracy();
        double aloneSeconds = (System.nanoTime() - t0) / 1e9;

        // the same global batch, steps and examples: 2 workers x 16 reviews a step, 10 steps a round
        SequenceClassifier onSpark = classifier(train).build();
        t0 = System.nanoTime();
        List<RoundResult> rounds = new ArrayList<>(sparkTrainer(batch / 2, 25).fit(onSpark, train));
        double s2 = onSpark.evaluate(test).accuracy();
        rounds.addAll(sparkTrainer(batch / 2, 38).fit(onSpark, train));
        double s3 = onSpark.evaluate(test).accuracy();
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;

        double a = (a2 + a3) / 2;
        double s = (s2 + s3) / 2;
        Report.line("sentiment FusedLstm (book sizes, last 100 tokens), %d IMDb train / %d test reviews: alone, "
                + "batch 32, after 2 and 3 epochs (250, 375 steps) test accuracy %.4f, %.4f (mean %.4f), %.1f s "
                + "with the scoring; local[2], 2 workers x batch 16, 10 steps a round, after 25 and 38 rounds (250, "
                + "380 steps a worker) %.4f, %.4f (mean %.4f), %.1f s; difference %.4f", TRAIN_REVIEWS,
                TEST_REVIEWS, a2, a3, a, aloneSeconds, s2, s3, s, sparkSeconds, s - a);
        assertEquals(38, rounds.size());
        assertEquals(38, rounds.get(rounds.size() - 1).round());
        assertEquals(380, onSpark.trainedSteps());
        assertTrue(Math.abs(a - s) <= 0.02, "Spark " + s + " vs single machine " + a);

        // saves, loads and predicts as any other
        Path file = tmp.resolve("sentiment.rnn4j");
        onSpark.save(file);
        SequenceClassifier back = SequenceClassifier.load(file);
        List<String> texts = test.subList(0, 50).stream().map(LabeledText::text).toList();
        assertArrayEquals(onSpark.predictProbabilities(texts), back.predictProbabilities(texts));
        assertEquals(onSpark.predictProbability(texts.get(0)), back.predictProbability(texts.get(0)));
        assertEquals(380, back.trainedSteps());
    }

    @Test
    void stockRegressorLossFallsAndSavedModelPredictsIdentically() throws Exception {
        StockDataset data = StockDataset.load(DataHome.fromEnvironment());
        StockDataset.Split split = data.bookSplit();
        SlidingWindows train = SlidingWindows.of(split.train().features(), split.train().close(),
                SlidingWindows.Options.BOOK);
        StandardScaler scaler = StandardScaler.fit(split.train().features());
        SequenceRegressor.Builder b = SequenceRegressor.builder(37).featureScaler(scaler).standardizeTargets(true)
                .learningRate(0.003).seed(1);

        // one epoch of 252 batches of 32 alone; 26 rounds of 2 x 5 batches on Spark (260 batches)
        SequenceRegressor alone = b.build();
        long t0 = System.nanoTime();
        alone.fit(train, null, FitOptions.builder().epochs(1).batchSize(32).build());
        double aloneSeconds = (System.nanoTime() - t0) / 1e9;

        SequenceRegressor model = b.build();
        SparkTrainer trainer = SparkTrainer.builder(sc).workers(2).batchPerWorker(32).averagingFrequency(5)
                .rounds(26).build();
        List<RoundResult> r1 = SparkTrainer.builder(sc).workers(2).batchPerWorker(32).averagingFrequency(5)
                .rounds(1).build().fit(model, train);
        double first = r1.get(0).loss();
        double mseAfterOne = model.evaluate(train).mse();
        t0 = System.nanoTime();
        List<RoundResult> rest = trainer.fit(model, train);
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        double mseAfter = model.evaluate(train).mse();
        Report.line("stock book model (2 x LSTM 16, standardised price target, Adam 0.003), 8,056 windows, batch 32: alone 1 epoch (252 steps) %.1f s, "
                + "training MSE %.1f; local[2] 26 rounds x 2 workers x 5 batches %.1f s, training MSE after round 1 "
                + "%.1f, after round 26 %.1f (round loss %.4f -> %.4f)", aloneSeconds, alone.evaluate(train).mse(),
                sparkSeconds, mseAfterOne, mseAfter, first, rest.get(rest.size() - 1).loss());
        assertEquals(25, rest.size());
        assertEquals(2, rest.get(0).round());
        assertTrue(mseAfter < mseAfterOne * 0.5, mseAfterOne + " -> " + mseAfter);

        Path file = tmp.resolve("stock.rnn4j");
        model.save(file);
        SequenceRegressor back = SequenceRegressor.load(file);
        assertArrayEquals(flat(model.predict(train)), flat(back.predict(train)));
        assertArrayEquals(model.predict(train.windows()[7]), back.predict(train.windows()[7]));
    }

    @Test
    void regressorTrainsFromExportedBatchFiles() throws Exception {
        StockDataset data = StockDataset.load(DataHome.fromEnvironment());
        StockDataset.Split split = data.bookSplit();
        SlidingWindows train = SlidingWindows.of(split.train().features(), split.train().close(),
                SlidingWindows.Options.BOOK);
        SequenceRegressor model = SequenceRegressor.builder(37)
                .featureScaler(StandardScaler.fit(split.train().features())).standardizeTargets(true)
                .learningRate(0.003).seed(1).build();
        SparkTrainer trainer = SparkTrainer.builder(sc).workers(2).batchPerWorker(64).averagingFrequency(4)
                .rounds(10).build();
        String dir = tmp.resolve("batches").toUri().toString();
        assertEquals(126, trainer.exportBatches(model, train, dir));
        double before = model.evaluate(train).mse();
        List<RoundResult> r = trainer.fitExported(model, dir);
        double after = model.evaluate(train).mse();
        Report.line("stock from 126 exported batch files: training MSE %.1f before, %.1f after 10 rounds", before,
                after);
        assertEquals(10, r.size());
        assertTrue(after < before * 0.5, before + " -> " + after);
    }

    @Test
    void characterModelCutsWindowsOnExecutorsAndItsLossFalls() throws Exception {
        TextCorpus corpus = TextCorpus.warAndPeace(DataHome.fromEnvironment());
        String text = corpus.text();
        String train = text.substring(0, 200_000);
        String heldOut = text.substring(200_000, 210_000);
        Path file = tmp.resolve("train.txt");
        Files.writeString(file, train);
        CharLanguageModel.Builder b = CharLanguageModel.builder(CharVocabulary.of(text)).embeddingSize(32)
                .lstmSize(128).sequenceLength(40).seed(1);

        CharLanguageModel alone = b.build();
        long t0 = System.nanoTime();
        alone.fit(train, null, FitOptions.builder().epochs(1).stepsPerEpoch(100).batchSize(32).build());
        double aloneSeconds = (System.nanoTime() - t0) / 1e9;

        CharLanguageModel model = b.build();
        double before = model.evaluate(heldOut).nats();
        SparkTrainer trainer = SparkTrainer.builder(sc).workers(2).batchPerWorker(32).averagingFrequency(5)
                .rounds(10).build();
        t0 = System.nanoTime();
        List<RoundResult> r = trainer.fitText(model, file.toUri().toString());
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        double after = model.evaluate(heldOut).nats();
        Report.line("character model (embedding 32, LSTM 128, windows of 40), 200,000 characters: alone 100 steps "
                + "of 32 in %.1f s, held-out %.4f nats; local[2] 10 rounds x 2 workers x 5 batches of 32 in %.1f s, "
                + "held-out nats %.4f -> %.4f (round loss %.4f -> %.4f)", aloneSeconds,
                alone.evaluate(heldOut).nats(), sparkSeconds, before, after, r.get(0).loss(),
                r.get(r.size() - 1).loss());
        assertEquals(50, model.trainedSteps());
        assertTrue(after < before - 0.5, before + " -> " + after);
    }

    @Test
    void badInputIsRejectedWithItsOwnMessage() throws Exception {
        CharLanguageModel model = CharLanguageModel.builder(CharVocabulary.of("abc \n")).lstmSize(8)
                .embeddingSize(4).sequenceLength(5).build();
        Path file = tmp.resolve("bad.txt");
        Files.writeString(file, "abc abc abc abc abc\nabc abx abc\n");
        SparkTrainer trainer = SparkTrainer.builder(sc).rounds(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fitText(model, file.toUri().toString()));
        assertTrue(e.getMessage().contains("is not in the model's vocabulary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(sc).build());
        assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(sc).rounds(1).averagingFrequency(0)
                .build());
    }

    private static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
