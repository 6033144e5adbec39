package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.training.FitOptions;

/**
 * Test accuracy against training progress, alone and on {@code local[2]}, for the book's classifier on a random
 * subset of IMDb (the reviews' last 200 tokens): how the choice of {@link LocalSparkTrainingTest}'s classifier
 * comparison was made (results/spark/classifier-curves.txt). Runs only when {@code rnn4j.spark.curve} (the
 * averaging frequency) is set; {@code rnn4j.spark.curveWorkers}, {@code curveEpochs}, {@code curvePoints},
 * {@code curveTrain}, {@code curveTest} and {@code curveEvery} set the rest.
 */
@EnabledIfSystemProperty(named = "rnn4j.spark.curve", matches = ".+")
class ClassifierCurveExperimentTest {
    @Test
    void curves() throws Exception {
        ImdbDataset imdb = ImdbDataset.load(DataHome.fromEnvironment());
        List<LabeledText> train = sample(imdb.train(), Integer.getInteger("rnn4j.spark.curveTrain", 2000), 1);
        List<LabeledText> test = sample(imdb.test(), Integer.getInteger("rnn4j.spark.curveTest", 1000), 2);
        int freq = Integer.parseInt(System.getProperty("rnn4j.spark.curve"));
        SequenceClassifier alone = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).maxLength(200)
                .seed(1).build();
        int workers = Integer.getInteger("rnn4j.spark.curveWorkers", 2);
        for (int e = 1; e <= Integer.getInteger("rnn4j.spark.curveEpochs", 10); e++) {
            alone.fit(train, FitOptions.builder().epochs(1).batchSize(32).build());
            Report.line("curve alone epoch %d step %d accuracy %.4f train accuracy %.4f", e, alone.trainedSteps(),
                    alone.evaluate(test).accuracy(), alone.evaluate(train).accuracy());
        }
        JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("curve")
                .set("spark.ui.enabled", "false"));
        try {
            SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).maxLength(200)
                    .seed(1).build();
            int per = Integer.getInteger("rnn4j.spark.curveEvery", 64) / freq;
            double trainAcc = 0;
            for (int r = per; r <= Integer.getInteger("rnn4j.spark.curvePoints", 12) * per; r += per) {
                long t0 = System.nanoTime();
                SparkTrainer.builder(sc).workers(workers).batchPerWorker(32).averagingFrequency(freq).rounds(r).build()
                        .fit(m, train);
                Report.line("curve spark W=%d F=%d round %d step/worker %d accuracy %.4f train accuracy %.4f (%.1f s)",
                        workers, freq, r, m.trainedSteps(), m.evaluate(test).accuracy(),
                        m.evaluate(train).accuracy(), (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            sc.stop();
        }
    }

    private static List<LabeledText> sample(List<LabeledText> all, int n, long seed) {
        List<LabeledText> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }
}
