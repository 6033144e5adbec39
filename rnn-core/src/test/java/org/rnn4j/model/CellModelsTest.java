package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.layers.FusedGruLayer;
import org.rnn4j.layers.FusedLstmLayer;
import org.rnn4j.layers.FusedRnnLayer;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;

/**
 * The three models with each cell: the network has the cell's layers, every plain-Java path (single prediction,
 * generation) computes what the network computes, training and the direct regressor step work, the cell is saved
 * and loaded, PyTorch's initialisation covers it, and bad cells give clear errors.
 */
class CellModelsTest {
    @TempDir
    Path dir;

    static Class<?> layerClass(Cell cell) {
        return switch (cell) {
            case LSTM -> FusedLstmLayer.class;
            case GRU -> FusedGruLayer.class;
            case RNN -> FusedRnnLayer.class;
        };
    }

    static Vocabulary words() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            words.add("w" + i);
        }
        return Vocabulary.builder().add(words).build();
    }

    static List<String> texts(int n, long seed) {
        Random r = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0, len = 1 + r.nextInt(40); t < len; t++) {
                sb.append('w').append(r.nextInt(110)).append(' ');
            }
            texts.add(sb.toString());
        }
        return texts;
    }

    @ParameterizedTest
    @CsvSource({"GRU, 1, false", "GRU, 2, true", "RNN, 1, true", "RNN, 2, false", "LSTM, 2, true"})
    void classifierSinglePathEqualsTheBatchPathAndSurvivesSaveAndLoad(Cell cell, int layers, boolean bi)
            throws IOException {
        SequenceClassifier m = SequenceClassifier.builder(words()).embeddingSize(8).lstmSize(10).denseSize(6)
                .layers(layers).bidirectional(bi).cell(cell).seed(2).build();
        assertInstanceOf(layerClass(cell), m.network().getLayer("forward"));
        SinglePredictionTest.randomise(m, 0.5, layers);
        List<String> texts = texts(10, 3);
        float[] batch = m.predictProbabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(batch[i], m.predictProbability(texts.get(i)), 1e-5, cell + " text " + i);
        }
        List<LabeledText> train = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            train.add(new LabeledText(texts.get(i), i % 2));
        }
        m.fit(train, FitOptions.builder().epochs(1).batchSize(4).build());
        Path file = dir.resolve("c.rnn4j");
        m.save(file);
        SequenceClassifier back = SequenceClassifier.load(file);
        assertEquals(cell, back.settings().cell());
        assertInstanceOf(layerClass(cell), back.network().getLayer("forward"));
        assertEquals(m.predictProbability(texts.get(1)), back.predictProbability(texts.get(1)), 1e-6);
        assertEquals(back.predictProbabilities(texts)[2], back.predictProbability(texts.get(2)), 1e-5);
    }

    @ParameterizedTest
    @CsvSource({"GRU, 1", "GRU, 2", "RNN, 2"})
    void regressorSinglePathDirectStepAndSaveLoad(Cell cell, int layers) throws IOException {
        SlidingWindows w = SequenceRegressorTest.windows(120, 4, 1);
        StandardScaler scaler = StandardScaler.fit(SequenceRegressorTest.rows(120, 4));
        SequenceRegressor direct = SequenceRegressor.builder(3).lstmSize(8).denseSize(6).layers(layers).cell(cell)
                .featureScaler(scaler).seed(1).build();
        SequenceRegressor graph = SequenceRegressor.builder(3).lstmSize(8).denseSize(6).layers(layers).cell(cell)
                .featureScaler(scaler).seed(1).build();
        graph.directSteps = false;
        assertTrue(direct.trainsDirectly());
        FitOptions o = FitOptions.builder().epochs(2).batchSize(32).build();
        List<EpochResult> a = direct.fit(w, o);
        List<EpochResult> b = graph.fit(w, o);
        for (int e = 0; e < 2; e++) {
            assertEquals(b.get(e).loss(), a.get(e).loss(), 1e-5 * b.get(e).loss(), cell + " epoch " + e);
        }
        double[][] batch = direct.predict(w.windows());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(batch[i], direct.predict(w.window(i)), 1e-5 * Math.max(1, Math.abs(batch[i][0])));
        }
        Path file = dir.resolve("r.rnn4j");
        direct.save(file);
        SequenceRegressor back = SequenceRegressor.load(file);
        assertEquals(cell, back.settings().cell());
        assertArrayEquals(direct.predict(w.window(5)), back.predict(w.window(5)), 1e-9);
    }

    @ParameterizedTest
    @CsvSource({"GRU, 1", "GRU, 2", "RNN, 1", "RNN, 2"})
    void characterGeneratorComputesTheNetworksDistributionsAndSavesTheCell(Cell cell, int layers)
            throws IOException {
        CharLanguageModel m = CharLanguageModelTest.tiny().layers(layers).cell(cell).build();
        assertInstanceOf(layerClass(cell), m.network().getLayer("lstm0"));
        m.fit(CharLanguageModelTest.TRAIN, CharLanguageModelTest.HELD_OUT, CharLanguageModelTest.steps(10));
        String text = "the emperor said";
        float[][] net = m.stepwiseProbabilities(text);
        float[][] logits = m.generatorLogits(text);
        Sampling plain = Sampling.builder().build();
        for (int i = 0; i < text.length(); i++) {
            double[] p = plain.distribution(logits[i]);
            for (int v = 0; v < p.length; v++) {
                assertEquals(net[i][v], p[v], 1e-5, cell + " char " + i + ", index " + v);
            }
            assertArrayEquals(m.nextCharProbabilities(text.substring(0, i + 1)), net[i], 1e-5f);
        }
        Path file = dir.resolve("t.rnn4j");
        m.save(file);
        CharLanguageModel back = CharLanguageModel.load(file);
        assertEquals(cell, back.settings().cell());
        assertEquals(m.generate("the ", 40, Sampling.book()), back.generate("the ", 40, Sampling.book()));
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"GRU", "RNN"})
    void dropoutTrainsAndIsAnIdentityAtPrediction(Cell cell) {
        CharLanguageModel m = CharLanguageModelTest.tiny().layers(2).dropout(0.3).cell(cell).build();
        List<EpochResult> history = m.fit(CharLanguageModelTest.TRAIN, CharLanguageModelTest.HELD_OUT,
                CharLanguageModelTest.steps(20));
        double first = history.get(0).loss();
        double last = history.get(history.size() - 1).loss();
        assertTrue(Double.isFinite(last) && last < first, cell + ": training loss " + first + " -> " + last);
        String text = "the prince";
        float[][] net = m.stepwiseProbabilities(text);
        double[] java = Sampling.builder().build().distribution(m.generatorLogits(text)[text.length() - 1]);
        for (int v = 0; v < java.length; v++) {
            assertEquals(net[text.length() - 1][v], java[v], 1e-5, cell + " index " + v);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Cell.class, names = {"GRU", "RNN"})
    void pyTorchInitialisationDrawsEveryWeightAndBiasFromItsRange(Cell cell) {
        int h = 16;
        ComputationGraph net = SequenceRegressor.builder(5).lstmSize(h).layers(2).cell(cell)
                .initialization(Initialization.PYTORCH).seed(3).build().network();
        double k = 1 / Math.sqrt(h);
        for (String name : new String[]{"lstm0", "lstm1"}) {
            var layer = net.getLayer(name);
            for (String key : new String[]{"W", "RW"}) {
                double[] v = layer.getParam(key).dup().data().asDouble();
                assertTrue(java.util.Arrays.stream(v).allMatch(x -> Math.abs(x) <= k), name + " " + key);
                assertTrue(java.util.Arrays.stream(v).map(Math::abs).max().orElse(0) > 0.9 * k, name + " " + key);
            }
            double[] b = layer.getParam("b").dup().data().asDouble();
            int summed = cell == Cell.GRU ? 2 * h : h; // PyTorch's two biases, stored summed
            for (int j = 0; j < b.length; j++) {
                assertTrue(Math.abs(b[j]) <= (j < summed ? 2 * k : k), name + " b[" + j + "] = " + b[j]);
            }
            assertEquals(cell == Cell.GRU ? 4 * h : h, b.length);
        }
    }

    @Test
    void badCellsAreRejectedClearly() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> Cell.parse("lstn"));
        assertEquals("unknown cell 'lstn'; valid cells: lstm, gru, rnn", e.getMessage());
        assertEquals(Cell.GRU, Cell.parse(" GRU "));
        e = assertThrows(IllegalArgumentException.class,
                () -> SequenceRegressor.builder(3).cell(Cell.GRU).fusedLstm(false).build());
        assertTrue(e.getMessage().contains("exists for the LSTM only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CharLanguageModel.builder(CharLanguageModelTest.VOCAB).cell(null).build());
        assertTrue(e.getMessage().contains("cell must not be null"), e.getMessage());
        // a file naming a cell this version does not know
        CharLanguageModel m = CharLanguageModelTest.tiny().cell(Cell.GRU).build();
        Path file = dir.resolve("gru.rnn4j");
        m.save(file);
        Path future = withHeader(file, "cell=GRU", "cell=TRANSFORMER");
        IOException io = assertThrows(IOException.class, () -> CharLanguageModel.load(future));
        assertTrue(io.getMessage().contains("setting 'cell' has an invalid value 'TRANSFORMER' (known: [LSTM, GRU, RNN]"),
                io.getMessage());
        // a GRU file claiming format version 1, which knew only the LSTM
        Path old = withHeader(file, "formatVersion=2", "formatVersion=1");
        io = assertThrows(IOException.class, () -> CharLanguageModel.load(old));
        assertTrue(io.getMessage().contains("has format version 1, which knows only the LSTM cell, but names cell GRU"),
                io.getMessage());
        // an LSTM-only operation on a GRU model
        e = assertThrows(IllegalArgumentException.class, () -> m.withFusedLstm(false));
        assertTrue(e.getMessage().contains("this model's cell is GRU"), e.getMessage());
    }

    /** A copy of a model file with a text replaced in its header. */
    private Path withHeader(Path file, String from, String to) throws IOException {
        Path out = dir.resolve("edited-" + Integer.toHexString(to.hashCode()) + "-" + file.getFileName());
        try (ZipFile in = new ZipFile(file.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry e : in.stream().toList()) {
                byte[] b = in.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelArchive.HEADER)) {
                    String h = new String(b, StandardCharsets.UTF_8);
                    assertTrue(h.contains(from), h);
                    b = h.replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(b);
            }
        }
        return out;
    }
}
