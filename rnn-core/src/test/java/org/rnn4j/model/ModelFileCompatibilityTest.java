package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files written by earlier versions of rnn4j (kept under {@code src/test/resources/models/}, made by
 * {@link ModelFileFixtures}) still load and predict what they predicted when they were written; and a file of a
 * future format version is refused with a message that says to upgrade.
 */
class ModelFileCompatibilityTest {
    private static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        URL url = ModelFileCompatibilityTest.class.getResource("/models/" + name);
        if (url == null) {
            throw new AssertionError("test resource models/" + name + " is missing");
        }
        return Path.of(url.toURI());
    }

    private static Properties expected() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(resource(ModelFileFixtures.EXPECTED))) {
            p.load(in);
        }
        return p;
    }

    @Test
    void formatOneClassifierLoadsAndPredictsAsWhenSaved() throws Exception {
        Properties expected = expected();
        SequenceClassifier m = SequenceClassifier.load(resource(ModelFileFixtures.CLASSIFIER));
        assertTrue(m.settings().bidirectional());
        List<String> texts = new ArrayList<>();
        for (int i = 0; expected.containsKey("classifier.text." + i); i++) {
            texts.add(expected.getProperty("classifier.text." + i));
        }
        assertEquals(5, texts.size());
        float[] p = m.predictProbabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            double want = Double.parseDouble(expected.getProperty("classifier.probability." + i));
            assertEquals(want, p[i], TOLERANCE, "text " + i + " '" + texts.get(i) + "'");
            assertEquals(want, m.predictProbability(texts.get(i)), TOLERANCE, "text " + i + " alone");
        }
    }

    @Test
    void formatOneRegressorLoadsAndPredictsAsWhenSaved() throws Exception {
        Properties expected = expected();
        SequenceRegressor m = SequenceRegressor.load(resource(ModelFileFixtures.REGRESSOR));
        assertEquals(2, m.settings().outputs());
        // saved before relative targets existed: it predicts the target itself
        assertEquals(TargetForm.ABSOLUTE, m.settings().targetForm());
        int n = 0;
        for (; expected.containsKey("regressor.window." + n); n++) {
            double[][] window = Arrays.stream(expected.getProperty("regressor.window." + n).split(";"))
                    .map(row -> Arrays.stream(row.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
            double[] want = Arrays.stream(expected.getProperty("regressor.prediction." + n).split(","))
                    .mapToDouble(Double::parseDouble).toArray();
            double[] got = m.predict(window);
            assertEquals(want.length, got.length);
            for (int j = 0; j < want.length; j++) {
                // the outputs are in price-like units (hundreds): compare relative to their size
                assertEquals(want[j], got[j], TOLERANCE * Math.max(1, Math.abs(want[j])), "window " + n + " output " + j);
            }
        }
        assertTrue(n >= 3, n + " windows");
    }

    @Test
    void charModelWithoutFusedLstmSettingLoadsWithDl4jLstmAndPredictsAsWhenSaved() throws Exception {
        Properties expected = new Properties();
        try (InputStream in = Files.newInputStream(resource(CharModelFileFixture.EXPECTED))) {
            expected.load(in);
        }
        Path file = resource(CharModelFileFixture.FILE);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String h = new String(zip.getInputStream(zip.getEntry(ModelArchive.HEADER)).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(!h.contains("fusedLstm"), "the kept file predates the setting: " + h);
        }
        CharLanguageModel m = CharLanguageModel.load(file);
        assertTrue(!m.settings().fusedLstm());
        assertEquals(2, m.settings().layers());
        assertEquals(10, m.trainedSteps());
        float[] want = toFloats(expected.getProperty("char.probabilities"));
        float[] got = m.nextCharProbabilities(expected.getProperty("char.prefix"));
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], TOLERANCE, "character " + i);
        }
        assertEquals(Double.parseDouble(expected.getProperty("char.heldOutLoss")),
                m.evaluate(CharLanguageModelTest.HELD_OUT).nats(), TOLERANCE);
        // it resumes training (with DL4J's LSTM, as saved) and saves with the setting written out
        m.fit(CharLanguageModelTest.TRAIN, CharLanguageModelTest.HELD_OUT,
                org.rnn4j.training.FitOptions.builder().epochs(1).stepsPerEpoch(1).batchSize(8).build());
        Path again = dir.resolve("resaved.rnn4j");
        m.save(again);
        CharLanguageModel back = CharLanguageModel.load(again);
        assertEquals(m.settings(), back.settings());
        assertEquals(11, back.trainedSteps());
    }

    private static float[] toFloats(String csv) {
        String[] parts = csv.split(",");
        float[] f = new float[parts.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.parseFloat(parts[i]);
        }
        return f;
    }

    @Test
    void aFutureFormatVersionFailsClearly() throws Exception {
        IOException e = assertThrows(IOException.class, () -> SequenceClassifier.load(
                withFormatVersion(ModelFileFixtures.CLASSIFIER, ModelArchive.FORMAT_VERSION + 1)));
        assertFutureVersionMessage(e.getMessage());
        e = assertThrows(IOException.class, () -> SequenceRegressor.load(
                withFormatVersion(ModelFileFixtures.REGRESSOR, ModelArchive.FORMAT_VERSION + 1)));
        assertFutureVersionMessage(e.getMessage());
    }

    private static void assertFutureVersionMessage(String message) {
        assertTrue(message.contains("format version " + (ModelArchive.FORMAT_VERSION + 1)), message);
        assertTrue(message.contains("reads versions 1 to " + ModelArchive.FORMAT_VERSION), message);
        assertTrue(message.contains("Upgrade rnn4j"), message);
    }

    /** A copy of a kept model file whose header claims another format version. */
    private Path withFormatVersion(String name, int version) throws Exception {
        Path out = dir.resolve("v" + version + "-" + name);
        try (ZipFile in = new ZipFile(resource(name).toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelArchive.HEADER)) {
                    String h = new String(b, StandardCharsets.UTF_8);
                    assertTrue(h.contains("formatVersion=1"), h);
                    assertTrue(h.contains("libraryVersion="), h);
                    b = h.replace("formatVersion=1", "formatVersion=" + version).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(b);
            }
        }
        return out;
    }
}
