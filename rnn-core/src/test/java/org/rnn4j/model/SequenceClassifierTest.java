package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnn4j.data.LabeledText;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;

class SequenceClassifierTest {
    static final List<LabeledText> TRAIN = List.of(
            new LabeledText("a great and wonderful film, loved it", 1),
            new LabeledText("great acting, wonderful story :)", 1),
            new LabeledText("terrible, boring and awful", 0),
            new LabeledText("awful plot; boring actors. terrible :(", 0));
    static final List<String> TEXTS = List.of("great", "boring awful film with a terrible and boring plot",
            "wonderful", "unknown words only zzz", "loved it, great film and a wonderful wonderful story");

    @TempDir
    Path dir;

    private static SequenceClassifier small(int layers, boolean bidirectional) {
        return SequenceClassifier.builder(SequenceClassifier.vocabularyOf(TRAIN)).embeddingSize(8).lstmSize(6)
                .denseSize(4).layers(layers).bidirectional(bidirectional).seed(7).build();
    }

    @ParameterizedTest
    @CsvSource({"1,false", "2,false", "1,true", "2,true"})
    void paddedBatchPredictsTheSameAsEachTextAlone(int layers, boolean bidirectional) {
        SequenceClassifier m = small(layers, bidirectional);
        m.fit(TRAIN, FitOptions.builder().epochs(2).batchSize(2).build());
        float[] batched = m.predictProbabilities(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals(m.predictProbability(TEXTS.get(i)), batched[i], 1e-5, "text " + i);
        }
        // and the scores do depend on the text
        assertTrue(Arrays.stream(toDouble(batched)).distinct().count() > 1);
    }

