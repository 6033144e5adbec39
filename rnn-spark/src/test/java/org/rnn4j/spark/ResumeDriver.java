package org.rnn4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnn4j.data.LabeledText;
import org.rnn4j.model.SequenceClassifier;

/**
 * A Spark driver for {@link ResumeTest}, run in its own JVM: trains a small classifier on {@code local[2]} for a
 * number of rounds with a checkpoint after each, starting from the checkpoint when it exists. Prints one line per
 * round. Arguments: checkpoint file, rounds.
 */
public final class ResumeDriver {
    private ResumeDriver() {
    }

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<LabeledText> texts = ClusterSparkTrainingTest.syntheticTexts(512);
        SequenceClassifier model = Files.exists(checkpoint) ? SequenceClassifier.load(checkpoint)
                : SequenceClassifier.builder(SequenceClassifier.vocabularyOf(texts)).embeddingSize(8).lstmSize(16)
                        .denseSize(8).seed(7).build();
        System.out.println("start " + model.trainedSteps());
        JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("rnn4j-resume")
                .set("spark.ui.enabled", "false"));
        try {
            SparkTrainer.builder(sc).workers(2).batchPerWorker(16).averagingFrequency(2).rounds(rounds)
                    .checkpoint(checkpoint).listener(r -> System.out.println("round " + r.round())).build()
                    .fit(model, texts);
        } finally {
            sc.stop();
        }
        System.out.println("done " + model.trainedSteps());
    }
}
