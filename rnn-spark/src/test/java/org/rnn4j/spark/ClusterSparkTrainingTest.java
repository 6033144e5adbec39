package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.data.LabeledText;
import org.rnn4j.layers.FusedLstmLayer;
import org.rnn4j.model.DistributedTraining;
import org.rnn4j.model.SequenceClassifier;

/**
 * Two executor JVMs ({@code local-cluster[2,1,1536]}: a standalone master and two workers in this JVM, each worker
 * starting one executor JVM): the model's configuration, with rnn4j's {@code FusedLstm}, travels through Spark's
 * serializer, and its layer trains on both executors. In {@code local[*]} nothing is serialized, so only a test like
 * this one shows that rnn4j's layers reach the executors.
 */
class ClusterSparkTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void fusedLstmTrainsOnTwoExecutorJvms() throws Exception {
        // A Spark home for the workers: they build the executors' class path from SPARK_HOME/jars (empty here) and,
        // in Spark's testing mode, add this JVM's class path (rnn4j, DL4J, ND4J's natives, the test classes).
        Path sparkHome = tmp.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("launcher/target/scala-2.12"));
        Path witness = Files.createDirectories(tmp.resolve("witness"));
        List<LabeledText> texts = syntheticTexts(256);
        SequenceClassifier model = SequenceClassifier.builder(SequenceClassifier.vocabularyOf(texts))
                .embeddingSize(8).lstmSize(16).denseSize(8).fusedLstm(true).seed(3).build();
        INDArray before = DistributedTraining.network(model).params().dup();
        double lossBefore = model.evaluate(texts).loss();

        System.setProperty("spark.testing", "true");
        System.setProperty("spark.test.home", sparkHome.toString());
        JavaSparkContext sc = null;
        List<RoundResult> rounds;
        int executors;
        try {
            sc = new JavaSparkContext(new SparkConf().setMaster("local-cluster[2,1,1536]").setAppName("rnn4j-cluster")
                    .set("spark.ui.enabled", "false")
                    .set("spark.executorEnv.OMP_NUM_THREADS", "1"));
            executors = sc.sc().getExecutorMemoryStatus().size() - 1;
            for (int i = 0; i < 120 && executors < 2; i++) {
                Thread.sleep(500);
                executors = sc.sc().getExecutorMemoryStatus().size() - 1;
            }
            SparkTrainer trainer = SparkTrainer.builder(sc).workers(2).batchPerWorker(16).averagingFrequency(4)
                    .rounds(3).workerListener(new ExecutorWitness(witness)).build();
            rounds = trainer.fit(model, texts);
        } finally {
            if (sc != null) {
                sc.stop();
            }
            System.clearProperty("spark.testing");
            System.clearProperty("spark.test.home");
        }
        double lossAfter = model.evaluate(texts).loss();

        Map<Long, List<String>> byJvm = new TreeMap<>();
        try (var files = Files.list(witness)) {
            for (Path f : files.toList()) {
                byJvm.put(Long.parseLong(f.getFileName().toString().substring(4)), Files.readAllLines(f));
            }
        }
        long driver = ProcessHandle.current().pid();
        Report.line("local-cluster[2,1,1536]: %d executors; iterations trained per JVM %s (driver pid %d); log loss "
                + "%.4f -> %.4f over %d rounds", executors, counts(byJvm), driver, lossBefore, lossAfter,
                rounds.size());
        assertEquals(2, executors);
        assertEquals(3, rounds.size());
        assertEquals(2, byJvm.size(), "iterations were trained in JVMs " + byJvm.keySet());
        assertFalse(byJvm.containsKey(driver), "the driver trained");
        for (List<String> lines : byJvm.values()) {
            assertTrue(lines.size() >= 4);
            for (String line : lines) {
                assertTrue(line.contains(FusedLstmLayer.class.getName()), line);
            }
        }
        INDArray after = DistributedTraining.network(model).params();
        assertFalse(before.equalsWithEps(after, 1e-6), "the averaged weights did not reach the driver's model");
        assertEquals(12, model.trainedSteps());
        // the trained model saves, loads and predicts as any other
        Path file = tmp.resolve("m.rnn4j");
        model.save(file);
        List<String> probe = texts.subList(0, 10).stream().map(LabeledText::text).toList();
        assertArrayEquals(model.predictProbabilities(probe), SequenceClassifier.load(file).predictProbabilities(probe));
    }

    private static Map<Long, Integer> counts(Map<Long, List<String>> byJvm) {
        Map<Long, Integer> m = new TreeMap<>();
        byJvm.forEach((k, v) -> m.put(k, v.size()));
        return m;
    }

    /** Texts whose label is whether "good" occurs more often than "bad". */
    static List<LabeledText> syntheticTexts(int n) {
        Random r = new Random(5);
        String[] filler = {"the", "film", "was", "a", "plot", "actor", "scene", "and", "it"};
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            StringBuilder b = new StringBuilder();
            int len = 5 + r.nextInt(15);
            for (int j = 0; j < len; j++) {
                b.append(r.nextInt(4) == 0 ? (label == 1 ? "good" : "bad") : filler[r.nextInt(filler.length)])
                        .append(' ');
            }
            out.add(new LabeledText(b.toString().trim(), label));
        }
        return out;
    }
}
