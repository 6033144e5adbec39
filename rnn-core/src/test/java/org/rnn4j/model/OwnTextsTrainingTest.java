package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.LabeledTextFiles;
import org.rnn4j.datasets.LabeledTexts;
import org.rnn4j.training.FitOptions;

/** Class names in the model, and a model trained from a CSV file equal to one trained from class folders. */
class OwnTextsTrainingTest {
    private static final String[] GOOD = {"thanks", "great", "quick", "helpful", "resolved", "friendly"};
    private static final String[] BAD = {"slow", "broken", "refund", "rude", "waiting", "crash"};
    private static final String[] OTHER = {"the", "support", "ticket", "order", "my", "agent", "app"};

    @TempDir
    Path dir;

    /** {@code n} short tickets with random labels, from word lists with a fixed seed. */
    static List<LabeledText> tickets(int n, long seed) {
        Random r = new Random(seed);
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = r.nextInt(2);
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < 4 + r.nextInt(5); w++) {
                String[] words = r.nextInt(3) == 0 ? (label == 1 ? GOOD : BAD) : OTHER;
                b.append(w == 0 ? "" : r.nextInt(6) == 0 ? ", " : " ").append(words[r.nextInt(words.length)]);
            }
            out.add(new LabeledText(b + " #" + i, label));
        }
        return out;
    }

    private static SequenceClassifier train(LabeledTexts data) {
        SequenceClassifier m = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(data.texts()))
                .embeddingSize(8).lstmSize(8).denseSize(4).seed(3).classNames(data.classes()).build();
        m.fit(data.texts(), null, FitOptions.builder().epochs(2).batchSize(8).build());
        return m;
    }

    @Test
    void csvAndFoldersOfTheSameTextsTrainTheSameModel() throws Exception {
        List<LabeledText> texts = tickets(60, 11);
        StringBuilder csv = new StringBuilder("id,text,label\n");
        for (int i = 0; i < texts.size(); i++) {
            LabeledText t = texts.get(i);
            csv.append(i).append(",\"").append(t.text()).append("\",").append(t.label() == 1 ? "good" : "bad")
                    .append('\n');
            Path f = dir.resolve("folders").resolve(t.label() == 1 ? "good" : "bad").resolve("t" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, t.text(), StandardCharsets.UTF_8);
        }
        Path file = Files.writeString(dir.resolve("tickets.csv"), csv);
        LabeledTexts fromCsv = LabeledTextFiles.read(file).canonical();
        LabeledTexts fromFolders = LabeledTextFiles.read(dir.resolve("folders")).canonical();
        assertEquals(List.of("bad", "good"), fromCsv.classes());
        assertEquals(fromCsv, fromFolders);
        // without canonical(), the orders differ (file order vs class, then file name)
        assertNotEquals(LabeledTextFiles.read(file).texts(), LabeledTextFiles.read(dir.resolve("folders")).texts());

        SequenceClassifier a = train(fromCsv);
        SequenceClassifier b = train(fromFolders);
        List<String> probe = List.of("great quick support", "slow refund, rude agent", "my order");
        assertArrayEquals(a.predictProbabilities(probe), b.predictProbabilities(probe));
        assertEquals(List.of("bad", "good"), a.classNames());
    }

    @Test
    void classNamesAreKeptInTheModelFile() throws Exception {
        LabeledTexts data = new LabeledTexts(tickets(20, 5), List.of("bad", "good"));
        SequenceClassifier m = train(data);
        Path f = dir.resolve("m.rnn4j");
        m.save(f);
        SequenceClassifier loaded = SequenceClassifier.load(f);
        assertEquals(List.of("bad", "good"), loaded.classNames());
        for (String text : List.of("great thanks", "broken crash")) {
            double p = loaded.predictProbability(text);
            assertEquals(p >= 0.5 ? "good" : "bad", loaded.predictClass(text));
            assertEquals(m.predictClass(text), loaded.predictClass(text));
        }
        assertEquals("good", loaded.className(0.5));
        assertEquals("bad", loaded.className(0.4999));
    }

    @Test
    void filesWithoutClassNamesLoadWithTheDefaults() throws Exception {
        URL url = getClass().getResource("/models/" + ModelFileFixtures.CLASSIFIER);
        SequenceClassifier m = SequenceClassifier.load(Path.of(url.toURI()));
        assertEquals(List.of("negative", "positive"), m.classNames());
        assertTrue(List.of("negative", "positive").contains(m.predictClass("a good film")));
        SequenceClassifier fresh = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(tickets(4, 1))).build();
        assertEquals(SequenceClassifier.DEFAULT_CLASS_NAMES, fresh.classNames());
    }

    @Test
    void invalidClassNamesAreRejected() {
        var vocab = SequenceClassifier.vocabularyOf(tickets(4, 1));
        for (List<String> names : List.of(List.of("a", "a"), List.of("a", " "), List.of("a"), List.of("x\ny", "b"),
                List.of(" a", "b"))) {
            assertThrows(IllegalArgumentException.class,
                    () -> SequenceClassifier.builder(vocab).classNames(names).build(), names.toString());
        }
        assertThrows(IllegalArgumentException.class,
                () -> SequenceClassifier.builder(vocab).classNames("a", null).build());
    }

    @Test
    void aCorruptClassesEntryIsReported() throws Exception {
        Path f = dir.resolve("m.rnn4j");
        SequenceClassifier.builder(SequenceClassifier.vocabularyOf(tickets(4, 1))).build().save(f);
        Path broken = dir.resolve("broken.rnn4j");
        try (var in = new java.util.zip.ZipFile(f.toFile());
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(broken))) {
            for (var e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                out.write(e.getName().equals("classes.txt") ? "only-one\n".getBytes(StandardCharsets.UTF_8)
                        : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        IOException e = assertThrows(IOException.class, () -> SequenceClassifier.load(broken));
        assertTrue(e.getMessage().contains("classes.txt"), e.getMessage());
    }
}
