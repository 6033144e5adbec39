package org.rnn4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.Vocabulary;

/**
 * Single-review predictions on one shared sentiment model (book sizes) from several threads at once, as a web
 * server would call it: which way of making {@code predict} thread-safe gives the most predictions per second.
 * <ul>
 *   <li>{@code replicas}: what {@link SequenceClassifier#predictProbabilities} does, each concurrent call on its own
 *   lightweight copy of the network sharing the weights (a single text through {@code predictProbability} takes
 *   the plain-Java path instead, {@code SingleRequestBenchmark});</li>
 *   <li>{@code lock}: the simplest safe alternative, one network and one prediction at a time (a documented lock
 *   around every call).</li>
 * </ul>
 * DL4J's {@code ParallelInference} (module deeplearning4j-parallel-wrapper, not a dependency of rnn4j) also keeps
 * one model copy per worker and adds request batching; it is not measured here.
 *
 * <p>Run: {@code java -jar rnn-benchmarks/target/benchmarks.jar ConcurrentInferenceBenchmark -t 2} (JMH's
 * {@code -t} sets the calling threads; default 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {Fixtures.SERIAL_GC, Fixtures.SMALL_INITIAL_HEAP,
        Fixtures.NO_PROCESS_SIZE_CHECK})
@Threads(4)
public class ConcurrentInferenceBenchmark extends RecordedBenchmark {
    /** How predictions from many threads are made safe. */
    @Param({"replicas", "lock"})
    public String strategy;
    /** Tokens per review (IMDb training mean: 238). */
    @Param({"238"})
    public int length;

    private SequenceClassifier model;
    private final Object lock = new Object();
    private final List<String> reviews = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.prepare(1);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            words.add("w" + i);
        }
        model = SequenceClassifier.builder(Vocabulary.builder().add(words).build()).build();
        Random r = new Random(0);
        for (int i = 0; i < 64; i++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < length; t++) {
                sb.append('w').append(r.nextInt(20_000)).append(' ');
            }
            reviews.add(sb.toString());
        }
    }

    /** @return the probability, so the work is not optimised away */
    @Benchmark
    public double predictOne() {
        String review = reviews.get(Math.floorMod(next.getAndIncrement(), reviews.size()));
        if (strategy.equals("lock")) {
            synchronized (lock) {
                return model.predictProbabilities(List.of(review))[0];
            }
        }
        return model.predictProbabilities(List.of(review))[0];
    }
}
