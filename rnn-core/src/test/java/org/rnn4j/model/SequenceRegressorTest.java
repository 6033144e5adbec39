package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.Checkpoint;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;

class SequenceRegressorTest {
    @TempDir
    Path dir;

    /** A table of 3 features on very different scales; the target of a row is a smooth function of it. */
    static double[][] rows(int n, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {r.nextGaussian(), 1000 + 100 * r.nextGaussian(), 0.01 * r.nextGaussian()};
        }
        return x;
    }

    static double[] targets(double[][] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double prev = i > 0 ? x[i - 1][0] : 0;
            y[i] = 500 + 50 * (x[i][0] + 0.5 * prev + (x[i][1] - 1000) / 100);
        }
        return y;
    }

    static SlidingWindows windows(int n, long seed, int horizon) {
        double[][] x = rows(n, seed);
        return SlidingWindows.of(x, targets(x), new SlidingWindows.Options(4, horizon, false));
    }

    static SequenceRegressor small(StandardScaler scaler, int outputs, int layers) {
        return SequenceRegressor.builder(3).lstmSize(8).denseSize(8).layers(layers).outputs(outputs)
                .learningRate(0.02).seed(3).featureScaler(scaler).standardizeTargets(true).build();
    }

    @Test
    void validationIsScoredEveryEpochAndEarlyStoppingKeepsTheBestWeights() {
        // validation = the training windows with the targets mirrored around 500: its error grows as training learns
        double[][] x = rows(300, 1);
        double[] y = targets(x);
        double[] mirrored = java.util.Arrays.stream(y).map(v -> 1000 - v).toArray();
        SlidingWindows train = SlidingWindows.of(x, y, new SlidingWindows.Options(4, 1, false));
        SlidingWindows flipped = SlidingWindows.of(x, mirrored, new SlidingWindows.Options(4, 1, false));
        SequenceRegressor m = small(StandardScaler.fit(x), 1, 1);
        List<EpochResult> h = m.fit(train, flipped, FitOptions.builder().epochs(40).batchSize(30).earlyStopping(3)
                .build());
        assertTrue(h.size() < 40, "stopped early: " + h.size() + " epochs");
        int best = TrainingLoop.bestValidationEpoch(h);
        assertEquals(best + 3, h.get(h.size() - 1).epoch(), "stops 3 epochs after the best");
        RegressionMetrics kept = (RegressionMetrics) h.get(best - 1).validation();
        assertEquals(kept.mse(), m.evaluate(flipped).mse(), 1e-6 * kept.mse(), "the best epoch's weights");
        assertEquals(4, m.settings().windowLength(), "the first fit fixes the window length");
    }

    @Test
    void aResumedRunAndConsecutiveFitsDrawTheBatchesOfOneUninterruptedRun(@TempDir Path dir) throws IOException {
        SlidingWindows w = windows(120, 4, 1);
        StandardScaler scaler = StandardScaler.fit(rows(120, 4));
        FitOptions two = FitOptions.builder().epochs(2).batchSize(16).build();
        SequenceRegressor whole = small(scaler, 1, 2);
        whole.fit(w, FitOptions.builder().epochs(4).batchSize(16).build());
        SequenceRegressor first = small(scaler, 1, 2);
        first.fit(w, FitOptions.builder().epochs(2).batchSize(16).listener(new Checkpoint(dir.resolve("r.ckpt")))
                .build());
        SequenceRegressor resumed = SequenceRegressor.load(dir.resolve("r.ckpt"));
        assertEquals(16, resumed.trainedSteps(), "2 epochs of 8 batches");
        resumed.fit(w, two);
        first.fit(w, two);
        double[] want = whole.predict(w.window(5));
        assertArrayEquals(want, resumed.predict(w.window(5)), 1e-9 * Math.abs(want[0]), "resumed from the file");
        assertArrayEquals(want, first.predict(w.window(5)), 1e-9 * Math.abs(want[0]), "a second fit call");
        SequenceRegressor restarted = small(scaler, 1, 2);
        restarted.fit(w, two);
        restarted.fit(w, FitOptions.builder().epochs(2).batchSize(32).build());
        assertNotEquals(want[0], restarted.predict(w.window(5))[0], "other batches, other weights: not vacuous");
    }

    @Test
    void optionsThatDoNotApplyAreRejected() {
        SequenceRegressor m = small(StandardScaler.fit(rows(50, 1)), 1, 1);
        SlidingWindows w = windows(50, 1, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(w, FitOptions.builder()
                .bucketing(true).build())).getMessage().contains("bucketing does not apply to SequenceRegressor"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(w, FitOptions.builder()
                .stepsPerEpoch(3).build())).getMessage().contains("stepsPerEpoch does not apply"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(w, FitOptions.builder()
                .earlyStopping(2).build())).getMessage().contains("needs a validation set"));
        m.fit(w, FitOptions.builder().epochs(1).bucketing(false).build());
    }

    @Test
    void aModelReadsOnlyWindowsOfItsLengthAndTheFileKeepsIt(@TempDir Path dir) throws IOException {
        SequenceRegressor m = SequenceRegressor.builder(3).lstmSize(4).denseSize(4).windowLength(4)
                .featureNames(List.of("a", "b", "c")).build();
        double[][] x = rows(20, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(
                SlidingWindows.of(x, targets(x), new SlidingWindows.Options(7, 1, false))));
        assertTrue(e.getMessage().contains("has 7 rows; this model reads windows of 4 rows"), e.getMessage());
        m.save(dir.resolve("w.rnn4j"));
        SequenceRegressor back = SequenceRegressor.load(dir.resolve("w.rnn4j"));
        assertEquals(4, back.settings().windowLength());
        assertEquals(List.of("a", "b", "c"), back.featureNames());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SequenceRegressor.builder(3)
                .featureNames(List.of("a")).build()).getMessage().contains("featureNames has 1 names but features is 3"));
    }

    @Test
    void bookSizesGiveTheExpectedParameterCounts() {
        // PyTorch counts 5,985 (two bias vectors per LSTM layer); DL4J has one: 5,985 - 2 * 64 = 5,857
        SequenceRegressor book = SequenceRegressor.builder(37).build();
        assertEquals(5_857, book.parameterCount());
        assertEquals(2, book.settings().layers());
        assertEquals(16, book.settings().lstmSize());
        assertEquals(0.01, book.settings().learningRate());
        // the chapter-6 network: 37 -> 32 ReLU -> 1
        assertEquals(37 * 32 + 32 + 33, SequenceRegressor.builder(37).layers(0).denseSize(32).build().parameterCount());
    }

    @Test
    void learnsASmallTaskAndReportsEveryEpoch() {
        SlidingWindows train = windows(300, 1, 1);
        StandardScaler scaler = StandardScaler.fit(rows(300, 1));
        SequenceRegressor m = small(scaler, 1, 1);
        List<EpochResult> epochs = new ArrayList<>();
        int[] batchCalls = {0};
        TrainingListener l = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingEvent e) {
                batchCalls[0]++;
                assertEquals(10, e.batches());
            }

            @Override
            public void onEpochEnd(TrainingEvent e) {
                epochs.add(e.result());
            }
        };
        List<EpochResult> history = m.fit(train, FitOptions.builder().epochs(25).batchSize(30).listener(l).build());
        assertEquals(25, history.size());
        assertEquals(history, epochs);
        assertEquals(250, batchCalls[0]);
        assertEquals(297, history.get(0).examples());
        assertTrue(Double.isNaN(history.get(0).accuracy()));
        assertTrue(history.get(24).loss() < 0.3 * history.get(0).loss(),
                "loss " + history.get(0).loss() + " -> " + history.get(24).loss());
        RegressionMetrics test = m.evaluate(windows(120, 2, 1));
        assertTrue(test.r2() > 0.8, "test " + test);
        assertNotNull(m.targetScaler());
    }

    @Test
    void saveAndLoadPredictIdentically() throws IOException {
        SlidingWindows train = windows(100, 4, 2);
        SequenceRegressor m = small(StandardScaler.fit(rows(100, 4)), 2, 2);
        m.fit(train, FitOptions.builder().epochs(2).batchSize(16).build());
        Path file = dir.resolve("m.rnn4j");
        m.save(file);
        SequenceRegressor r = SequenceRegressor.load(file);
        assertEquals(m.settings(), r.settings());
        assertEquals(m.featureScaler(), r.featureScaler());
        assertEquals(m.targetScaler(), r.targetScaler());
        SlidingWindows test = windows(40, 5, 2);
        double[][] a = m.predict(test);
        double[][] b = r.predict(test);
        assertEquals(36, a.length, "40 rows - 4 - 2 + 2");
        for (int i = 0; i < a.length; i++) {
            assertEquals(2, a[i].length);
            assertArrayEquals(a[i], b[i], 0, "window " + i);
        }
        assertArrayEquals(a[3], r.predict(test.window(3)), 1e-4, "a window alone predicts as in a batch");
        assertEquals(2, r.evaluatePerOutput(test).size());
    }

    /** Windows whose target is 20% above feature 1 of the last row (around 1,000 and noisy). */
    static SlidingWindows twentyPercentAbove(int n, long seed) {
        double[][] x = rows(n, seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 1.2 * x[i][1];
        }
        return SlidingWindows.of(x, y, new SlidingWindows.Options(4, 1, false));
    }

    @Test
    void relativeTargetsAreLearnedAsReturnsAndPredictedInTargetUnits() throws IOException {
        SlidingWindows train = twentyPercentAbove(300, 7);
        SequenceRegressor m = SequenceRegressor.builder(3).lstmSize(8).denseSize(8).layers(1).learningRate(0.01)
                .seed(3).featureScaler(StandardScaler.fit(rows(300, 7)))
                .target(TargetForm.RETURN, 1).build();
        m.fit(train, FitOptions.builder().epochs(20).batchSize(32).build());
        // the network only has to learn the constant 0.2 (untrained it outputs about 0, i.e. 17% too low); the
        // prices it returns must be in the target's units
        SlidingWindows test = twentyPercentAbove(60, 8);
        double[][] p = m.predict(test);
        for (int i = 0; i < p.length; i++) {
            assertEquals(test.targets()[i][0], p[i][0], 0.02 * test.targets()[i][0], "window " + i);
        }
        Path file = dir.resolve("ret.rnn4j");
        m.save(file);
        SequenceRegressor r = SequenceRegressor.load(file);
        assertEquals(TargetForm.RETURN, r.settings().targetForm());
        assertEquals(1, r.settings().targetFeature());
        // one window goes through the plain-Java single path, the batch through the network: float rounding apart
        assertArrayEquals(p[5], r.predict(new double[][][] {test.window(5)})[0], 1e-9);
        assertArrayEquals(p[5], r.predict(test.window(5)), 1e-6 * Math.abs(p[5][0]));
    }

    @Test
    void differenceTargetsAddTheReferenceBack() {
        SlidingWindows train = twentyPercentAbove(40, 9);
        SequenceRegressor m = SequenceRegressor.builder(3).lstmSize(4).denseSize(4).layers(1).seed(3)
                .target(TargetForm.DIFFERENCE, 1).build();
        SequenceRegressor plain = SequenceRegressor.builder(3).lstmSize(4).denseSize(4).layers(1).seed(3).build();
        // same seed, same weights, untrained: the difference model's output is the plain one plus the reference
        double[][] window = train.window(0);
        double ref = window[window.length - 1][1];
        assertEquals(plain.predict(window)[0] + ref, m.predict(window)[0], 1e-6 * ref);
    }

    @Test
    void returnTargetsRejectAZeroReference() {
        SequenceRegressor m = SequenceRegressor.builder(3).lstmSize(4).denseSize(4).layers(1)
                .target(TargetForm.RETURN, 0).build();
        double[][][] w = {{{1, 2, 3}}, {{0, 2, 3}}};
        assertMessage("window 1: reference feature 0 of its last row is 0, so a return over it is undefined",
                () -> m.predict(w));
        assertMessage("window 1: reference feature 0 of its last row is 0, so a return over it is undefined",
                () -> m.fit(w, new double[][] {{1}, {1}}, FitOptions.builder().epochs(1).build()));
    }

    @Test
    void fusedAndDl4jLstmStartEqualAndTrainAlike() {
        SlidingWindows train = windows(200, 10, 1);
        StandardScaler scaler = StandardScaler.fit(rows(200, 10));
        for (int layers = 1; layers <= 2; layers++) {
            SequenceRegressor fused = small(scaler, 1, layers);
            SequenceRegressor dl4j = SequenceRegressor.builder(3).lstmSize(8).denseSize(8).layers(layers).outputs(1)
                    .learningRate(0.02).seed(3).featureScaler(scaler).standardizeTargets(true).fusedLstm(false)
                    .build();
            assertTrue(fused.settings().fusedLstm());
            assertTrue(!dl4j.settings().fusedLstm());
            assertArrayEquals(dl4j.predict(train.window(7)), fused.predict(train.window(7)), 1e-4,
                    "same initial weights");
            FitOptions o = FitOptions.builder().epochs(3).batchSize(32).build();
            List<EpochResult> a = fused.fit(train, o);
            List<EpochResult> b = dl4j.fit(train, o);
            for (int e = 0; e < 3; e++) {
                assertEquals(b.get(e).loss(), a.get(e).loss(), 1e-4 * b.get(e).loss(), layers + " layers, epoch " + e);
            }
            double[] p = fused.predict(train.window(7));
            assertArrayEquals(dl4j.predict(train.window(7)), p, 1e-3 * Math.abs(p[0]), layers + " layers");
        }
    }

    @Test
    void directStepsTrainExactlyAsDl4jFitDoes() throws IOException {
        SlidingWindows train = windows(150, 12, 1);
        StandardScaler scaler = StandardScaler.fit(rows(150, 12));
        FitOptions o = FitOptions.builder().epochs(2).batchSize(32).build();
        for (int layers = 0; layers <= 2; layers++) {
            for (int outputs : new int[] {1, 3}) {
                SlidingWindows w = outputs == 1 ? train : windows(150, 12, outputs);
                String what = layers + " layers, " + outputs + " outputs";
                SequenceRegressor direct = small(scaler, outputs, layers);
                SequenceRegressor graph = small(scaler, outputs, layers);
                graph.directSteps = false;
                assertTrue(direct.trainsDirectly(), what);
                assertTrue(!graph.trainsDirectly(), what);
                List<EpochResult> a = direct.fit(w, o);
                List<EpochResult> b = graph.fit(w, o);
                // a third epoch after a save and load: the iteration count and Adam's state went into the file
                Path file = dir.resolve("direct-" + layers + "-" + outputs + ".rnn4j");
                direct.save(file);
                SequenceRegressor loaded = SequenceRegressor.load(file);
                assertTrue(loaded.trainsDirectly(), what);
                FitOptions third = FitOptions.builder().epochs(1).batchSize(32).build();
                a.addAll(loaded.fit(w, third));
                b.addAll(graph.fit(w, third));
                for (int e = 0; e < 3; e++) {
                    assertEquals(b.get(e).loss(), a.get(e).loss(), 1e-5 * b.get(e).loss(), what + ", epoch " + e);
                }
                double[] expected = graph.predict(w.window(3));
                assertArrayEquals(expected, loaded.predict(w.window(3)), 1e-4 * Math.abs(expected[0]), what);
            }
        }
        // what the direct step does not cover trains through DL4J's fit
        assertTrue(!SequenceRegressor.builder(3).layers(2).dropout(0.2).build().trainsDirectly());
        assertTrue(!SequenceRegressor.builder(3).fusedLstm(false).build().trainsDirectly());
    }

    @Test
    void feedForwardVariantTrains() {
        double[][] x = rows(200, 6);
        SlidingWindows train = SlidingWindows.of(x, targets(x), 1);
        SequenceRegressor m = SequenceRegressor.builder(3).layers(0).denseSize(16).learningRate(0.05)
                .featureScaler(StandardScaler.fit(x)).standardizeTargets(true).build();
        List<EpochResult> h = m.fit(train, FitOptions.builder().epochs(30).batchSize(200).build());
        assertEquals(1, h.get(0).examples() / 200);
        assertTrue(h.get(29).loss() < h.get(0).loss());
    }

    @Test
    void wrongNumberOfFeaturesIsAClearError() {
        SequenceRegressor m = small(null, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.predict(new double[][] {{1, 2, 3}, {1, 2}}));
        assertTrue(e.getMessage().contains("window 0 row 1 has 2 features; this model expects 3"), e.getMessage());
        double[][][] four = {{{1, 2, 3, 4}}};
        e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(four, new double[][] {{1}}, FitOptions.builder().epochs(1).build()));
        assertTrue(e.getMessage().contains("has 4 features; this model expects 3"), e.getMessage());
    }

    @Test
    void badShapesAreClearErrors() {
        SequenceRegressor m = small(null, 1, 1);
        FitOptions o = FitOptions.builder().epochs(1).build();
        double[][][] w = {{{1, 2, 3}, {1, 2, 3}}, {{1, 2, 3}}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(w));
        assertTrue(e.getMessage().contains("window 1 has 1 rows, window 0 has 2"), e.getMessage());
        double[][][] ok = {{{1, 2, 3}}};
        e = assertThrows(IllegalArgumentException.class, () -> m.fit(ok, new double[][] {{1, 2}}, o));
        assertTrue(e.getMessage().contains("target row 0 has 2 values; this model predicts 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.fit(ok, new double[][] {{1}, {2}}, o));
        assertTrue(e.getMessage().contains("2 target rows for 1 windows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(new double[][][] {{{1, Double.NaN, 3}}}));
        assertTrue(e.getMessage().contains("feature 1 is not finite"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.predict(new double[0][][]));
    }

    @Test
    void builderRejectsBadSettingsWithTheirValues() {
        assertMessage("lstmSize must be >= 1, got 0", () -> SequenceRegressor.builder(3).lstmSize(0).build());
        assertMessage("features must be >= 1, got -2", () -> SequenceRegressor.builder(-2).build());
        assertMessage("layers must be >= 0 (0 = no LSTM), got -1",
                () -> SequenceRegressor.builder(3).layers(-1).build());
        assertMessage("dropout must be in [0, 1), got 1.0", () -> SequenceRegressor.builder(3).dropout(1).build());
        assertMessage("learningRate must be > 0, got 0.0", () -> SequenceRegressor.builder(3).learningRate(0).build());
        assertMessage("outputs must be >= 1, got 0", () -> SequenceRegressor.builder(3).outputs(0).build());
        StandardScaler s = StandardScaler.fit(new double[][] {{1, 2}, {3, 4}});
        assertMessage("featureScaler has width 2 but features is 3",
                () -> SequenceRegressor.builder(3).featureScaler(s).build());
        assertMessage("target feature must be in [0, 3), got 3",
                () -> SequenceRegressor.builder(3).target(TargetForm.RETURN, 3).build());
        assertMessage("target form must not be null", () -> SequenceRegressor.builder(3).target(null, 0).build());
    }

    @Test
    void loadRejectsOtherFiles() throws IOException {
        Path junk = dir.resolve("junk.rnn4j");
        Files.writeString(junk, "not a model");
        IOException e = assertThrows(IOException.class, () -> SequenceRegressor.load(junk));
        assertTrue(e.getMessage().contains("not an rnn4j model file"), e.getMessage());
        List<LabeledText> texts = List.of(new LabeledText("good film", 1), new LabeledText("bad film", 0));
        Path classifier = dir.resolve("c.rnn4j");
        SequenceClassifier.builder(SequenceClassifier.vocabularyOf(texts)).embeddingSize(2).lstmSize(2).denseSize(2)
                .build().save(classifier);
        e = assertThrows(IOException.class, () -> SequenceRegressor.load(classifier));
        assertTrue(e.getMessage().contains("holds a sequence-classifier, not a sequence-regressor"), e.getMessage());
        assertThrows(IOException.class, () -> SequenceRegressor.load(dir.resolve("missing.rnn4j")));
    }

    private static void assertMessage(String expected, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(expected, e.getMessage());
    }
}
