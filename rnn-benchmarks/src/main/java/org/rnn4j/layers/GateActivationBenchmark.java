package org.rnn4j.layers;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The LSTM's gate activations for one step of the stock model ([128, 4 x 16] values: a tanh on the block input's
 * 16 columns, a sigmoid on the other 48), computed as {@link FusedLstmLayer}'s float kernel
 * ({@link FloatLstmStep}) does (one flat loop through {@link FloatTanh}) and as its double kernel
 * ({@link DoubleLstmStep}) does ({@link Math#exp} per value, in double). Time per value.
 * In this package because {@code FloatTanh} is package-private; not part of {@code scripts/benchmarks.sh}, which
 * runs {@code org.rnn4j.benchmarks}.
 *
 * <p>Run: {@code java -jar rnn-benchmarks/target/benchmarks.jar GateActivationBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GateActivationBenchmark {
    static final int ROWS = 128;
    static final int UNITS = 16;
    static final int LEN = ROWS * 4 * UNITS;

    private final float[] z = new float[LEN];
    private final float[] bias = new float[LEN];
    private final float[] scale = new float[LEN];
    private final float[] out = new float[LEN];

    /** Pre-activations from N(0, 2^2), a small bias, and the tanh / sigmoid column pattern. */
    @Setup
    public void setUp() {
        Random random = new Random(1);
        for (int j = 0; j < LEN; j++) {
            z[j] = (float) (2 * random.nextGaussian());
            bias[j] = (float) (0.1 * random.nextGaussian());
            scale[j] = j % (4 * UNITS) < UNITS ? 1f : 0.5f;
        }
    }

    /** The float path: tanh(z), or sigmoid(z) = (1 + tanh(z / 2)) / 2, through FloatTanh's loop. */
    @Benchmark
    @OperationsPerInvocation(LEN)
    public float[] floatTanh() {
        FloatTanh.gates(z, bias, scale, out, LEN);
        return out;
    }

    /** The double path: 1 - 2 / (exp(2z) + 1) or 1 / (1 + exp(-z)), with Math.exp in double. */
    @Benchmark
    @OperationsPerInvocation(LEN)
    public float[] mathExp() {
        for (int j = 0; j < LEN; j++) {
            double v = z[j] + bias[j];
            out[j] = (float) (scale[j] == 1f ? 1 - 2 / (Math.exp(2 * v) + 1) : 1 / (1 + Math.exp(-v)));
        }
        return out;
    }
}
