package org.rnn4j.benchmarks;

import java.util.List;
import java.util.Map;
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
import org.rnn4j.model.Cell;
import org.rnn4j.data.LabeledText;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.ReviewTokenizer;
import org.rnn4j.training.FitOptions;

/**
 * One training epoch of the book's sentiment model (embedding 32, LSTM 50, dense 32, sigmoid; Adam; batches of
 * 32) over real IMDb training reviews, so the batches have the real distribution of review lengths (mean 238
 * tokens, up to 2,498), with the vocabulary of the whole training set (75,979 entries). Each measured operation
 * is {@code model.fit(sample, 1 epoch)}: tokenising, batching and training.
 *
 * <p>{@code fraction} runs it short: the epoch goes over a seeded random sample of {@code fraction x 25,000}
 * reviews (0.04 = 1,000), which has the same length distribution; multiply the time by
 * {@code 25,000 / reviews} (the record's {@code epochScale}) for seconds per full epoch, as
 * {@code scripts/benchmark_report.py} does. PyTorch counterpart: {@code sentiment.py}'s {@code epoch_s} (packed
 * sequences, so no padding is computed there).
 *
 * <p>Needs {@code RNN_DATA_HOME}. Run:
 * {@code java -jar rnn-benchmarks/target/benchmarks.jar SentimentEpochBenchmark -p fraction=0.04}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
public class SentimentEpochBenchmark extends RecordedBenchmark {
    /** Reviews per batch (the book: 32). */
    @Param({"32"})
    public int batchSize;
    /** ND4J threads (1 is fastest on a 2-vCPU machine). */
    @Param({"1"})
    public int threads;
    /** Recurrent cell: lstm (the book's), gru or rnn ({@link Cell#parse}). */
    @Param({"lstm"})
    public String cell;
    /** Share of the 25,000 training reviews one measured epoch goes over. */
    @Param({"1.0"})
    public double fraction;
    /** Length bucketing (rnn4j's default): batches of similar lengths, so little padding is computed. */
    @Param({"true"})
    public boolean bucketing;

    private SequenceClassifier model;
    private List<LabeledText> sample;
    private int population;
    private long sampleTokens;
    private FitOptions oneEpoch;

    /** Loads the reviews, builds the vocabulary of all of them and the book's model. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(threads);
        List<LabeledText> all = Fixtures.imdbTrain();
        population = all.size();
        sample = Fixtures.sample(all, fraction, 0);
        sampleTokens = sample.stream().mapToLong(t -> ReviewTokenizer.INSTANCE.tokenize(t.text()).size()).sum();
        model = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(all)).cell(Cell.parse(cell)).build();
        oneEpoch = FitOptions.builder().epochs(1).batchSize(batchSize).bucketing(bucketing).build();
    }

    @Override
    protected Map<String, Object> facts() {
        return Map.of("reviews", sample.size(), "populationReviews", population, "tokens", sampleTokens,
                "epochScale", (double) population / sample.size(), "vocabulary", model.vocabulary().size());
    }

    /** @return the epoch's result */
    @Benchmark
    public Object trainEpoch() {
        return model.fit(sample, oneEpoch);
    }
}
