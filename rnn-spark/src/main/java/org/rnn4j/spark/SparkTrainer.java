package org.rnn4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.DistributedTraining;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.training.Trainable;

/**
 * Trains an rnn4j model on a Spark cluster with Deeplearning4j's parameter averaging: in each round every one of
 * {@code workers} executors' tasks trains {@code averagingFrequency} batches of {@code batchPerWorker} examples from
 * the same weights, and the driver averages the weights (and the Adam state). The model's own layers (e.g.
 * {@link org.rnn4j.layers.FusedLstm}) train on the executors. The trained model saves, loads and predicts like any
 * other.
 *
 * <pre>{@code
 * JavaSparkContext sc = ...;   // spark-submit's, or new JavaSparkContext("local[2]", "rnn4j")
 * SparkTrainer trainer = SparkTrainer.builder(sc).workers(8).batchPerWorker(32).averagingFrequency(5)
 *         .rounds(100).checkpoint(Path.of("model.ckpt")).build();
 * trainer.fit(classifier, trainTexts);
 * trainer.fitText(charModel, "hdfs:///data/warpeace_input.txt");   // windows cut on the executors
 * }</pre>
 *
 * <p><b>Rounds and resuming.</b> {@code rounds} is the run's total: a model that has trained {@code k} rounds
 * ({@code trainedSteps() / averagingFrequency}) trains rounds {@code k + 1 .. rounds}. With a checkpoint the model
 * file is written atomically after every round, so a job whose driver died resumes by loading that file and
 * calling the same method again. The batches of round {@code r} depend on the seed and {@code r} only.
 *
 * <p><b>Data.</b> Labelled texts and windows are batched on the driver exactly as the models' own {@code fit}
 * batches them, and each round ships its batches to the executors; the batches can also be written once to a
 * directory that every executor can read ({@link #exportBatches}) and trained from there ({@link #fitExported}).
 * The character model reads its text from a URI on the executors and cuts its windows there ({@link #fitText}).
 */
public final class SparkTrainer {
    private final JavaSparkContext sc;
    private final int workers;
    private final int batchPerWorker;
    private final int averagingFrequency;
    private final int rounds;
    private final Path checkpoint;
    private final Consumer<RoundResult> listener;
    private final List<TrainingListener> workerListeners;

    private SparkTrainer(Builder b) {
        this.sc = b.sc;
        this.workers = b.workers;
        this.batchPerWorker = b.batchPerWorker;
        this.averagingFrequency = b.averagingFrequency;
        this.rounds = b.rounds;
        this.checkpoint = b.checkpoint;
        this.listener = b.listener;
        this.workerListeners = List.copyOf(b.workerListeners);
    }

    /**
     * @param sc the Spark context (its master decides where the workers run)
     * @return a builder: workers = the context's default parallelism, 32 examples per worker batch, averaging
     *     every 5 batches; {@code rounds} must be set
     */
    public static Builder builder(JavaSparkContext sc) {
        return new Builder(sc);
    }

    /** @return workers trained in parallel per round */
    public int workers() {
        return workers;
    }

    /** @return batches per round: workers x averaging frequency */
    public int batchesPerRound() {
        return workers * averagingFrequency;
    }

    /**
     * Trains the classifier on labelled texts, batched on the driver as its own {@code fit} batches them (bucketed
     * by length, masked), {@code batchPerWorker} texts a batch.
     *
     * @param model the classifier; its weights change in place
     * @param train the training texts
     * @return one result per round trained by this call
     * @throws IllegalArgumentException naming a bad text, before any training
     */
    public List<RoundResult> fit(SequenceClassifier model, List<LabeledText> train) {
        long seed = model.settings().seed();
        return fitBatches(model, DistributedTraining.classifierBatches(model, train, batchPerWorker, seed), seed, 1);
    }

    /**
     * Trains the regressor on windows, batched on the driver as its own {@code fit} batches them. Like a first
     * {@code fit}, the first call fixes the window length and fits the target scaler.
     *
     * @param model the regressor; its weights change in place
     * @param train the training windows
     * @return one result per round trained by this call
     * @throws IllegalArgumentException when the windows do not match the model, before any training
     */
    public List<RoundResult> fit(SequenceRegressor model, SlidingWindows train) {
        return fitBatches(model, DistributedTraining.regressorBatches(model, train, batchPerWorker),
                model.settings().seed(), 1);
    }

