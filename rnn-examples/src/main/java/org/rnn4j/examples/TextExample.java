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
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.Sampling;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.StepListener;
import org.rnn4j.training.StepOptions;
import org.rnn4j.training.StepProgress;
import org.rnn4j.training.StepResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 3: a character-level LSTM that writes in the style of War and Peace (spec C), or of any
 * UTF-8 text given with {@code --file} (the chapter's exercise 3).
 */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Character-level language model: train on War and Peace (or any UTF-8 file), generate text, "
                + "score held-out text.",
        subcommands = {TextExample.Train.class, TextExample.Generate.class, TextExample.Evaluate.class})
public final class TextExample {
    private TextExample() {
    }

    /** Sampling options shared by both subcommands. */
    static final class SamplingOptions {
        @Option(names = "--prefix", description = "text to continue (default: \"${DEFAULT-VALUE}\")")
        String prefix = "the emperor";
        @Option(names = "--length", description = "characters to generate (default: ${DEFAULT-VALUE})")
        int length = 500;
        @Option(names = "--temperature", description = "logit divisor, > 0 (default: ${DEFAULT-VALUE})")
        double temperature = 1;
        @Option(names = "--top-k", description = "keep only the k most likely characters (default: all)")
        Integer topK;
        @Option(names = "--top-p", description = "nucleus mass in (0, 1] (default: ${DEFAULT-VALUE})")
        double topP = 1;
        @Option(names = "--sample-seed", description = "seed of the draws (default: ${DEFAULT-VALUE})")
        long sampleSeed = 0;

        Sampling sampling() {
            Sampling.Builder b = Sampling.builder().temperature(temperature).topP(topP).seed(sampleSeed);
            if (topK != null) {
                b.topK(topK);
            }
            return b.build();
        }

        /** Generates, timing the call; returns [text, milliseconds]. */
        Object[] generateTimed(CharLanguageModel model) {
            long t0 = System.nanoTime();
            String text = model.generate(prefix, length, sampling());
            return new Object[]{text, (System.nanoTime() - t0) / 1e6};
        }
    }

