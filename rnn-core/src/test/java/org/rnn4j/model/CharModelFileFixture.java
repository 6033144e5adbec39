package org.rnn4j.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.rnn4j.training.FitOptions;

/**
 * Writes {@value #FILE} (a tiny trained character model whose network is DL4J's LSTM, from before
 * {@code CharLanguageModel.Settings} had a {@code fusedLstm} component) and {@value #EXPECTED} for
 * {@link ModelFileCompatibilityTest}. It was run once, by the code of commit 5b2e54a; like
 * {@link ModelFileFixtures}, never overwrite the kept files. From the repository root, after
 * {@code mvn -o test-compile -pl rnn-core} (classpath as in {@link ModelFileFixtures}):
 * {@code java -cp ... org.rnn4j.model.CharModelFileFixture rnn-core/src/test/resources/models}
 */
public final class CharModelFileFixture {
    static final String FILE = "char-format1.rnn4j";
    static final String EXPECTED = "char-format1-expected.properties";
    static final String PREFIX = "the emperor said";

    private CharModelFileFixture() {
    }

    /**
     * @param args the output directory
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        CharLanguageModel m = CharLanguageModelTest.tiny().layers(2).dropout(0.2).build();
        m.fit(CharLanguageModelTest.TRAIN, CharLanguageModelTest.HELD_OUT, FitOptions.builder().epochs(1)
                .stepsPerEpoch(10).batchSize(8).build());
        m.save(dir.resolve(FILE));
        Properties expected = new Properties();
        expected.setProperty("char.prefix", PREFIX);
        float[] p = m.nextCharProbabilities(PREFIX);
        StringBuilder s = new StringBuilder();
        for (float v : p) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        expected.setProperty("char.probabilities", s.toString());
        expected.setProperty("char.heldOutLoss", Double.toString(m.evaluate(CharLanguageModelTest.HELD_OUT).nats()));
        try (OutputStream out = Files.newOutputStream(dir.resolve(EXPECTED))) {
            expected.store(out, "next-character probabilities of " + FILE + " after char.prefix, written by "
                    + "CharModelFileFixture");
        }
    }
}
