package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.TestData;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;
import org.rnn4j.training.TrainingLoop;

/**
 * The single-item paths ({@link ClassifierStepper}, {@link RegressorStepper}) compute what the network computes
 * in its batch path: on random weights large enough to drive the gates into saturation, on a model trained on
 * real reviews, from 16 threads at once, and after training changed the weights.
 */
class SinglePredictionTest {
    private static final int WORDS = 500;

    /** A vocabulary of w0 .. w(WORDS-1). */
    private static Vocabulary vocabulary() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            words.add("w" + i);
        }
        return Vocabulary.builder().add(words).build();
    }

    /** Random texts of 1 to 300 words, some outside the vocabulary. */
    private static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = i == 0 ? 1 : 1 + r.nextInt(300);
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < len; t++) {
                sb.append('w').append(r.nextInt(WORDS + 50)).append(' ');
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    /** Replaces every weight with a normal value of the given standard deviation. */
    static void randomise(NetworkModel<?> m, double std, long seed) {
        Random r = new Random(seed);
        var params = m.network().params();
        float[] v = new float[(int) params.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (std * r.nextGaussian());
        }
        m.network().setParams(FloatArrays.of(v, 1, v.length));
    }

    private static SequenceClassifier classifier(int layers, boolean bidirectional, boolean fused) {
        SequenceClassifier m = SequenceClassifier.builder(vocabulary()).embeddingSize(16).lstmSize(20).denseSize(8)
                .layers(layers).bidirectional(bidirectional).fusedLstm(fused).seed(7).build();
        randomise(m, 0.4, layers * 10 + (bidirectional ? 1 : 0));
        return m;
    }

    private static void assertSingleEqualsBatch(SequenceClassifier m, List<String> texts) {
        float[] batch = m.predictProbabilities(texts);
        double spread = 0;
        for (int i = 0; i < texts.size(); i++) {
            double single = m.predictProbability(texts.get(i));
            assertEquals(batch[i], single, 1e-5, "text " + i);
            spread = Math.max(spread, Math.abs(batch[i] - batch[0]));
        }
        assertTrue(spread > 0.01, "the texts get different probabilities: " + spread);
    }

    @ParameterizedTest
    @CsvSource({"1, false, true", "2, false, true", "1, true, true", "2, true, true", "2, true, false",
            "3, false, false"})
    void classifierSinglePathEqualsTheBatchPath(int layers, boolean bidirectional, boolean fused) {
        assertSingleEqualsBatch(classifier(layers, bidirectional, fused), texts(12, layers));
    }

    @Test
    void classifierSinglePathEqualsTheBatchPathOnRealReviews() throws IOException {
        ImdbDataset data = ImdbDataset.load(TestData.home(ImdbDataset.FILE));
        List<LabeledText> train = new ArrayList<>(data.train());
        Collections.shuffle(train, new Random(1));
        train = train.subList(0, 500);
        SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(train)).build();
        m.fit(train, FitOptions.builder().epochs(1).build());
        List<String> test = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            test.add(data.test().get(i * 1237 % data.test().size()).text());
        }
        assertSingleEqualsBatch(m, test);
    }

    @Test
    void classifierSinglePathSeesTheWeightsFitLeaves() {
        SequenceClassifier m = classifier(1, true, true);
        List<LabeledText> train = new ArrayList<>();
        List<String> texts = texts(16, 3);
        for (int i = 0; i < texts.size(); i++) {
            train.add(new LabeledText(texts.get(i), i % 2));
        }
        String probe = texts.get(5);
        double before = m.predictProbability(probe);
        m.fit(train, FitOptions.builder().epochs(1).batchSize(4).build());
        assertNotEquals(before, m.predictProbability(probe));
        assertEquals(m.predictProbabilities(List.of(probe))[0], m.predictProbability(probe), 1e-5);
        // early stopping restores earlier weights after the single path has read later ones (in a listener)
        List<LabeledText> flipped = train.stream().map(t -> new LabeledText(t.text(), 1 - t.label())).toList();
        TrainingListener reader = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingEvent event) {
                m.predictProbability(probe);
            }
        };
        var history = m.fit(train, flipped, FitOptions.builder().epochs(20).batchSize(4).earlyStopping(2)
                .listener(reader).build());
        assertTrue(TrainingLoop.bestValidationEpoch(history) < history.size(), "weights were restored");
        assertEquals(m.predictProbabilities(List.of(probe))[0], m.predictProbability(probe), 1e-5);
        assertSingleEqualsBatch(m, texts);
    }

    /** Windows of 4 rows of {@link SequenceRegressorTest#rows}, with targets. */
    private static SlidingWindows windows(long seed) {
        return SequenceRegressorTest.windows(60, seed, 2);
    }

    private static SequenceRegressor regressor(int layers, TargetForm form, boolean standardize) {
        SlidingWindows w = windows(1);
        SequenceRegressor m = SequenceRegressor.builder(3).lstmSize(12).denseSize(8).layers(layers).outputs(2)
                .target(form, 1).standardizeTargets(standardize).seed(3)
                .featureScaler(StandardScaler.fit(SequenceRegressorTest.rows(60, 1))).build();
        m.fit(w, null, FitOptions.builder().epochs(1).batchSize(16).build()); // fixes the window length and scaler
        randomise(m, 0.5, layers);
        return m;
    }

    private static void assertSingleEqualsBatch(SequenceRegressor m, double[][][] windows) {
        double[][] batch = m.predict(windows);
        for (int i = 0; i < windows.length; i++) {
            double[] single = m.predict(windows[i]);
            for (int j = 0; j < single.length; j++) {
                assertEquals(batch[i][j], single[j], 1e-5 * Math.max(1, Math.abs(batch[i][j])),
                        "window " + i + " output " + j);
            }
        }
        assertNotEquals(batch[0][0], batch[1][0]);
    }

    @ParameterizedTest
    @CsvSource({"0, ABSOLUTE, false", "1, ABSOLUTE, true", "2, ABSOLUTE, true", "1, RETURN, true",
            "2, RETURN, false", "0, DIFFERENCE, true"})
    void regressorSinglePathEqualsTheBatchPath(int layers, TargetForm form, boolean standardize) {
        SequenceRegressor m = regressor(layers, form, standardize);
        assertSingleEqualsBatch(m, windows(2).windows());
        m.fit(windows(3), null, FitOptions.builder().epochs(1).batchSize(16).build());
        assertSingleEqualsBatch(m, windows(2).windows()); // after fit, the new weights
    }

    /** Runs {@code calls} calls on each of 16 threads at once; thread t's call i gets input {@code (t * 7 + i)}. */
    private static <T> void sixteenThreads(int inputs, int calls, IntFunction<T> call, List<T> expected)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        int k = (thread * 7 + i) % inputs;
                        if (!call.apply(k).equals(expected.get(k))) {
                            return "thread " + thread + " input " + k;
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> f : futures) {
                assertEquals(null, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsGetTheSingleThreadResults() throws Exception {
        SequenceClassifier c = classifier(2, true, true);
        List<String> texts = texts(32, 9);
        List<Double> probabilities = new ArrayList<>();
        for (String t : texts) {
            probabilities.add(c.predictProbability(t));
        }
        c.dropInferenceCopy(); // the threads race to make the copy
        sixteenThreads(texts.size(), 100, k -> c.predictProbability(texts.get(k)), probabilities);

        SequenceRegressor r = regressor(2, TargetForm.RETURN, true);
        double[][][] windows = windows(4).windows();
        List<List<Double>> predictions = new ArrayList<>();
        for (double[][] w : windows) {
            predictions.add(boxed(r.predict(w)));
        }
        r.dropInferenceCopy();
        sixteenThreads(windows.length, 500, k -> boxed(r.predict(windows[k])), predictions);
    }

    private static List<Double> boxed(double[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }
}