    /**
     * Trains the character model on a text file that every executor can read ({@code hdfs://...}, {@code s3a://...},
     * or {@code file:///...} on a shared file system): each executor encodes its partitions and cuts each round's
     * random windows of the model's sequence length there; nothing of the text passes through the driver.
     *
     * @param model the character model; its weights change in place
     * @param textUri the training text (all of its characters must be in the model's vocabulary)
     * @return one result per round trained by this call
     * @throws IllegalArgumentException when the text holds no window (before training) or an unknown character
     */
    public List<RoundResult> fitText(CharLanguageModel model, String textUri) {
        if (textUri == null || textUri.isBlank()) {
            throw new IllegalArgumentException("textUri must name a file, e.g. hdfs:///data/text.txt");
        }
        int t = model.settings().sequenceLength();
        int v = model.vocabulary().size();
        long seed = model.settings().seed();
        TextWindows text;
        try {
            text = new TextWindows(sc, textUri, workers, model);
        } catch (Exception e) {
            throw Failures.unwrap(e);
        }
        try {
            return run(model, (spark, round) -> spark.fitMultiDataSet(
                    text.round(round, batchesPerRound(), batchPerWorker, t, v, seed)), 1.0 / t);
        } finally {
            text.release();
        }
    }

    /**
     * Writes the classifier's training batches (as {@link #fit(SequenceClassifier, List)} makes them) to a
     * directory, one file a batch, for {@link #fitExported}.
     *
     * @param model the classifier whose vocabulary encodes the texts
     * @param train the training texts
     * @param directoryUri a directory every executor can read (Hadoop file system URI); created if absent
     * @return the number of batch files written
     * @throws IOException on a write failure
     */
    public int exportBatches(SequenceClassifier model, List<LabeledText> train, String directoryUri)
            throws IOException {
        return BatchFiles.write(sc, DistributedTraining.classifierBatches(model, train, batchPerWorker,
                model.settings().seed()), directoryUri);
    }

    /**
     * Writes the regressor's training batches to a directory, one file a batch, for {@link #fitExported}; like a
     * first {@code fit}, this fixes the model's window length and target scaler.
     *
     * @param model the regressor
     * @param train the training windows
     * @param directoryUri a directory every executor can read; created if absent
     * @return the number of batch files written
     * @throws IOException on a write failure
     */
    public int exportBatches(SequenceRegressor model, SlidingWindows train, String directoryUri) throws IOException {
        return BatchFiles.write(sc, DistributedTraining.regressorBatches(model, train, batchPerWorker),
                directoryUri);
    }

    /**
     * Trains on batch files written by {@link #exportBatches}: the driver lists the directory and sends each round
     * the paths of its batches; the executors read the batches themselves.
     *
     * @param model the model the batches were exported for
     * @param directoryUri the directory
     * @return one result per round trained by this call
     * @throws IOException when the directory cannot be listed or holds no batch files
     */
    public List<RoundResult> fitExported(Trainable model, String directoryUri) throws IOException {
        List<String> paths = BatchFiles.list(sc, directoryUri);
        long seed = model instanceof SequenceClassifier c ? c.settings().seed()
                : model instanceof SequenceRegressor r ? r.settings().seed() : 0;
        return run(model, (spark, round) -> spark.fitPathsMultiDataSet(
                sc.parallelize(select(paths, round, seed), workers)), 1);
    }

    private List<RoundResult> fitBatches(Trainable model, List<MultiDataSet> batches, long seed, double lossScale) {
        return run(model, (spark, round) -> spark.fitMultiDataSet(sc.parallelize(select(batches, round, seed),
                workers)), lossScale);
    }

