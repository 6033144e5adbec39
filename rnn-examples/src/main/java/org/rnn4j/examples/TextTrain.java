package org.rnn4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.metrics.LanguageModelMetrics;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.Checkpoint;
import org.rnn4j.training.ConsoleProgress;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rnn4j text train}: chapter 12, project 3, the character model with the book's configuration by default.
 * An epoch here is {@code --validate-every} steps (random windows have no natural epoch): the held-out loss is
 * measured, and the checkpoint written, at epoch ends.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train (book: embedding 256, LSTM 512, Adam 0.003, 10,000 steps of 64 windows of 40), "
                + "report held-out loss, write <results>/chargen-<variant>.json and a sample.")
final class TextTrain implements Callable<Integer> {
    @Mixin
    NetworkOptions net = new NetworkOptions();
    @Mixin
    TrainingOptions training = new TrainingOptions();
    @Option(names = "--file", description = "UTF-8 text to learn (default: War and Peace from the data cache)")
    Path file;
    @Option(names = "--steps", description = "total training steps (default: 10000, or --epochs x --validate-every)")
    Integer steps;
    @Option(names = "--seq-length", description = "characters per window (default: ${DEFAULT-VALUE})")
    int sequenceLength = 40;
    @Option(names = "--embedding", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding = 256;
    @Option(names = "--validate-every", description = "steps per epoch: between held-out measurements "
            + "(default: ${DEFAULT-VALUE})")
    int validateEvery = 500;
    @Option(names = "--checkpoint", description = "checkpoint file (default: checkpoints/chargen-<variant>.ckpt)")
    Path checkpoint;
    @Option(names = "--checkpoint-every", description = "steps between checkpoints, a multiple of --validate-every "
            + "(default: ${DEFAULT-VALUE})")
    int checkpointEvery = 500;
    @Option(names = "--resume", description = "continue from the checkpoint file when it exists (its LSTM layers "
            + "move to the implementation that --dl4j-lstm chooses)")
    boolean resume;
    @Mixin
    TextExample.SamplingOptions sampling = new TextExample.SamplingOptions();
    @Mixin
    SparkOptions spark = new SparkOptions();

    /** Resolves and checks the step counts before any data is read; returns the total steps. */
    private int totalSteps() {
        net.requireLayers(1);
        if (steps != null && training.epochs != null) {
            throw training.bad("give --steps or --epochs (epochs of --validate-every steps), not both");
        }
        if (validateEvery < 1 || sequenceLength < 1 || embedding < 1) {
            throw training.bad("--validate-every, --seq-length and --embedding must be >= 1");
        }
        int total = steps != null ? steps : training.epochs != null ? training.epochs * validateEvery : 10_000;
        if (total < 1) {
            throw training.bad("--steps must be >= 1, got " + total);
        }
        if (total % Math.min(validateEvery, total) != 0) {
            throw training.bad("--steps " + total + " is not a multiple of --validate-every " + validateEvery
                    + " (training ends at an epoch's end)");
        }
        if (checkpointEvery < 1 || checkpointEvery < total && checkpointEvery % Math.min(validateEvery, total) != 0) {
            throw training.bad("--checkpoint-every must be a positive multiple of --validate-every, got "
                    + checkpointEvery);
        }
        sampling.sampling(); // bad sampling values fail now, not after hours of training
        spark.check("--spark-checkpoint (text train checkpoints with --checkpoint)", spark.checkpoint != null);
        return total;
    }

    @Override
    public Integer call() throws Exception {
        int total = totalSteps();
        int perEpoch = Math.min(validateEvery, total);
        int layers = net.layers != null ? net.layers : 1;
        double dropout = net.dropout != null ? net.dropout : 0;
        Map<String, Object> environment = RunInfo.environment();
        String name = training.name((layers == 1 && dropout == 0 && total == 10_000 && file == null ? "book"
                : layers + "layer" + (dropout > 0 ? "-dropout" + dropout : "") + "-" + total + "steps")
                + net.initSuffix());
        Path ckpt = checkpoint != null ? checkpoint : Path.of("checkpoints", "chargen-" + name + ".ckpt");
        Path json = training.file("chargen", name, ".json");
        TextCorpus corpus = file != null ? TextCorpus.read(file) : TextCorpus.warAndPeace(DataHome.fromEnvironment());
        CharVocabulary vocab = CharVocabulary.of(corpus.text());
        List<Map<String, Object>> history = new ArrayList<>();
        CharLanguageModel model;
        Number switchedAt = null; // the step at which this run moved from DL4J's LSTM to FusedLstm, if it did
        if (resume && Files.exists(ckpt)) {
            CharLanguageModel saved = CharLanguageModel.load(ckpt);
            net.checkResumedCell(saved.settings().cell(), ckpt);
            model = saved.withFusedLstm(!net.dl4jLstm);
            JsonNode earlier = Files.exists(json) ? RunInfo.readJson(json) : MissingNode.getInstance();
            history.addAll(earlierHistory(earlier, model.trainedSteps()));
            switchedAt = model != saved && !net.dl4jLstm ? Long.valueOf(model.trainedSteps())
                    : earlier.path("training").path("fusedLstmFromStep").numberValue();
            System.out.printf(Locale.ROOT, "resuming from %s at step %d (%d earlier measurements kept)%s%n", ckpt,
                    model.trainedSteps(), history.size(), model == saved ? "" : "; its " + (net.dl4jLstm
                            ? "FusedLstm layers continue as DL4J LSTMs" : "DL4J LSTM layers continue as FusedLstm")
                            + " (same parameters and Adam state)");
        } else {
            model = net.apply(CharLanguageModel.builder(vocab)).embeddingSize(embedding)
                    .sequenceLength(sequenceLength).build();
        }
        System.out.printf(Locale.ROOT, "text: %,d characters, %d distinct; training %,d, held out %,d; "
                        + "model %s: %,d parameters%n", corpus.length(), vocab.size(), corpus.splitIndex(),
                corpus.length() - corpus.splitIndex(), name, model.parameterCount());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project", "char-language-model");
        out.put("variant", name);
        out.put("configuration", model.settings());
        int batch = training.batchOr(64);
        out.put("training", RunInfo.ordered("steps", total, "batchSize", batch, "validateEvery",
                perEpoch, "resumedFromStep", model.trainedSteps(), "fusedLstmFromStep", switchedAt));
        out.put("parameters", model.parameterCount());
        out.put("dataset", RunInfo.ordered("file", file != null ? file.toString() : TextCorpus.WAR_AND_PEACE_FILE,
                "characters", corpus.length(), "distinct", vocab.size(), "training", corpus.splitIndex(),
                "heldOut", corpus.length() - corpus.splitIndex(), "fullData", true));
        out.put("environment", environment);
        int epochs = (int) (total / perEpoch - model.trainedSteps() / perEpoch);
        if (spark.enabled()) {
            out.put("spark", SparkRun.describe(spark, SparkRun.text(spark, model, corpus.training(), batch, total,
                    ckpt)));
        } else if (epochs > 0) {
            model.fit(corpus.training(), corpus.heldOut(), training.fitOptions(epochs, batch).stepsPerEpoch(perEpoch)
                    .listener(new ConsoleProgress(System.out))
                    .listener(new Checkpoint(ckpt, Math.max(1, checkpointEvery / perEpoch)))
                    .listener(new TrainingListener() {
                        @Override
                        public void onEpochEnd(TrainingEvent e) {
                            history.add(point(e.result()));
                            out.put("history", history);
                            RunInfo.writeJsonUnchecked(json, out); // progress survives a killed run
                            lossChart(training.file("chargen", name, "-loss.png"), history);
                        }
                    }).build());
        }
        report(model, corpus, history, out);
        RunInfo.writeJson(json, out);
        System.out.println("results written to " + json + "; model in " + ckpt);
        return 0;
    }

    /** Scores the held-out text by both protocols, generates a timed sample, and prints and records it all. */
    private void report(CharLanguageModel model, TextCorpus corpus, List<Map<String, Object>> history,
                        Map<String, Object> out) {
        LanguageModelMetrics held = model.evaluate(corpus.heldOut());
        double nats = held.nats();
        double streamingNats = model.streamingCrossEntropy(corpus.heldOut());
        sampling.generateTimed(model); // warm-up
        double[] ms = new double[3];
        String sample = null;
        for (int i = 0; i < ms.length; i++) {
            Object[] g = sampling.generateTimed(model);
            sample = (String) g[0];
            ms[i] = (double) g[1];
        }
        Arrays.sort(ms);
        double perStep = history.stream().mapToDouble(p -> ((Number) p.get("millisPerStep")).doubleValue())
                .average().orElse(Double.NaN); // NaN under --spark: no epochs measured here
        System.out.printf(Locale.ROOT, "held-out cross-entropy %.4f nats/char, %.4f bits/char (windows of %d "
                + "from a zero state); %.4f nats/char, %.4f bits/char read as one stream; %.1f ms/step; "
                + "%d characters generated in %.1f ms (median of 3)%n%s%n", nats, held.bits(),
                model.settings().sequenceLength(), streamingNats, streamingNats / Math.log(2), perStep,
                sampling.length, ms[1], sample);
        out.put("validation", RunInfo.ordered("nats", nats, "bits", held.bits(),
                "heldOutCharacters", corpus.length() - corpus.splitIndex(),
                "protocol", "windows of " + model.settings().sequenceLength() + " from a zero state, as training"));
        out.put("validationStreaming", RunInfo.ordered("nats", streamingNats, "bits", streamingNats / Math.log(2),
                "protocol", "one stream, LSTM state carried through the held-out text (char-rnn's)"));
        out.put("millisPerStep", perStep);
        out.put("generation", RunInfo.ordered("prefix", sampling.prefix, "length", sampling.length,
                "sampling", sampling.sampling(), "millis", ms[1], "millisRuns", ms, "sample", sample));
    }

    /** One held-out measurement as the results file records it. */
    static Map<String, Object> point(EpochResult r) {
        return RunInfo.ordered("step", r.step(), "trainingLoss", r.loss(), "validationLoss",
                r.validation().loss(), "millisPerStep", r.millisPerBatch());
    }

    /** The measurements a killed run wrote to its results file, up to the checkpoint's step. */
    static List<Map<String, Object>> earlierHistory(JsonNode results, long upToStep) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode n : results.path("history")) {
            if (n.path("step").asLong() <= upToStep) {
                out.add(RunInfo.ordered("step", n.path("step").asLong(), "trainingLoss",
                        n.path("trainingLoss").asDouble(), "validationLoss", n.path("validationLoss").asDouble(),
                        "millisPerStep", n.path("millisPerStep").asDouble()));
            }
        }
        return out;
    }

    /** Training (mean over the epoch) and held-out loss against the step, in nats per character. */
    static void lossChart(Path png, List<Map<String, Object>> history) {
        double[] x = column(history, "step");
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("training", column(history, "trainingLoss"));
        series.put("held-out", column(history, "validationLoss"));
        try {
            Charts.lossCurves(png, "character model: cross-entropy (nats/char)", "step", x, series);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + png, e);
        }
    }

    private static double[] column(List<Map<String, Object>> rows, String key) {
        return rows.stream().mapToDouble(r -> ((Number) r.get(key)).doubleValue()).toArray();
    }
}
