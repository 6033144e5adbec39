package org.rnn4j.examples;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --spark MASTER} and its settings, shared by the three {@code train} commands: train with DL4J's parameter
 * averaging on a Spark cluster (rnn-spark's {@code SparkTrainer}) instead of on this machine. Spark itself is not in
 * the examples' jar: {@code ./rnn4j} adds its jars when the command line holds {@code --spark}, and spark-submit
 * brings them on a cluster. Checked when the command line is parsed, before any data is read.
 */
final class SparkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Option(names = "--spark", paramLabel = "MASTER", description = "train on Spark with parameter averaging: "
            + "local[2], spark://host:7077, yarn, ...; --epochs/--steps then count passes over the data, each worker "
            + "trains batches of --batch (docs/spark.md)")
    String master;
    @Option(names = "--averaging-frequency", paramLabel = "N", description = "with --spark: batches each worker "
            + "trains between two averagings (default: ${DEFAULT-VALUE})")
    int averagingFrequency = 5;
    @Option(names = "--workers", paramLabel = "N", description = "with --spark: workers per round (default: "
            + "Spark's default parallelism)")
    Integer workers;
    @Option(names = "--spark-checkpoint", paramLabel = "FILE", description = "with --spark: model file written "
            + "after every averaging round; a run started with an existing one resumes from it (text train: "
            + "--checkpoint and --resume)")
    Path checkpoint;

    boolean enabled() {
        return master != null;
    }

    /**
     * Rejects --spark settings without --spark, bad values, and --spark without Spark on the class path.
     *
     * @param incompatible options of the command that do not apply under --spark, and whether each was given
     */
    void check(Object... incompatible) {
        if (!enabled()) {
            if (workers != null || checkpoint != null || averagingFrequency != 5) {
                throw bad("--averaging-frequency, --workers and --spark-checkpoint need --spark MASTER");
            }
            return;
        }
        if (master.isBlank()) {
            throw bad("--spark needs a master URL, e.g. local[2] or spark://host:7077");
        }
        if (averagingFrequency < 1 || workers != null && workers < 1) {
            throw bad("--averaging-frequency and --workers must be >= 1");
        }
        for (int i = 0; i + 1 < incompatible.length; i += 2) {
            if ((Boolean) incompatible[i + 1]) {
                throw bad(incompatible[i] + " does not apply with --spark (no validation or per-epoch steps there; "
                        + "evaluate the saved model instead)");
            }
        }
        try {
            Class.forName("org.apache.spark.api.java.JavaSparkContext", false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw bad("--spark needs Spark on the class path: run through ./rnn4j (it adds Spark's jars when the "
                    + "command line holds --spark; build them with mvn -DskipTests package), or through spark-submit "
                    + "on a cluster (docs/spark.md)");
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
