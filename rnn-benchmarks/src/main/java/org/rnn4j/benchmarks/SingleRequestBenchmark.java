package org.rnn4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.model.SequenceRegressor;

/**
 * The latency of one request, as a service answers it: one IMDb test review scored by the book's sentiment model
 * (embedding 32, LSTM 50, dense 32, the vocabulary of the 25,000 training reviews), and one 5 x 37 window
 * predicted by the book's stock model (two LSTMs of 16, dense 16, a feature scaler). Each call takes the next of
 * 500 reviews (a seeded sample of the test set, so its lengths are the test set's) or of 64 windows. The
 * {@code ...BatchPath} methods send the same single item through the batch API ({@code predictProbabilities},
 * {@code predict(double[][][])}), which is what the single-item methods did before they ran in plain Java. The
 * models are untrained (the cost does not depend on the weights), as the PyTorch reference's {@code EPOCHS=0}
 * latency run. Times include tokenising the review, as a service would; the PyTorch reference times its model
 * call on an already encoded review.
 *
 * <p>Run: {@code java -jar rnn-benchmarks/target/benchmarks.jar SingleRequestBenchmark} (needs
 * {@code RNN_DATA_HOME}); JMH's sample-time mode reports the percentiles (p0.50, p0.99, p0.999).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
@Threads(1)
public class SingleRequestBenchmark extends RecordedBenchmark {
    static final int REVIEWS = 500;
    static final int WINDOWS = 64;
    static final int DAYS = 5;
    static final int FEATURES = 37;

    /** ND4J threads, for the batch paths (1 is fastest on a 2-vCPU machine). */
    @Param({"1"})
    public int threads;

    private SequenceClassifier classifier;
    private SequenceRegressor regressor;
    private List<String> reviews;
    private double[][][] windows;
    private int nextReview;
    private int nextWindow;

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(threads);
        ImdbDataset imdb;
        try {
            imdb = ImdbDataset.load(Fixtures.dataHome("SingleRequestBenchmark"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        classifier = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(imdb.train())).build();
        reviews = new ArrayList<>();
        for (LabeledText t : Fixtures.sample(imdb.test(), (double) REVIEWS / imdb.test().size(), 1)) {
            reviews.add(t.text());
        }
        windows = Fixtures.standardNormalWindows(WINDOWS, DAYS, FEATURES, 2);
        double[][][] rows = Fixtures.standardNormalWindows(1, 1000, FEATURES, 1);
        regressor = SequenceRegressor.builder(FEATURES).featureScaler(StandardScaler.fit(rows[0])).build();
    }

    @Override
    protected Map<String, Object> facts() {
        return Map.of("vocabulary", classifier.vocabulary().size(), "reviews", REVIEWS, "meanReviewChars",
                reviews.stream().mapToInt(String::length).average().orElse(0));
    }

    private String review() {
        String r = reviews.get(nextReview);
        nextReview = (nextReview + 1) % reviews.size();
        return r;
    }

    private double[][] window() {
        double[][] w = windows[nextWindow];
        nextWindow = (nextWindow + 1) % windows.length;
        return w;
    }

    /** @return the probability, so the work is not optimised away */
    @Benchmark
    public double classifierOneReview() {
        return classifier.predictProbability(review());
    }

    /** @return the probability, through the batch path (a padded batch of one on the ComputationGraph) */
    @Benchmark
    public double classifierOneReviewBatchPath() {
        return classifier.predictProbabilities(List.of(review()))[0];
    }

    /** @return the prediction */
    @Benchmark
    public double[] regressorOneWindow() {
        return regressor.predict(window());
    }

    /** @return the prediction, through the batch path (a batch of one on the ComputationGraph) */
    @Benchmark
    public double[][] regressorOneWindowBatchPath() {
        return regressor.predict(new double[][][] {window()});
    }
}