    @Test
    void learnsTheToyTaskAndReportsEpochs() {
        SequenceClassifier m = small(1, false);
        var history = m.fit(TRAIN, TRAIN, FitOptions.builder().epochs(60).batchSize(4).build());
        assertEquals(60, history.size());
        assertEquals(4, history.get(0).examples());
        assertTrue(history.get(59).loss() < history.get(0).loss());
        assertEquals(1.0, history.get(59).accuracy());
        assertEquals(1.0, ((BinaryMetrics) history.get(59).validation()).accuracy());
        assertTrue(m.predictProbability("great wonderful") > 0.5);
        assertTrue(m.predictProbability("boring awful") < 0.5);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndKeepsTheBestEpochsWeights() {
        // validation = the training texts with the labels flipped: its loss rises as training learns
        List<LabeledText> flipped = TRAIN.stream().map(t -> new LabeledText(t.text(), 1 - t.label())).toList();
        SequenceClassifier m = small(1, false);
        var history = m.fit(TRAIN, flipped, FitOptions.builder().epochs(60).batchSize(4).earlyStopping(3).build());
        int best = TrainingLoop.bestValidationEpoch(history) - 1;
        assertTrue(history.size() < 60, "stopped early: " + history.size() + " epochs");
        assertEquals(best + 1 + 3, history.size(), "stops 3 epochs after the best");
        assertTrue(history.get(history.size() - 1).validation().loss() > history.get(best).validation().loss());
        assertEquals(history.get(best).validation().loss(), m.evaluate(flipped).logLoss(), 1e-6,
                "the best epoch's weights are restored");
    }

    @Test
    void saveThenLoadPredictsIdentically() throws IOException {
        SequenceClassifier m = small(1, true);
        m.fit(TRAIN, FitOptions.builder().epochs(3).batchSize(2).build());
        Path file = dir.resolve("model.rnn4j");
        m.save(file);
        SequenceClassifier back = SequenceClassifier.load(file);
        assertEquals(m.settings(), back.settings());
        assertEquals(m.vocabulary().size(), back.vocabulary().size());
        assertArrayEquals(m.predictProbabilities(TEXTS), back.predictProbabilities(TEXTS));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
        // training continues from the saved optimizer state
        back.fit(TRAIN, FitOptions.builder().epochs(1).batchSize(2).build());
    }

    @Test
    void corruptTruncatedAndForeignModelFilesFailClearly() throws IOException {
        Path good = dir.resolve("good.rnn4j");
        small(1, false).save(good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = Files.write(dir.resolve("truncated.rnn4j"), Arrays.copyOf(bytes, bytes.length / 2));
        assertMessage(truncated, "corrupt");

        Path garbage = Files.write(dir.resolve("garbage.rnn4j"), "hello, not a model".getBytes());
        assertMessage(garbage, "not an rnn4j model file");

        Path foreign = dir.resolve("foreign.zip");
        try (OutputStream out = Files.newOutputStream(foreign); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            zip.write("{}".getBytes());
        }
        assertMessage(foreign, "not an rnn4j model file");

        assertMessage(withHeader(good, "formatVersion=1", "formatVersion=99"), "format version 99");
        assertMessage(withHeader(good, "kind=sequence-classifier", "kind=something-else"), "something-else");
        assertMessage(dir.resolve("missing.rnn4j"), "not found");
    }

    private Path withHeader(Path good, String from, String to) throws IOException {
        Path out = dir.resolve(to.replace('=', '-') + ".rnn4j");
        try (ZipFile in = new ZipFile(good.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelArchive.HEADER)) {
                    b = new String(b, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(b);
            }
        }
        return out;
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> SequenceClassifier.load(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void badTextsFailWithClearMessages() {
        SequenceClassifier m = small(1, false);
        assertMessage(() -> m.predictProbability(null), "null");
        assertMessage(() -> m.predictProbability(""), "empty");
        assertMessage(() -> m.predictProbability("?!... :-/"), "no words");
        String huge = "word ".repeat(100_000);
        assertMessage(() -> m.predictProbability(huge), "100000 tokens");
        List<LabeledText> withEmpty = new ArrayList<>(TRAIN);
        withEmpty.add(new LabeledText("", 1));
        assertMessage(() -> m.fit(withEmpty, FitOptions.builder().epochs(1).build()), "text 4 is empty");
        assertMessage(() -> m.fit(List.of(), FitOptions.builder().build()), "empty");
        // with truncation the same long text is accepted
        SequenceClassifier truncating = SequenceClassifier.builder(m.vocabulary()).embeddingSize(4).lstmSize(3)
                .denseSize(2).maxLength(50).build();
        double p = truncating.predictProbability(huge);
        assertTrue(p > 0 && p < 1);
    }

    @Test
    void nonBinaryLabelsAreRejected() {
        assertMessage(() -> new LabeledText("fine", 2), "got 2");
        assertMessage(() -> new LabeledText("fine", -1), "got -1");
    }

    @Test
    void builderValidatesEverySettingAndNamesTheValue() {
        Vocabulary v = SequenceClassifier.vocabularyOf(TRAIN);
        assertMessage(() -> SequenceClassifier.builder(v).layers(0).build(), "layers must be >= 1, got 0");
        assertMessage(() -> SequenceClassifier.builder(v).lstmSize(-5).build(), "got -5");
        assertMessage(() -> SequenceClassifier.builder(v).dropout(1.0).build(), "dropout must be in [0, 1), got 1.0");
        assertMessage(() -> SequenceClassifier.builder(v).learningRate(0).build(), "got 0.0");
        assertMessage(() -> SequenceClassifier.builder(null).build(), "vocabulary");
        assertMessage(() -> SequenceClassifier.builder(v).embeddingInitStd(-1).build(),
                "embeddingInitStd must be >= 0 (0 = Xavier), got -1.0");
        assertMessage(() -> FitOptions.builder().epochs(0).build(), "epochs must be >= 1, got 0");
        assertMessage(() -> FitOptions.builder().earlyStopping(-1).build(),
                "patience must be >= 0 (0 = no early stopping), got -1");
        assertMessage(() -> small(1, false).fit(TRAIN, FitOptions.builder().earlyStopping(2).build()),
                "early stopping (patience 2) needs a validation set");
        assertMessage(() -> FitOptions.builder().batchSize(-3).build(), "got -3");
    }

    @Test
    void normalEmbeddingInitIsUsedAndSaved() throws IOException {
        Vocabulary v = SequenceClassifier.vocabularyOf(TRAIN);
        SequenceClassifier xavier = SequenceClassifier.builder(v).seed(5).build();
        SequenceClassifier normal = SequenceClassifier.builder(v).seed(5).embeddingInitStd(1).build();
        assertEquals(0.0, xavier.settings().embeddingInitStd());
        assertTrue(xavier.predictProbability("great film") != normal.predictProbability("great film"),
                "the embedding starts elsewhere");
        Path file = dir.resolve("normal.rnn4j");
        normal.save(file);
        assertEquals(1.0, SequenceClassifier.load(file).settings().embeddingInitStd());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
