package org.rnn4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.datasets.TextCorpus;

/**
 * Fixtures shared by the benchmarks: thread settings, the real datasets (which need {@code RNN_DATA_HOME}) and
 * synthetic inputs. Every benchmark's trial setup starts with {@link #prepare(int)}.
 */
final class Fixtures {
    /**
     * The fork's collector, as the {@code ./rnn4j} launcher's: the serial collector sizes the heap to the live data
     * (a training step allocates mostly short-lived objects), where G1 on this 2-CPU, 24 GiB machine grew the heap
     * of a stock epoch with 70 MB live to 2.2 GB committed (docs/memory.md).
     */
    static final String SERIAL_GC = "-XX:+UseSerialGC";
    /** A small initial heap, as the launcher's, which the serial collector grows as the live data needs. */
    static final String SMALL_INITIAL_HEAP = "-Xms64m";
    /** JavaCPP reads the process size on every native allocation unless this is 0 (10-15% of a small step). */
    static final String NO_PROCESS_SIZE_CHECK = "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0";

    private Fixtures() {
    }

    /**
     * Checks the backend (a clear message when {@code -Pcuda} finds no GPU) and sets ND4J's thread count.
     *
     * @param threads ND4J threads ({@code Nd4j.getEnvironment().setMaxThreads}); set {@code OMP_NUM_THREADS} to
     *     the same number before the JVM starts, as {@code scripts/benchmarks.sh} does
     */
    static void prepare(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        RunEnvironment.checkBackend();
        Nd4j.getEnvironment().setMaxThreads(threads);
        MemorySampler.start();
    }

    /**
     * @param what the benchmark that needs the data, for the error message
     * @return the data cache named by {@code RNN_DATA_HOME}
     * @throws IllegalStateException when {@code RNN_DATA_HOME} is not set (benchmarks never download)
     */
    static DataHome dataHome(String what) {
        String dir = System.getenv(DataHome.ENV);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException(what + " reads the real dataset: set " + DataHome.ENV
                    + " to the directory holding imdb/aclImdb_v1.tar.gz and warpeace/warpeace_input.txt"
                    + " (e.g. RNN_DATA_HOME=../shared/data); benchmarks do not download data");
        }
        return DataHome.at(Path.of(dir), true);
    }

    /** @return the 25,000 IMDb training reviews, in the dataset's order */
    static List<LabeledText> imdbTrain() {
        try {
            return ImdbDataset.load(dataHome("SentimentEpochBenchmark")).train();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return War and Peace, prepared as the book does (lower case; 57 distinct characters) */
    static TextCorpus warAndPeace() {
        try {
            return TextCorpus.warAndPeace(dataHome("CharLanguageModelBenchmark"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A seeded random sample without replacement, so its length distribution is the population's.
     *
     * @param all the population
     * @param fraction share to keep, in (0, 1]; 1 keeps all (in a shuffled order)
     * @param seed shuffle seed
     * @return {@code max(1, round(fraction * size))} elements
     */
    static <T> List<T> sample(List<T> all, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        List<T> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, (int) Math.max(1, Math.round(fraction * all.size())));
    }

    /**
     * @return {@code [count][steps][features]} standard-normal values: what standardised features look like
     */
    static double[][][] standardNormalWindows(int count, int steps, int features, long seed) {
        Random r = new Random(seed);
        double[][][] w = new double[count][steps][features];
        for (double[][] window : w) {
            for (double[] row : window) {
                for (int f = 0; f < features; f++) {
                    row[f] = r.nextGaussian();
                }
            }
        }
        return w;
    }
}
