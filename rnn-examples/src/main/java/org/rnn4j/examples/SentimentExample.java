package org.rnn4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.datasets.TextRecords;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.model.SequenceClassifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 1, on the command line: {@code sentiment train} ({@link SentimentTrain}) trains and scores
 * the classifier (on IMDb, or your own texts), {@code sentiment evaluate} scores a saved model on the IMDb test
 * reviews, {@code sentiment predict} scores any text, or a file of texts ({@link BatchScoring}). Without a
 * subcommand it trains with the book's configuration.
 */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = "IMDb sentiment with embedding + LSTM. Without a subcommand it runs 'train' with the book's "
                + "configuration.",
        subcommands = {SentimentTrain.class, SentimentExample.Evaluate.class, SentimentExample.Predict.class})
public final class SentimentExample implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return new SentimentTrain().call();
    }

    /** {@code rnn4j sentiment predict}: score texts, or a file of texts, with a saved model. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Print each text's probability of class 1 and its predicted class name, using a model "
                    + "saved with 'sentiment train --save'; or score a file of texts (--input) in a stream.")
    static final class Predict implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--model", required = true, description = "model file written by 'sentiment train --save'")
        Path model;
        @CommandLine.Parameters(arity = "0..*", paramLabel = "TEXT", description = "texts to score (or --input)")
        List<String> reviews;
        Path input;
        Path output;
        String textColumn;
        int batch = 256;

        @Option(names = "--input", paramLabel = "FILE", description = "score this file: one text per line, or a "
                + ".csv, .tsv or .jsonl file with the text in --text-column; blank lines are skipped")
        void input(Path p) {
            if (!Files.isRegularFile(p)) {
                throw bad("--input: no such file: " + p);
            }
            this.input = p;
        }

        @Option(names = "--output", paramLabel = "FILE", description = "with --input: write the line, probability "
                + "and class of each text to this .csv or .jsonl file (default: CSV on standard output)")
        void output(Path p) {
            if (BatchScoring.Layout.of(p) == null) {
                throw bad("--output must end in .csv or .jsonl, got " + p);
            }
            this.output = p;
        }

        @Option(names = "--text-column", paramLabel = "NAME", description = "with a .csv, .tsv or .jsonl --input: "
                + "the column or field of the texts (default: text)")
        void textColumn(String name) {
            if (name.isBlank()) {
                throw bad("--text-column must name a column");
            }
            this.textColumn = name;
        }

        @Option(names = "--batch", paramLabel = "N", description = "with --input: texts scored at once (default: "
                + "256)")
        void batch(int n) {
            if (n < 1) {
                throw bad("--batch must be >= 1, got " + n);
            }
            this.batch = n;
        }

        @Override
        public Integer call() throws Exception {
            boolean texts = reviews != null && !reviews.isEmpty();
            if (texts == (input != null)) {
                throw bad("give the texts to score, or --input FILE, not both");
            }
            if (input == null && (output != null || textColumn != null)) {
                throw bad("--output and --text-column need --input");
            }
            if (textColumn != null && TextRecords.Format.of(input) == TextRecords.Format.LINES) {
                throw bad("--text-column applies to a .csv, .tsv or .jsonl --input; " + input + " is read as one "
                        + "text per line");
            }
            SequenceClassifier m = SequenceClassifier.load(model);
            if (texts) {
                float[] p = m.predictProbabilities(reviews);
                for (int i = 0; i < p.length; i++) {
                    System.out.printf(Locale.ROOT, "%.4f\t%s\t%s%n", p[i], m.className(p[i]), reviews.get(i));
                }
                return 0;
            }
            BatchScoring scoring = new BatchScoring(m, batch);
            String column = textColumn != null ? textColumn : "text";
            long t0 = System.nanoTime();
            if (output == null) {
                scoring.toStream(input, column, System.out);
                System.out.flush();
                return 0;
            }
            long n = scoring.toFile(input, column, output, System.console() != null);
            double s = (System.nanoTime() - t0) / 1e9;
            System.err.printf(Locale.ROOT, "scored %,d texts in %.1fs (%,.0f texts/s): classes '%s' (0) and '%s' "
                    + "(1), written to %s%n", n, s, n / s, m.classNames().get(0), m.classNames().get(1), output);
            return 0;
        }

        private CommandLine.ParameterException bad(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** {@code rnn4j sentiment evaluate}: score a saved model on the IMDb test set. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Accuracy, precision, recall, F1 and ROC-AUC of a saved model on the IMDb test reviews.")
    static final class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model file written by 'sentiment train --save'")
        Path model;
        @Option(names = "--max-test", description = "use only N test reviews (random), 0 = all")
        int maxTest = 0;

        @Override
        public Integer call() throws Exception {
            SequenceClassifier m = SequenceClassifier.load(model);
            List<LabeledText> test = new ArrayList<>(ImdbDataset.load(DataHome.fromEnvironment()).test());
            if (maxTest > 0 && maxTest < test.size()) {
                Collections.shuffle(test, new Random(17));
                test = test.subList(0, maxTest);
            }
            BinaryMetrics r = m.evaluate(test);
            System.out.printf(Locale.ROOT, "test: accuracy %.4f precision %.4f recall %.4f F1 %.4f ROC-AUC %.4f "
                    + "(%d reviews)%n", r.accuracy(), r.precision(), r.recall(), r.f1(), r.rocAuc(), r.count());
            return 0;
        }
    }
}