    /** {@code rnn4j text train}: the book's configuration by default. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train (book: embedding 256, LSTM 512, Adam 0.003, 10,000 steps of 64 windows of 40), "
                    + "report held-out loss, write results/chargen-<variant>.json and a sample.")
    static final class Train implements Callable<Integer> {
        @Option(names = "--file", description = "UTF-8 text to learn (default: War and Peace from the data cache)")
        Path file;
        @Option(names = "--steps", description = "total training steps (default: ${DEFAULT-VALUE})")
        int steps = 10_000;
        @Option(names = "--batch", description = "windows per step (default: ${DEFAULT-VALUE})")
        int batch = 64;
        @Option(names = "--seq-length", description = "characters per window (default: ${DEFAULT-VALUE})")
        int sequenceLength = 40;
        @Option(names = "--embedding", description = "embedding size (default: ${DEFAULT-VALUE})")
        int embedding = 256;
        @Option(names = "--hidden", description = "LSTM units per layer (default: ${DEFAULT-VALUE})")
        int hidden = 512;
        @Option(names = "--layers", description = "stacked LSTM layers (default: ${DEFAULT-VALUE})")
        int layers = 1;
        @Option(names = "--dropout", description = "dropout between layers and before the output "
                + "(default: ${DEFAULT-VALUE})")
        double dropout = 0;
        @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double learningRate = 0.003;
        @Option(names = "--seed", description = "seed of weights, batches and dropout (default: ${DEFAULT-VALUE})")
        long seed = 0;
        @Option(names = "--validate-every", description = "steps between held-out measurements "
                + "(default: ${DEFAULT-VALUE})")
        int validateEvery = 500;
        @Option(names = "--checkpoint", description = "checkpoint file (default: checkpoints/chargen-<variant>.ckpt)")
        Path checkpoint;
        @Option(names = "--checkpoint-every", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
        int checkpointEvery = 500;
        @Option(names = "--resume", description = "continue from the checkpoint file when it exists")
        boolean resume;
        @Mixin
        InitOption init = new InitOption();
        @Option(names = "--dl4j-lstm", description = "use DL4J's LSTM layer instead of rnn4j's FusedLstm (the same "
                + "function, about 2x slower to train); a resumed checkpoint is moved to the chosen layer")
        boolean dl4jLstm;
        @Option(names = "--variant", description = "name used in the results file (default: derived from the flags)")
        String variant;
        @Option(names = "--results", description = "results directory (default: ${DEFAULT-VALUE})")
        Path results = Path.of("results");
        @Mixin
        SamplingOptions sampling = new SamplingOptions();

        @Override
        public Integer call() throws Exception {
            Map<String, Object> environment = RunInfo.environment();
            sampling.sampling(); // bad sampling values fail now, not after hours of training
            String name = variant != null ? variant : (layers == 1 && dropout == 0 && steps == 10_000 && file == null
                    ? "book" : layers + "layer" + (dropout > 0 ? "-dropout" + dropout : "") + "-" + steps + "steps")
                    + init.suffix();
            Path ckpt = checkpoint != null ? checkpoint : Path.of("checkpoints", "chargen-" + name + ".ckpt");
            Map<String, Object> out = new LinkedHashMap<>();
            Path json = results.resolve("chargen-" + name + ".json");
            List<StepResult> history = new ArrayList<>();
            StepOptions options = StepOptions.builder().steps(steps).batchSize(batch).validateEvery(validateEvery)
                    .checkpoint(ckpt, checkpointEvery).listener(new StepProgress(System.out))
                    .listener(new StepListener() {
                        @Override
                        public void onValidation(StepResult r) {
                            history.add(r);
                            out.put("history", history);
                            RunInfo.writeJsonUnchecked(json, out); // progress survives a killed run
                            lossChart(results.resolve("chargen-" + name + "-loss.png"), history);
                        }
                    }).build();
            TextCorpus corpus = file != null ? TextCorpus.read(file)
                    : TextCorpus.warAndPeace(DataHome.fromEnvironment());
            CharVocabulary vocab = CharVocabulary.of(corpus.text());
            CharLanguageModel model;
            Number switchedAt = null; // the step at which this run moved from DL4J's LSTM to FusedLstm, if it did
            if (resume && Files.exists(ckpt)) {
                CharLanguageModel saved = CharLanguageModel.load(ckpt);
                model = saved.withFusedLstm(!dl4jLstm);
                JsonNode earlier = Files.exists(json) ? RunInfo.readJson(json) : MissingNode.getInstance();
                history.addAll(earlierHistory(earlier, model.trainedSteps()));
                switchedAt = model != saved && !dl4jLstm ? Integer.valueOf(model.trainedSteps())
                        : earlier.path("training").path("fusedLstmFromStep").numberValue();
                System.out.printf(Locale.ROOT, "resuming from %s at step %d (%d earlier measurements kept)%s%n", ckpt,
                        model.trainedSteps(), history.size(), model == saved ? "" : "; its " + (dl4jLstm
                                ? "FusedLstm layers continue as DL4J LSTMs" : "DL4J LSTM layers continue as FusedLstm")
                                + " (same parameters and Adam state)");
            } else {
                model = CharLanguageModel.builder(vocab).embeddingSize(embedding).lstmSize(hidden).layers(layers)
                        .dropout(dropout).learningRate(learningRate).seed(seed).sequenceLength(sequenceLength)
                        .fusedLstm(!dl4jLstm).initialization(init.value).build();
            }
            System.out.printf(Locale.ROOT, "text: %,d characters, %d distinct; training %,d, held out %,d; "
                            + "model %s: %,d parameters%n", corpus.length(), vocab.size(), corpus.splitIndex(),
                    corpus.length() - corpus.splitIndex(), name, model.parameterCount());

            out.put("project", "char-language-model");
            out.put("variant", name);
            out.put("configuration", model.settings());
            out.put("training", RunInfo.ordered("steps", steps, "batchSize", batch, "validateEvery", validateEvery,
                    "resumedFromStep", model.trainedSteps(), "fusedLstmFromStep", switchedAt));
            out.put("parameters", model.parameterCount());
            out.put("dataset", RunInfo.ordered("file", file != null ? file.toString() : TextCorpus.WAR_AND_PEACE_FILE,
                    "characters", corpus.length(), "distinct", vocab.size(), "training", corpus.splitIndex(),
                    "heldOut", corpus.length() - corpus.splitIndex(), "fullData", true));
            out.put("environment", environment);
            model.fit(corpus.training(), corpus.heldOut(), options);

            double nats = history.isEmpty() ? model.crossEntropy(corpus.heldOut())
                    : history.get(history.size() - 1).validationLoss(); // fit measured it at the last step
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
            double perStep = history.stream().mapToDouble(StepResult::millisPerStep).average().orElse(0);
            System.out.printf(Locale.ROOT, "held-out cross-entropy %.4f nats/char, %.4f bits/char (windows of %d "
                    + "from a zero state); %.4f nats/char, %.4f bits/char read as one stream; %.1f ms/step; "
                    + "%d characters generated in %.1f ms (median of 3)%n%s%n", nats, nats / Math.log(2),
                    model.settings().sequenceLength(), streamingNats, streamingNats / Math.log(2), perStep,
                    sampling.length, ms[1], sample);
            out.put("validation", RunInfo.ordered("nats", nats, "bits", nats / Math.log(2),
                    "heldOutCharacters", corpus.length() - corpus.splitIndex(),
                    "protocol", "windows of " + model.settings().sequenceLength() + " from a zero state, as training"));
            out.put("validationStreaming", RunInfo.ordered("nats", streamingNats, "bits", streamingNats / Math.log(2),
                    "protocol", "one stream, LSTM state carried through the held-out text (char-rnn's)"));
            out.put("millisPerStep", perStep);
            out.put("generation", RunInfo.ordered("prefix", sampling.prefix, "length", sampling.length,
                    "sampling", sampling.sampling(), "millis", ms[1], "millisRuns", ms, "sample", sample));
            RunInfo.writeJson(json, out);
            System.out.println("results written to " + json + "; model in " + ckpt);
            return 0;
        }
    }

    /** The measurements a killed run wrote to its results file, up to the checkpoint's step. */
    static List<StepResult> earlierHistory(JsonNode results, int upToStep) {
        List<StepResult> out = new ArrayList<>();
        for (JsonNode n : results.path("history")) {
            if (n.path("step").asInt() <= upToStep) {
                out.add(new StepResult(n.path("step").asInt(), n.path("trainingLoss").asDouble(),
                        n.path("validationLoss").asDouble(), n.path("millisPerStep").asDouble()));
            }
        }
        return out;
    }

