package org.rnn4j.benchmarks;

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
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.Sampling;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.FitOptions;

/**
 * The book's War and Peace model (embedding 256, one LSTM of 512, softmax over the real 57 characters) at its
 * shapes: one training step on {@code batchSize} windows of 40 characters (forward, backpropagation through
 * time and an Adam update), and generating 500 characters after "the emperor" with the book's sampling.
 * PyTorch counterparts: {@code chargen.py}'s {@code ms_per_step} and {@code generate_500_ms}.
 *
 * <p>Needs {@code RNN_DATA_HOME} (for the real vocabulary). Run:
 * {@code java -jar rnn-benchmarks/target/benchmarks.jar CharLanguageModelBenchmark -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
public class CharLanguageModelBenchmark extends RecordedBenchmark {
    /** Training windows per step (the book: 64). */
    @Param({"64"})
    public int batchSize;
    /** ND4J threads (1 is fastest on a 2-vCPU machine). */
    @Param({"1"})
    public int threads;
    /** Recurrent cell: lstm (the book's), gru or rnn ({@link Cell#parse}). */
    @Param({"lstm"})
    public String cell;

    private CharLanguageModel model;
    private String training;
    private String heldOut;
    private FitOptions oneStep;

    /** Builds the book's model over the real vocabulary. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(threads);
        TextCorpus corpus = Fixtures.warAndPeace();
        model = CharLanguageModel.builder(CharVocabulary.of(corpus.text())).cell(Cell.parse(cell)).build();
        // fit() encodes the whole training text on every call: a 100k-character slice keeps that out of a
        // one-step measurement (windows are drawn at random offsets; the slice does not change the cost)
        training = corpus.training().substring(0, 100_000);
        heldOut = null; // a step is timed without a held-out measurement
        oneStep = FitOptions.builder().epochs(1).stepsPerEpoch(1).batchSize(batchSize).build();
    }

    @Override
    protected Map<String, Object> facts() {
        return Map.of("vocabulary", model.vocabulary().size(), "parameters", model.parameterCount(),
                "sequenceLength", model.settings().sequenceLength());
    }

    /**
     * @return the step's results, so the work is not optimised away
     */
    @Benchmark
    public Object trainStep() {
        return model.fit(training, heldOut, oneStep);
    }

    /** @return "the emperor" and 500 generated characters */
    @Benchmark
    public String generate500() {
        return model.generate("the emperor", 500, Sampling.book());
    }
}
