package org.rnn4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.data.LabeledText;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.FitOptions;

/**
 * The book's sentiment model (embedding 32, LSTM 50, dense 32) at its shapes: one training step on a batch of
 * reviews of the mean IMDb length (238 tokens), and inference on the same batch. The vocabulary has the real
 * size (75,979) so the embedding costs what it does in the real run.
 *
 * <p>Run: {@code java -jar rnn-benchmarks/target/benchmarks.jar SentimentBenchmark -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
public class SentimentBenchmark extends RecordedBenchmark {
    /** Reviews per batch (the book: 32). */
    @Param({"32"})
    public int batchSize;
    /** Tokens per review (IMDb training mean: 238). */
    @Param({"238"})
    public int length;
    /** ND4J threads (1 is fastest on a 2-vCPU machine). */
    @Param({"1"})
    public int threads;

    private SequenceClassifier model;
    private List<LabeledText> batch;
    private List<String> texts;
    private FitOptions oneStep;

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(threads);
        Vocabulary.Builder vb = Vocabulary.builder();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 75_977; i++) {
            words.add("w" + i);
        }
        vb.add(words);
        model = SequenceClassifier.builder(vb.build()).build();
        Random r = new Random(0);
        batch = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < length; t++) {
                // Zipf-like word choice, as in text
                sb.append('w').append((int) Math.min(75_976, Math.exp(r.nextDouble() * Math.log(75_977)))).append(' ');
            }
            batch.add(new LabeledText(sb.toString(), i % 2));
        }
        texts = batch.stream().map(LabeledText::text).toList();
        oneStep = FitOptions.builder().epochs(1).batchSize(batchSize).build();
    }

    /** @return the epoch result, so the work is not optimised away */
    @Benchmark
    public Object trainStep() {
        return model.fit(batch, oneStep);
    }

    /** @return the probabilities */
    @Benchmark
    public float[] predictBatch() {
        return model.predictProbabilities(texts);
    }
}
