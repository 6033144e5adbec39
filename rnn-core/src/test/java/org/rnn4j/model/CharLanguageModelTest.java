package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.layers.FusedLstm;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.metrics.LanguageModelMetrics;
import org.rnn4j.training.Checkpoint;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;

/** A tiny character model on a small fixture text: fast, and enough to check every behaviour. */
class CharLanguageModelTest {
    static final String TEXT = ("the emperor said to the prince that the army would march at dawn. "
            + "the prince said nothing, and the emperor smiled at him.\n").repeat(6);
    static final CharVocabulary VOCAB = CharVocabulary.of(TEXT);
    static final String TRAIN = TEXT.substring(0, 700);
    static final String HELD_OUT = TEXT.substring(700);
    static CharLanguageModel trained;

    static CharLanguageModel.Builder tiny() {
        return CharLanguageModel.builder(VOCAB).embeddingSize(8).lstmSize(24).sequenceLength(12).learningRate(0.01)
                .seed(5);
    }

    /** n more steps of batch 8: epochs of 10 steps (of n steps when n is not a multiple of 10). */
    static FitOptions steps(int n) {
        int perEpoch = n % 10 == 0 ? 10 : n;
        return FitOptions.builder().epochs(n / perEpoch).stepsPerEpoch(perEpoch).batchSize(8).build();
    }

    @BeforeAll
    static void train() throws IOException {
        trained = tiny().build();
        trained.fit(TRAIN, HELD_OUT, steps(30));
    }

