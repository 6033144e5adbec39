package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.training.FitOptions;

/**
 * Predictions on one shared model from many threads equal the single-thread ones exactly. The models are tiny
 * and the texts short, since DL4J's per-call overhead (milliseconds) dominates: 32,000 classifier calls take
 * a minute or two of CPU.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES) // a deadlock fails; slowness on a loaded machine does not
class ConcurrentInferenceTest {
    static final int THREADS = 16;
    static final int CALLS = 2_000;
    /** Regressor calls per thread: fewer, as each costs about as much as a classifier call. */
    static final int REGRESSOR_CALLS = 250;

    @TempDir
    Path dir;

    /** What thread {@code t} asks on its {@code i}-th call, so that threads ask different things at once. */
    private interface Call {
        String run(int t, int i);
    }

    /** Runs {@code calls} calls on each of {@code THREADS} threads released together; returns the mismatches. */
    private static List<String> hammer(int calls, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> bad = new ArrayList<>();
                    for (int i = 0; i < calls; i++) {
                        String mismatch = call.run(thread, i);
                        if (mismatch != null && bad.size() < 5) {
                            bad.add(mismatch);
                        }
                    }
                    return bad;
                }));
            }
            List<String> bad = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                bad.addAll(f.get());
            }
            return bad;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsGetTheClassifiersSingleThreadResults() throws Exception {
        SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(
                SequenceClassifierTest.TRAIN)).embeddingSize(4).lstmSize(3).denseSize(2).seed(5).build();
        m.fit(SequenceClassifierTest.TRAIN, FitOptions.builder().epochs(2).batchSize(2).build());
        List<String> texts = List.of("great", "terrible", "boring", "wonderful", "zzz", "great film",
                "awful plot", "loved it, a wonderful story");
        double[] single = new double[texts.size()];
        for (int i = 0; i < single.length; i++) {
            single[i] = m.predictProbability(texts.get(i));
        }
        float[] batch = m.predictProbabilities(texts);
        assertTrue(java.util.Arrays.stream(single).distinct().count() > 3, "the texts score differently");

        List<String> bad = hammer(CALLS, (t, i) -> {
            int k = (t * 7 + i) % texts.size();
            if (i % 500 == 499) { // now and then the padded batch path
                float[] b = m.predictProbabilities(texts);
                return java.util.Arrays.equals(b, batch) ? null : "thread " + t + " call " + i + ": batch differs";
            }
            double p = m.predictProbability(texts.get(k));
            return p == single[k] ? null : "thread " + t + " call " + i + " text " + k + ": " + p + " != " + single[k];
        });
        assertEquals(List.of(), bad);
    }

    @Test
    void sixteenThreadsGetTheRegressorsSingleThreadResults() throws Exception {
        SlidingWindows train = SequenceRegressorTest.windows(60, 11, 2);
        SequenceRegressor m = SequenceRegressorTest.small(StandardScaler.fit(SequenceRegressorTest.rows(60, 11)), 2,
                1);
        m.fit(train, FitOptions.builder().epochs(2).batchSize(16).build());
        SlidingWindows test = SequenceRegressorTest.windows(12, 12, 2);
        int n = test.windows().length;
        double[][] single = new double[n][];
        for (int i = 0; i < n; i++) {
            single[i] = m.predict(test.window(i));
        }
        double[][] batch = m.predict(test);

        List<String> bad = hammer(REGRESSOR_CALLS, (t, i) -> {
            int k = (t * 5 + i) % n;
            if (i % 100 == 99) {
                double[][] b = m.predict(test);
                return java.util.Arrays.deepEquals(b, batch) ? null : "thread " + t + " call " + i + ": batch differs";
            }
            double[] p = m.predict(test.window(k));
            return java.util.Arrays.equals(p, single[k]) ? null
                    : "thread " + t + " call " + i + " window " + k + ": " + java.util.Arrays.toString(p) + " != "
                    + java.util.Arrays.toString(single[k]);
        });
        assertEquals(List.of(), bad);
    }

    @Test
    void sixteenThreadsGenerateTheSingleThreadTexts() throws Exception {
        CharLanguageModel m = CharLanguageModelTest.tiny().build();
        m.fit(CharLanguageModelTest.TRAIN, CharLanguageModelTest.HELD_OUT, CharLanguageModelTest.steps(5));
        int seeds = 7;
        String[] single = new String[seeds];
        for (int k = 0; k < seeds; k++) {
            single[k] = m.generate("the ", 40, Sampling.builder().seed(k).build());
        }
        List<String> bad = hammer(REGRESSOR_CALLS, (t, i) -> {
            int k = (t + i) % seeds;
            String g = m.generate("the ", 40, Sampling.builder().seed(k).build());
            return g.equals(single[k]) ? null : "thread " + t + " call " + i + " seed " + k + ": " + g;
        });
        assertEquals(List.of(), bad);
    }

    @Test
    void predictionsFollowFurtherTraining() throws IOException {
        // the per-call network copies share the weights, so they see what fit changes
        SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(
                SequenceClassifierTest.TRAIN)).embeddingSize(4).lstmSize(3).denseSize(2).seed(5).build();
        float[] before = m.predictProbabilities(SequenceClassifierTest.TEXTS);
        m.fit(SequenceClassifierTest.TRAIN, FitOptions.builder().epochs(3).batchSize(2).build());
        float[] after = m.predictProbabilities(SequenceClassifierTest.TEXTS);
        assertTrue(!java.util.Arrays.equals(before, after), "training changed the predictions");
        Path file = dir.resolve("m.rnn4j");
        m.save(file);
        assertArrayEquals(SequenceClassifier.load(file).predictProbabilities(SequenceClassifierTest.TEXTS), after);
    }
}
