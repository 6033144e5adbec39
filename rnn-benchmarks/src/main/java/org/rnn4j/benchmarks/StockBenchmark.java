package org.rnn4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.model.Cell;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.training.FitOptions;

/**
 * The book's NASDAQ model (two LSTM layers of 16, dense 16, one output; Adam) at its shapes: one training
 * epoch over 8,056 windows of 5 days x 37 features in batches of 128 (shuffled, the last partial batch kept),
 * and predicting the 119 test windows. The features are synthetic standard-normal values, which is what the
 * real ones are after standardisation; the cost does not depend on the values. PyTorch counterpart:
 * {@code stock.py}'s {@code ms_per_epoch}.
 *
 * <p>Run: {@code java -jar rnn-benchmarks/target/benchmarks.jar StockBenchmark -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
public class StockBenchmark extends RecordedBenchmark {
    /** Training windows in the book's split (1990-2022). */
    static final int TRAIN_WINDOWS = 8_056;
    /** Test windows (first half of 2023). */
    static final int TEST_WINDOWS = 119;
    static final int DAYS = 5;
    static final int FEATURES = 37;
    /** Epochs per {@link #trainEpoch} call. */
    static final int EPOCHS_PER_CALL = 5;

    /** Windows per batch (the book: 128). */
    @Param({"128"})
    public int batchSize;
    /** ND4J threads (1 is fastest on a 2-vCPU machine). */
    @Param({"1"})
    public int threads;
    /** Recurrent cell: lstm (the book's), gru or rnn ({@link Cell#parse}). */
    @Param({"lstm"})
    public String cell;

    private SequenceRegressor model;
    private double[][][] train;
    private double[][] targets;
    private double[][][] test;
    private FitOptions epochs;

    /** Builds the book's model and the synthetic windows. */
    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(threads);
        model = SequenceRegressor.builder(FEATURES).cell(Cell.parse(cell)).build();
        train = Fixtures.standardNormalWindows(TRAIN_WINDOWS, DAYS, FEATURES, 1);
        targets = new double[TRAIN_WINDOWS][1];
        for (int i = 0; i < TRAIN_WINDOWS; i++) {
            targets[i][0] = train[i][DAYS - 1][0] + 0.1 * train[i][0][1];
        }
        test = Fixtures.standardNormalWindows(TEST_WINDOWS, DAYS, FEATURES, 2);
        epochs = FitOptions.builder().epochs(EPOCHS_PER_CALL).batchSize(batchSize).build();
    }

    @Override
    protected Map<String, Object> facts() {
        return Map.of("trainWindows", TRAIN_WINDOWS, "testWindows", TEST_WINDOWS, "parameters",
                model.parameterCount());
    }

    /**
     * Trains {@value #EPOCHS_PER_CALL} epochs per call, timed per epoch: like the PyTorch reference's
     * {@code ms_per_epoch} (its whole training time over its epochs), this leaves out most of the one-off work of a
     * {@code fit} call (scaling and laying out the 8,056 windows, about 5 ms), which the book's 1,000-epoch run
     * pays once.
     *
     * @return the epochs' results
     */
    @Benchmark
    @OperationsPerInvocation(EPOCHS_PER_CALL)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object trainEpoch() {
        return model.fit(train, targets, epochs);
    }

    /** @return predictions for the 119 test windows */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double[][] predictTest() {
        return model.predict(test);
    }
}