    /** Training (mean since the previous point) and held-out loss against the step, in nats per character. */
    static void lossChart(Path png, List<StepResult> history) {
        double[] x = history.stream().mapToDouble(StepResult::step).toArray();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("training", history.stream().mapToDouble(StepResult::trainingLoss).toArray());
        series.put("held-out", history.stream().mapToDouble(StepResult::validationLoss).toArray());
        try {
            Charts.lossCurves(png, "character model: cross-entropy (nats/char)", "step", x, series);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + png, e);
        }
    }

    /** {@code rnn4j text generate}: continue a prefix with a saved model. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate text with a model saved by 'text train'.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model or checkpoint file")
        Path model;
        @Mixin
        SamplingOptions sampling = new SamplingOptions();

        @Override
        public Integer call() throws Exception {
            CharLanguageModel m = CharLanguageModel.load(model);
            System.out.println(m.generate(sampling.prefix, sampling.length, sampling.sampling()));
            return 0;
        }
    }

    /** {@code rnn4j text evaluate}: a saved model's cross-entropy on held-out text, by both protocols. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Score a model saved by 'text train' on held-out text: cross-entropy in nats and bits per "
                    + "character, read in training-length windows from a zero state (as 'text train' reports it) and "
                    + "as one stream with the state carried throughout (as char-rnn reports it).")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model or checkpoint file")
        Path model;
        @Option(names = "--file", description = "UTF-8 text to score instead of War and Peace (read as 'text train "
                + "--file' reads it)")
        Path file;
        @Option(names = "--whole", description = "score the whole text, not only its held-out last "
                + TextCorpus.HELD_OUT_PERCENT + "%")
        boolean whole;

        @Override
        public Integer call() throws Exception {
            CharLanguageModel m = CharLanguageModel.load(model);
            TextCorpus corpus = file != null ? TextCorpus.read(file)
                    : TextCorpus.warAndPeace(DataHome.fromEnvironment());
            String text = whole ? corpus.text() : corpus.heldOut();
            System.out.printf(Locale.ROOT, "%s after %,d steps, %,d characters (%s)%n", model, m.trainedSteps(),
                    text.length(), whole ? "whole text" : "held-out last " + TextCorpus.HELD_OUT_PERCENT + "%");
            for (boolean streaming : new boolean[]{false, true}) {
                long t0 = System.nanoTime();
                double nats = streaming ? m.streamingCrossEntropy(text) : m.crossEntropy(text);
                System.out.printf(Locale.ROOT, "%-36s %.4f nats = %.4f bits per character (%.1f s)%n", streaming
                                ? "streaming (state carried throughout)" : "windows of " + m.settings().sequenceLength()
                                + " from a zero state", nats, nats / Math.log(2), (System.nanoTime() - t0) / 1e9);
            }
            return 0;
        }
    }
}
