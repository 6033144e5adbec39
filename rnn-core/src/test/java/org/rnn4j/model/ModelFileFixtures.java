package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.training.FitOptions;

/**
 * Writes the model files kept under {@code src/test/resources/models/} for {@link ModelFileCompatibilityTest}:
 * a tiny trained classifier and regressor in today's format, and {@value #EXPECTED} with the inputs and their
 * predictions. Run it only when a new format version is introduced, and then add new files next to the old
 * ones (never overwrite them: the old files are what proves old models still load). From the repository root,
 * after {@code mvn -o test-compile -pl rnn-core}:
 *
 * <pre>
 * mvn -o -q dependency:build-classpath -pl rnn-core -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=1 java -cp rnn-core/target/test-classes:rnn-core/target/classes:$(cat /tmp/cp.txt) \
 *     org.rnn4j.model.ModelFileFixtures rnn-core/src/test/resources/models
 * </pre>
 */
public final class ModelFileFixtures {
    static final String CLASSIFIER = "classifier-format1.rnn4j";
    static final String REGRESSOR = "regressor-format1.rnn4j";
    static final String EXPECTED = "format1-expected.properties";
    static final List<String> TEXTS = List.of("great", "boring awful film with a terrible and boring plot",
            "wonderful", "unknown words only zzz", "loved it, great film and a wonderful wonderful story");

    private ModelFileFixtures() {
    }

    /**
     * @param args the output directory
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ModelFileFixtures OUTPUT_DIRECTORY");
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Properties expected = new Properties();

        SequenceClassifier c = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(SequenceClassifierTest.TRAIN))
                .embeddingSize(4).lstmSize(3).denseSize(3).bidirectional(true).seed(11).build();
        c.fit(SequenceClassifierTest.TRAIN, FitOptions.builder().epochs(5).batchSize(2).build());
        c.save(dir.resolve(CLASSIFIER));
        float[] p = c.predictProbabilities(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            expected.setProperty("classifier.text." + i, TEXTS.get(i));
            expected.setProperty("classifier.probability." + i, Float.toString(p[i]));
        }

        SlidingWindows train = SequenceRegressorTest.windows(60, 21, 2);
        SequenceRegressor r = SequenceRegressorTest.small(StandardScaler.fit(SequenceRegressorTest.rows(60, 21)), 2,
                2);
        r.fit(train, FitOptions.builder().epochs(3).batchSize(16).build());
        r.save(dir.resolve(REGRESSOR));
        SlidingWindows test = SequenceRegressorTest.windows(10, 22, 2);
        double[][] y = r.predict(test);
        for (int i = 0; i < y.length; i++) {
            expected.setProperty("regressor.window." + i, Arrays.stream(test.window(i))
                    .map(row -> Arrays.stream(row).mapToObj(Double::toString).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(";")));
            expected.setProperty("regressor.prediction." + i,
                    Arrays.stream(y[i]).mapToObj(Double::toString).collect(Collectors.joining(",")));
        }
        AtomicFiles.write(dir.resolve(EXPECTED), out -> expected.store(out, "inputs and predictions of "
                + CLASSIFIER + " and " + REGRESSOR + ", written by ModelFileFixtures"));
    }
}
