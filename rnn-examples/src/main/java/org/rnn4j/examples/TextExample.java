package org.rnn4j.examples;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.TextCorpus;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.Sampling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 3: a character-level LSTM that writes in the style of War and Peace, or of any
 * UTF-8 text given with {@code --file} (the chapter's exercise 3).
 */
@Command(name = "text", mixinStandardHelpOptions = true,
        description = "Character-level language model: train on War and Peace (or any UTF-8 file), generate text, "
                + "score held-out text.",
        subcommands = {TextTrain.class, TextExample.Generate.class, TextExample.Evaluate.class})
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
                + TextCorpus.HELD_OUT_PERCENT + "%%")
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
                double nats = streaming ? m.streamingCrossEntropy(text) : m.evaluate(text).nats();
                System.out.printf(Locale.ROOT, "%-36s %.4f nats = %.4f bits per character (%.1f s)%n", streaming
                                ? "streaming (state carried throughout)" : "windows of " + m.settings().sequenceLength()
                                + " from a zero state", nats, nats / Math.log(2), (System.nanoTime() - t0) / 1e9);
            }
            return 0;
        }
    }
}
