package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.spark.RoundResult;
import org.rnn4j.spark.SparkTrainer;

/**
 * The {@code train} commands' {@code --spark} path: the only class of the examples that touches Spark, used only
 * after {@link SparkOptions#check} found Spark on the class path. A run trains as many batches as the
 * single-machine run would ({@code --epochs} passes over the data, or {@code --steps} batches), in rounds of
 * workers x averaging frequency batches.
 */
final class SparkRun {
    private SparkRun() {
    }

    /** Trains the classifier for {@code epochs} passes over {@code train}. */
    static List<RoundResult> classifier(SparkOptions o, SequenceClassifier model, List<LabeledText> train, int batch,
                                        int epochs) {
        long batches = (long) epochs * ((train.size() + batch - 1) / batch);
        return run(o, "sentiment", batch, batches, o.checkpoint, t -> t.fit(model, train));
    }

    /** Trains the regressor for {@code epochs} passes over {@code train}. */
    static List<RoundResult> regressor(SparkOptions o, SequenceRegressor model, SlidingWindows train, int batch,
                                       int epochs) {
        long batches = (long) epochs * ((train.count() + batch - 1) / batch);
        return run(o, "stock", batch, batches, o.checkpoint, t -> t.fit(model, train));
    }

    /**
     * Trains the character model for {@code steps} batches; the training text is written beside the checkpoint
     * (on a cluster, that folder must be on a file system every executor reads) and the executors read it there.
     */
    static List<RoundResult> text(SparkOptions o, CharLanguageModel model, String training, int batch, long steps,
                                  Path checkpoint) throws IOException {
        Path text = checkpoint.toAbsolutePath().resolveSibling(checkpoint.getFileName() + ".train.txt");
        AtomicFiles.writeString(text, training);
        return run(o, "text", batch, steps, checkpoint, t -> t.fitText(model, text.toUri().toString()));
    }

    /** @return the settings of a Spark run, for the results file */
    static Map<String, Object> describe(SparkOptions o, List<RoundResult> rounds) {
        return RunInfo.ordered("master", o.master, "averagingFrequency", o.averagingFrequency, "rounds",
                rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).rounds(), "roundsThisRun", rounds.size(),
                "lossByRound", rounds.stream().mapToDouble(RoundResult::loss).toArray(),
                "secondsByRound", rounds.stream().mapToDouble(RoundResult::seconds).toArray());
    }

    private interface Fit {
        List<RoundResult> fit(SparkTrainer trainer);
    }

    private static List<RoundResult> run(SparkOptions o, String project, int batch, long batches, Path checkpoint,
                                         Fit fit) {
        SparkConf conf = new SparkConf().setMaster(o.master).setAppName("rnn4j " + project + " train");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            SparkTrainer probe = builder(sc, o, batch, checkpoint).rounds(1).build();
            int rounds = (int) Math.max(1, (batches + probe.batchesPerRound() - 1) / probe.batchesPerRound());
            System.out.printf(Locale.ROOT, "Spark %s: %d workers x %d batches of %d per round, %d rounds (%,d batches, "
                    + "as the single-machine run)%n", o.master, probe.workers(), o.averagingFrequency, batch, rounds,
                    batches);
            SparkTrainer trainer = builder(sc, o, batch, checkpoint).rounds(rounds)
                    .listener(r -> System.out.printf(Locale.ROOT, "round %d/%d: loss %.4f (%.1fs)%n", r.round(),
                            r.rounds(), r.loss(), r.seconds())).build();
            return fit.fit(trainer);
        }
    }

    private static SparkTrainer.Builder builder(JavaSparkContext sc, SparkOptions o, int batch, Path checkpoint) {
        SparkTrainer.Builder b = SparkTrainer.builder(sc).batchPerWorker(batch).averagingFrequency(o.averagingFrequency)
                .checkpoint(checkpoint);
        return o.workers != null ? b.workers(o.workers) : b;
    }
}