    /**
     * The batches of one round: the next {@code workers x averagingFrequency} of an endless sequence of epochs,
     * each epoch a permutation of all batches drawn from (seed, epoch).
     */
    <T> List<T> select(List<T> all, int round, long seed) {
        int n = all.size();
        long first = (long) (round - 1) * batchesPerRound();
        List<T> out = new ArrayList<>(batchesPerRound());
        long epoch = -1;
        int[] order = null;
        for (long g = first; g < first + batchesPerRound(); g++) {
            if (g / n != epoch) {
                epoch = g / n;
                order = permutation(n, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
            }
            out.add(all.get(order[(int) (g % n)]));
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** One round's training call on the DL4J Spark network. */
    private interface RoundStep {
        ComputationGraph fit(SparkComputationGraph spark, int round);
    }

    private List<RoundResult> run(Trainable model, RoundStep step, double lossScale) {
        ComputationGraph net = DistributedTraining.network(model);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers,
                batchPerWorker)
                .batchSizePerWorker(batchPerWorker)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                // the export approach needs HDFS/S3 outside local mode; Direct works everywhere
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                // each round's RDD already has one partition per worker, or is repartitioned to that
                .repartionData(Repartition.NumPartitionsWorkersDiffers)
                .saveUpdater(true)
                .collectTrainingStats(false)
                .build();
        SparkComputationGraph spark = new SparkComputationGraph(sc, net, master);
        if (!workerListeners.isEmpty()) {
            spark.setListeners(workerListeners);
        }
        int done = (int) (model.trainedSteps() / averagingFrequency);
        List<RoundResult> results = new ArrayList<>();
        for (int round = done + 1; round <= rounds; round++) {
            long t0 = System.nanoTime();
            try {
                step.fit(spark, round);
            } catch (Exception e) {
                throw Failures.unwrap(e);
            }
            if (spark.getNetwork() != net) {
                net.setParams(spark.getNetwork().params());
            }
            long steps = (long) round * averagingFrequency;
            DistributedTraining.trainedElsewhere(model, steps);
            RoundResult r = new RoundResult(round, rounds, steps, spark.getScore() * lossScale,
                    (System.nanoTime() - t0) / 1e9);
            if (checkpoint != null) {
                try {
                    model.save(checkpoint);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write the checkpoint " + checkpoint, e);
                }
            }
            results.add(r);
            if (listener != null) {
                listener.accept(r);
            }
        }
        return results;
    }

    /** Builder of {@link SparkTrainer}; {@link #build()} checks every setting. */
    public static final class Builder {
        private final JavaSparkContext sc;
        private int workers;
        private int batchPerWorker = 32;
        private int averagingFrequency = 5;
        private int rounds;
        private Path checkpoint;
        private Consumer<RoundResult> listener;
        private final List<TrainingListener> workerListeners = new ArrayList<>();

        private Builder(JavaSparkContext sc) {
            this.sc = sc;
        }

        /** @param n tasks trained in parallel per round (default: the context's default parallelism) @return this */
        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        /** @param n examples (texts, windows) per batch of each worker (default 32) @return this builder */
        public Builder batchPerWorker(int n) {
            this.batchPerWorker = n;
            return this;
        }

        /** @param n batches each worker trains between two averagings (default 5) @return this builder */
        public Builder averagingFrequency(int n) {
            this.averagingFrequency = n;
            return this;
        }

        /** @param n the round the run stops after, counted over the model's life (required) @return this */
        public Builder rounds(int n) {
            this.rounds = n;
            return this;
        }

        /** @param file written atomically after every round (default: none) @return this builder */
        public Builder checkpoint(Path file) {
            this.checkpoint = file;
            return this;
        }

        /** @param l told after every round (e.g. to print progress) @return this builder */
        public Builder listener(Consumer<RoundResult> l) {
            this.listener = l;
            return this;
        }

        /** DL4J listeners attached to each worker's network on its executor (tests); they must be serializable. */
        Builder workerListener(TrainingListener l) {
            workerListeners.add(l);
            return this;
        }

        /**
         * @return the trainer
         * @throws IllegalArgumentException naming the first invalid setting
         */
        public SparkTrainer build() {
            if (sc == null) {
                throw new IllegalArgumentException("the Spark context must not be null");
            }
            if (workers == 0) {
                workers = sc.defaultParallelism();
            }
            positive("workers", workers);
            positive("batchPerWorker", batchPerWorker);
            positive("averagingFrequency", averagingFrequency);
            positive("rounds", rounds);
            return new SparkTrainer(this);
        }

        private static void positive(String name, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be > 0, got " + value);
            }
        }
    }
}
