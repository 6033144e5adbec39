package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.text.Vocabulary;

/** {@link Initialization#PYTORCH} draws every parameter from PyTorch's default distributions. */
class PyTorchInitTest {
    private static final Vocabulary VOCAB = SequenceClassifier.vocabularyOf(SequenceClassifierTest.TRAIN);

    private static SequenceClassifier classifier(Initialization init, long seed) {
        return SequenceClassifier.builder(VOCAB).embeddingSize(16).lstmSize(25).denseSize(12).initialization(init)
                .seed(seed).build();
    }

    private static double[] values(ComputationGraph net, String layer, String param) {
        return net.getLayer(layer).getParam(param).dup().data().asDouble();
    }

    /** Asserts every value lies in (-bound, bound) and the sample's sd is that of U(-bound, bound). */
    private static void assertUniform(double[] v, double bound, String what) {
        for (double x : v) {
            assertTrue(Math.abs(x) < bound * (1 + 1e-6), what + ": " + x + " outside +-" + bound);
        }
        if (v.length >= 100) {
            assertEquals(bound / Math.sqrt(3), sd(v), 0.1 * bound, what + " sd");
        }
    }

    private static double sd(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
    }

    @Test
    void classifierParametersFollowPyTorchsDefaults() {
        ComputationGraph net = classifier(Initialization.PYTORCH, 5).network();
        assertEquals(1, sd(values(net, "embedding", "W")), 0.05, "embedding sd"); // nn.Embedding: N(0, 1)
        double k = 1 / Math.sqrt(25);
        assertUniform(values(net, "forward", "W"), k, "LSTM input weights");
        assertUniform(values(net, "forward", "RW"), k, "LSTM recurrent weights");
        double[] bias = values(net, "forward", "b"); // b_ih + b_hh: triangular on (-2k, 2k), sd 2k/sqrt(6)
        for (double b : bias) {
            assertTrue(Math.abs(b) < 2 * k, "LSTM bias " + b);
        }
        assertEquals(2 * k / Math.sqrt(6), sd(bias), 0.25 * k, "LSTM bias sd");
        assertUniform(values(net, "dense", "W"), 1 / Math.sqrt(25), "dense weights (fan-in 25)");
        assertUniform(values(net, "out", "W"), 1 / Math.sqrt(12), "output weights (fan-in 12)");
        assertFalse(Arrays.stream(values(net, "out", "b")).allMatch(b -> b == 0), "output bias drawn");
    }

    @Test
    void dl4jDefaultKeepsTheForgetGateBiasOfOne() {
        // the contrast that makes the test above meaningful: DL4J starts a quarter of the LSTM bias at exactly 1
        double[] bias = values(classifier(Initialization.DL4J, 5).network(), "forward", "b");
        assertEquals(25, Arrays.stream(bias).filter(b -> b == 1).count());
    }

    @Test
    void theSeedFixesTheDrawAndTheSchemeIsSaved(@TempDir Path dir) throws Exception {
        INDArray a = classifier(Initialization.PYTORCH, 5).network().params();
        assertEquals(a, classifier(Initialization.PYTORCH, 5).network().params());
        assertNotEquals(a, classifier(Initialization.PYTORCH, 6).network().params());
        SequenceClassifier m = classifier(Initialization.PYTORCH, 0);
        m.save(dir.resolve("m.zip"));
        assertEquals(Initialization.PYTORCH, SequenceClassifier.load(dir.resolve("m.zip")).settings().initialization());
    }

    @Test
    void regressorAndCharacterModelToo() {
        ComputationGraph reg = SequenceRegressor.builder(7).lstmSize(16).layers(2).denseSize(16)
                .initialization(Initialization.PYTORCH).seed(1).build().network();
        assertUniform(values(reg, "lstm0", "W"), 0.25, "first LSTM input weights (16 units)");
        assertUniform(values(reg, "lstm1", "RW"), 0.25, "second LSTM recurrent weights");
        assertUniform(values(reg, "dense", "W"), 0.25, "dense weights (fan-in 16)");
        assertUniform(values(reg, "out", "b"), 0.25, "output bias");
        var chars = CharLanguageModel.builder(CharLanguageModelTest.VOCAB).embeddingSize(64).lstmSize(24)
                .initialization(Initialization.PYTORCH).seed(2);
        assertEquals(1, sd(values(chars.build().network(), "embedding", "W")), 0.1, "char embedding sd");
        assertArrayEquals(chars.build().network().params().toFloatVector(),
                chars.build().network().params().toFloatVector());
    }

    @Test
    void nullIsRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SequenceClassifier.builder(VOCAB).initialization(null).build());
        assertEquals("initialization must not be null", e.getMessage());
    }
}
