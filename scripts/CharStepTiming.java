import java.nio.file.Path;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.FitOptions;

/**
 * Times the book's character-model training step (batch 64 x 40, embedding 256, LSTM 512) through the public API,
 * for A/B comparisons of two builds run one after the other. One warm-up chunk, then CHUNKS chunks of STEPS steps;
 * prints the mean milliseconds per step of each chunk. Run as a single-file program against a built jar:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp rnn-benchmarks/target/benchmarks.jar scripts/CharStepTiming.java 10 4 LABEL
 * </pre>
 *
 * The data directory is RNN_DATA_HOME (else ../shared/data).
 */
public class CharStepTiming {
    public static void main(String[] args) throws Exception {
        int steps = Integer.parseInt(args[0]);
        int chunks = Integer.parseInt(args[1]);
        String label = args.length > 2 ? args[2] : "";
        String home = System.getenv().getOrDefault("RNN_DATA_HOME", "../shared/data");
        TextCorpus corpus = TextCorpus.warAndPeace(DataHome.at(Path.of(home), true));
        CharLanguageModel model = CharLanguageModel.builder(CharVocabulary.of(corpus.text())).build();
        String training = corpus.training().substring(0, 100_000); // as CharLanguageModelBenchmark: encoding is cheap
        FitOptions chunk = FitOptions.builder().epochs(1).stepsPerEpoch(steps).batchSize(64).build();
        StringBuilder line = new StringBuilder(label + " ms/step per chunk:");
        for (int c = -1; c < chunks; c++) {
            long t0 = System.nanoTime();
            model.fit(training, null, chunk); // no held-out measurement
            if (c >= 0) {
                line.append(String.format(" %.0f", (System.nanoTime() - t0) / 1e6 / steps));
            }
        }
        System.out.println(line);
    }
}
