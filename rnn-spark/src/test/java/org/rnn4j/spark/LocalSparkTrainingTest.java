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

    private static List<LabeledText> sample(List<LabeledText> all, int n, long seed) {
        List<LabeledText> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }

    private static SequenceClassifier.Builder classifier(List<LabeledText> train) {
        return SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).maxLength(200).fusedLstm(true)
                .seed(1);
    }

    @Test
    void classifierOnImdbSubsetMatchesSingleMachineAccuracy() throws Exception {
        ImdbDataset imdb = ImdbDataset.load(DataHome.fromEnvironment());
        List<LabeledText> train = sample(imdb.train(), 2000, 1);
        List<LabeledText> test = sample(imdb.test(), 1000, 2);
        int epochs = 5;
        int batch = 32;

        SequenceClassifier alone = classifier(train).build();
        long t0 = System.nanoTime();
        alone.fit(train, FitOptions.builder().epochs(epochs).batchSize(batch).build());
        double aloneSeconds = (System.nanoTime() - t0) / 1e9;
        BinaryMetrics a = alone.evaluate(test);

        // as many sequential steps as the single-machine run (315): each of 2 workers trains 32 rounds of 10
        // batches of 32, so the averaged model sees twice the examples, as one machine would with batch 64
        SequenceClassifier onSpark = classifier(train).build();
        SparkTrainer trainer = SparkTrainer.builder(sc).workers(2).batchPerWorker(batch).averagingFrequency(10)
                .rounds(32).build();
        t0 = System.nanoTime();
        List<RoundResult> rounds = trainer.fit(onSpark, train);
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        BinaryMetrics s = onSpark.evaluate(test);

        Report.line("sentiment FusedLstm, 2000 IMDb train / 1000 test reviews, 5 epochs of batch 32 (315 steps): "
                + "test accuracy alone %.4f in %.1f s; local[2] 32 rounds x 2 workers x 10 batches: %.4f in %.1f s",
                a.accuracy(), aloneSeconds, s.accuracy(), sparkSeconds);
        assertEquals(32, rounds.size());
        assertEquals(320, onSpark.trainedSteps());
        assertTrue(Math.abs(a.accuracy() - s.accuracy()) <= 0.02,
                "Spark " + s.accuracy() + " vs single machine " + a.accuracy());

        // saves, loads and predicts as any other
        Path file = tmp.resolve("sentiment.rnn4j");
        onSpark.save(file);
        SequenceClassifier back = SequenceClassifier.load(file);
        List<String> texts = test.subList(0, 50).stream().map(LabeledText::text).toList();
        assertArrayEquals(onSpark.predictProbabilities(texts), back.predictProbabilities(texts));
        assertEquals(onSpark.predictProbability(texts.get(0)), back.predictProbability(texts.get(0)));
        assertEquals(320, back.trainedSteps());
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