    @Test
    void lossStartsNearLnVocabularyAndFalls() throws IOException {
        CharLanguageModel m = tiny().build();
        List<Double> losses = new ArrayList<>();
        List<EpochResult> results = m.fit(TRAIN, HELD_OUT, FitOptions.builder().epochs(3).stepsPerEpoch(10)
                .batchSize(8).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(TrainingEvent e) {
                        if (e.batch() == 1) {
                            losses.add(e.loss());
                        }
                    }
                }).build());
        assertEquals(Math.log(VOCAB.size()), losses.get(0), 0.2); // per character, not per window
        assertEquals(3, results.size());
        assertEquals(30, results.get(2).step());
        assertTrue(results.get(2).validation().loss() < results.get(0).validation().loss() - 0.1, results.toString());
        assertTrue(results.get(2).validation().loss() < Math.log(VOCAB.size()) - 0.5, results.toString());
        LanguageModelMetrics last = (LanguageModelMetrics) results.get(2).validation();
        assertEquals(last.nats() / Math.log(2), last.bits(), 1e-12);
        assertEquals(last.nats(), m.evaluate(HELD_OUT).nats(), 1e-9);
    }

    private static FusedLstm firstLstm(CharLanguageModel m) {
        return (FusedLstm) m.network().getLayer("lstm0").conf().getLayer();
    }

    @Test
    void theFirstLstmTakesTheEmbeddingShortcutAlsoWhenLoadedFromAnOlderFile(@TempDir Path dir) throws IOException {
        CharLanguageModel m = tiny().layers(2).dropout(0.2).build();
        assertTrue(firstLstm(m).isEmbeddingInput());
        assertTrue(!((FusedLstm) m.network().getLayer("lstm1").conf().getLayer()).isEmbeddingInput(),
                "only the layer straight above the embedding");
        firstLstm(m).setEmbeddingInput(false); // as in a file written before the setting existed
        Path file = dir.resolve("old.ckpt");
        m.save(file);
        CharLanguageModel back = CharLanguageModel.load(file);
        assertTrue(firstLstm(back).isEmbeddingInput());
        assertEquals(m.evaluate(HELD_OUT).nats(), back.evaluate(HELD_OUT).nats(), 0.0);
    }

    @Test
    void fusedAndDl4jLstmStartEqualAndTrainAlike(@TempDir Path dir) throws IOException {
        for (int layers = 1; layers <= 2; layers++) {
            CharLanguageModel fused = tiny().layers(layers).dropout(0.2).build();
            CharLanguageModel dl4j = tiny().layers(layers).dropout(0.2).fusedLstm(false).build();
            assertTrue(fused.settings().fusedLstm());
            assertTrue(!dl4j.settings().fusedLstm());
            assertEquals(dl4j.evaluate(HELD_OUT).nats(), fused.evaluate(HELD_OUT).nats(), 1e-6, "same initial weights");
            List<EpochResult> a = fused.fit(TRAIN, HELD_OUT, steps(20));
            List<EpochResult> b = dl4j.fit(TRAIN, HELD_OUT, steps(20));
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).loss(), a.get(i).loss(), 1e-4, layers + " layers: " + b + a);
                assertEquals(b.get(i).validation().loss(), a.get(i).validation().loss(), 1e-4, layers + " layers");
            }
            Path file = dir.resolve("fused" + layers + ".ckpt");
            fused.save(file);
            CharLanguageModel back = CharLanguageModel.load(file);
            assertEquals(fused.settings(), back.settings());
            assertEquals(fused.evaluate(HELD_OUT).nats(), back.evaluate(HELD_OUT).nats(), 0.0);
        }
    }

    @Test
    void aDl4jLstmCheckpointContinuesOnTheFusedLayerAsItWouldHaveOnItsOwn(@TempDir Path dir) throws IOException {
        CharLanguageModel dl4j = tiny().fusedLstm(false).build();
        dl4j.fit(TRAIN, HELD_OUT, steps(10));
        Path file = dir.resolve("dl4j.ckpt");
        dl4j.save(file);
        CharLanguageModel loaded = CharLanguageModel.load(file);
        assertTrue(!loaded.settings().fusedLstm());
        assertSame(loaded, loaded.withFusedLstm(false));
        CharLanguageModel fused = loaded.withFusedLstm(true);
        assertTrue(fused.settings().fusedLstm());
        assertEquals(10, fused.trainedSteps());
        assertEquals(dl4j.evaluate(HELD_OUT).nats(), fused.evaluate(HELD_OUT).nats(), 1e-6, "same parameters");
        // Adam's moments and step count came along: the next steps match the DL4J model's own next steps
        List<EpochResult> a = fused.fit(TRAIN, HELD_OUT, steps(20));
        List<EpochResult> b = dl4j.fit(TRAIN, HELD_OUT, steps(20));
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.get(i).step(), a.get(i).step());
            assertEquals(b.get(i).loss(), a.get(i).loss(), 1e-4, b + " " + a);
            assertEquals(b.get(i).validation().loss(), a.get(i).validation().loss(), 1e-4);
        }
        assertTrue(!loaded.settings().fusedLstm(), "the source model is unchanged");
    }

    @Test
    void stepByStepEqualsFullSequence() {
        String prefix = "the emperor said";
        float[][] steps = trained.stepwiseProbabilities(prefix);
        for (int i = 0; i < prefix.length(); i++) {
            assertArrayEquals(trained.nextCharProbabilities(prefix.substring(0, i + 1)), steps[i], 1e-5f, "at " + i);
        }
    }

    @Test
    void theJavaGeneratorComputesTheNetworksDistributions() throws IOException {
        String text = "the emperor said to prince andrew";
        float[][] net = trained.stepwiseProbabilities(text);
        float[][] logits = trained.generatorLogits(text);
        Sampling plain = Sampling.builder().build();
        for (int i = 0; i < text.length(); i++) {
            double[] p = plain.distribution(logits[i]);
            for (int v = 0; v < p.length; v++) {
                assertEquals(net[i][v], p[v], 1e-5, "char " + i + ", index " + v);
            }
        }
        // two layers, and a copy that follows training: the cached weights are dropped after fit
        CharLanguageModel two = tiny().layers(2).build();
        two.generate("the ", 5, plain);
        two.fit(TRAIN, HELD_OUT, steps(3));
        float[] after = two.stepwiseProbabilities("the")[2];
        double[] java = plain.distribution(two.generatorLogits("the")[2]);
        for (int v = 0; v < java.length; v++) {
            assertEquals(after[v], java[v], 1e-5, "2 layers, index " + v);
        }
    }

    @Test
    void sameSeedSameSampleOtherSeedOtherSample() {
        Sampling s = Sampling.builder().seed(11).build();
        String a = trained.generate("the ", 200, s);
        assertEquals(a, trained.generate("the ", 200, s));
        assertEquals(204, a.length());
        assertTrue(a.startsWith("the "));
        assertNotEquals(a, trained.generate("the ", 200, Sampling.builder().seed(12).build()));
    }

    @Test
    void nearZeroTemperatureAndTopKOneGiveTheGreedyPath() {
        String greedy = "the ";
        for (int i = 0; i < 40; i++) {
            float[] p = trained.nextCharProbabilities(greedy);
            int best = 0;
            for (int k = 1; k < p.length; k++) {
                best = p[k] > p[best] ? k : best;
            }
            greedy += Character.toString(VOCAB.codePoint(best));
        }
        assertEquals(greedy, trained.generate("the ", 40, Sampling.builder().topK(1).seed(1).build()));
        assertEquals(greedy, trained.generate("the ", 40, Sampling.builder().temperature(1e-4).seed(2).build()));
    }

    @Test
    void resumedRunReachesTheUninterruptedResult(@TempDir Path dir) throws IOException {
        CharLanguageModel whole = tiny().dropout(0.2).layers(2).build();
        whole.fit(TRAIN, HELD_OUT, FitOptions.builder().epochs(4).stepsPerEpoch(4).batchSize(8).build());

        Path ckpt = dir.resolve("run.ckpt");
        CharLanguageModel first = tiny().dropout(0.2).layers(2).build();
        FitOptions killedAt9 = FitOptions.builder().epochs(4).stepsPerEpoch(4).batchSize(8)
                .listener(new Checkpoint(ckpt)).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(TrainingEvent e) {
                        if (e.step() == 9) {
                            throw new IllegalStateException("killed"); // after the step-8 checkpoint
                        }
                    }
                }).build();
        assertThrows(IllegalStateException.class, () -> first.fit(TRAIN, HELD_OUT, killedAt9));

        CharLanguageModel resumed = CharLanguageModel.load(ckpt);
        assertEquals(8, resumed.trainedSteps());
        assertEquals(whole.settings(), resumed.settings());
        resumed.fit(TRAIN, HELD_OUT, FitOptions.builder().epochs(2).stepsPerEpoch(4).batchSize(8).build());
        assertEquals(16, resumed.trainedSteps());
        assertArrayEquals(whole.nextCharProbabilities("the emperor"), resumed.nextCharProbabilities("the emperor"),
                1e-6f);
        assertEquals(whole.generate("the ", 60, Sampling.book()), resumed.generate("the ", 60, Sampling.book()));
    }

    @Test
    void streamingCrossEntropyCarriesTheStateThroughTheText() {
        // within one window (12 predictions) both protocols predict every character from all before it
        String shortText = HELD_OUT.substring(0, 13);
        assertEquals(trained.evaluate(shortText).nats(), trained.streamingCrossEntropy(shortText), 1e-5);
        // over many windows the stream keeps its context across window starts, and the model learnt this text
        double windows = trained.evaluate(HELD_OUT).nats();
        double stream = trained.streamingCrossEntropy(HELD_OUT);
        assertNotEquals(windows, stream, 1e-4);
        assertTrue(stream < Math.log(VOCAB.size()) - 0.5, "streaming " + stream + ", windows " + windows);
        assertMessage("the text has 1 characters; it needs at least 2", () -> trained.streamingCrossEntropy("t"));
        assertMessage("character 'z' at position 1 is not in the model's vocabulary",
                () -> trained.streamingCrossEntropy("az"));
    }

    @Test
    void heldOutLossIsMeasuredEveryEpochAndEarlyStoppingKeepsTheBestWeights() {
        // held out: text the training text never has, so its loss rises once the model learns the training text
        String other = "zzq xwv zzq xwv qqz vwx ".repeat(4).replace('z', 'e').replace('q', 't').replace('x', 'h')
                .replace('w', 'a').replace('v', 'o');
        CharLanguageModel m = tiny().build();
        List<EpochResult> h = m.fit(TRAIN, other, FitOptions.builder().epochs(30).stepsPerEpoch(5).batchSize(8)
                .earlyStopping(2).build());
        int best = org.rnn4j.training.TrainingLoop.bestValidationEpoch(h);
        assertTrue(h.size() < 30, "the held-out loss stopped falling: " + h);
        assertEquals(best + 2, h.get(h.size() - 1).epoch(), "stops 2 epochs after the best");
        assertEquals(h.get(best - 1).validation().loss(), m.evaluate(other).nats(), 1e-6, "the best weights");
        assertEquals(5L * h.size(), m.trainedSteps(), "steps count on; the restored weights keep the count");
    }

    @Test
    void badTextsAndPrefixesGetClearErrors() {
        CharLanguageModel m = tiny().build();
        assertMessage("the training text is empty", () -> m.fit("", HELD_OUT, steps(1)));
        assertMessage("the training text has 5 characters; it needs at least 13",
                () -> m.fit("the e", HELD_OUT, steps(1)));
        assertMessage("CharLanguageModel draws random windows", () -> m.fit(TRAIN, HELD_OUT,
                FitOptions.builder().build()));
        assertMessage("bucketing does not apply to CharLanguageModel", () -> m.fit(TRAIN, HELD_OUT,
                FitOptions.builder().stepsPerEpoch(1).bucketing(true).build()));
        assertMessage("early stopping (patience 2) needs a validation set", () -> m.fit(TRAIN, null,
                FitOptions.builder().stepsPerEpoch(1).earlyStopping(2).build()));
        assertMessage("character 'z' at position 4 is not in the model's vocabulary",
                () -> m.generate("the zebra", 10, Sampling.book()));
        assertMessage("the prefix is empty", () -> m.generate("", 10, Sampling.book()));
        assertMessage("length must be >= 0, got -1", () -> m.generate("the", -1, Sampling.book()));
        assertMessage("sequenceLength must be >= 1, got 0", () -> tiny().sequenceLength(0).build());
        assertMessage("dropout must be in [0, 1), got 1.0", () -> tiny().dropout(1).build());
        assertEquals(0, m.trainedSteps());
    }

    @Test
    void truncatedOrForeignCheckpointsAreRejected(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.ckpt");
        trained.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.ckpt"), Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> CharLanguageModel.load(truncated));
        assertTrue(e.getMessage().contains("truncated or corrupt") || e.getMessage().contains("is corrupt"),
                e.getMessage());
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "not a model");
        e = assertThrows(IOException.class, () -> CharLanguageModel.load(foreign));
        assertTrue(e.getMessage().contains("not an rnn4j model file"), e.getMessage());
        Path other = dir.resolve("classifier.rnn4j");
        org.rnn4j.text.Vocabulary words = org.rnn4j.text.Vocabulary.builder().add(List.of("a", "b")).build();
        SequenceClassifier.builder(words).embeddingSize(2).lstmSize(2).denseSize(2).build().save(other);
        e = assertThrows(IOException.class, () -> CharLanguageModel.load(other));
        assertTrue(e.getMessage().contains("not a char-language-model"), e.getMessage());
        CharLanguageModel back = CharLanguageModel.load(good);
        assertEquals(30, back.trainedSteps());
        assertArrayEquals(trained.nextCharProbabilities("the "), back.nextCharProbabilities("the "), 0f);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
