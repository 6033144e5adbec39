package org.rnn4j.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.model.SequenceClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 1, on the command line: {@code sentiment train} ({@link SentimentTrain}) trains and scores
 * the classifier, {@code sentiment evaluate} scores a saved model on the IMDb test reviews, {@code sentiment
 * predict} scores any text. Without a subcommand it trains with the book's configuration.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = "IMDb sentiment with embedding + LSTM. Without a subcommand it runs 'train' with the book's "
                + "configuration.",
        subcommands = {SentimentTrain.class, SentimentExample.Evaluate.class, SentimentExample.Predict.class})
public final class SentimentExample implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new SentimentTrain().call();
    }

    /** {@code rnn4j sentiment predict}: score reviews with a saved model. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Print the probability that each review is positive, using a model saved with "
                    + "'sentiment train --save'.")
    static final class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model file written by 'sentiment train --save'")
        Path model;
        @CommandLine.Parameters(arity = "1..*", paramLabel = "REVIEW", description = "review texts")
        List<String> reviews;

        @Override
        public Integer call() throws Exception {
            SequenceClassifier m = SequenceClassifier.load(model);
            float[] p = m.predictProbabilities(reviews);
            for (int i = 0; i < p.length; i++) {
                System.out.printf(Locale.ROOT, "%.4f\t%s\t%s%n", p[i], p[i] >= 0.5 ? "positive" : "negative",
                        reviews.get(i));
            }
            return 0;
        }
    }

    /** {@code rnn4j sentiment evaluate}: score a saved model on the IMDb test set. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Accuracy, precision, recall, F1 and ROC-AUC of a saved model on the IMDb test reviews.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model file written by 'sentiment train --save'")
        Path model;
        @Option(names = "--max-test", description = "use only N test reviews (random), 0 = all")
        int maxTest = 0;

        @Override
        public Integer call() throws Exception {
            SequenceClassifier m = SequenceClassifier.load(model);
            List<LabeledText> test = new ArrayList<>(ImdbDataset.load(DataHome.fromEnvironment()).test());
            if (maxTest > 0 && maxTest < test.size()) {
                Collections.shuffle(test, new Random(17));
                test = test.subList(0, maxTest);
            }
            BinaryMetrics r = m.evaluate(test);
            System.out.printf(Locale.ROOT, "test: accuracy %.4f precision %.4f recall %.4f F1 %.4f ROC-AUC %.4f "
                    + "(%d reviews)%n", r.accuracy(), r.precision(), r.recall(), r.f1(), r.rocAuc(), r.count());
            return 0;
        }
    }
}
