package org.rnn4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.rnn4j.data.LabeledText;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.datasets.LabeledTexts;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.ConsoleProgress;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingEvent;
import org.rnn4j.training.TrainingListener;
import org.rnn4j.training.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 1: IMDb sentiment with embedding + LSTM (the book's configuration by default), on the
 * full 25,000/25,000 reviews, or on your own labelled texts with {@code --train} ({@link OwnDataOptions}). Writes
 * {@code <results>/sentiment-<variant>.json}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate the IMDb sentiment LSTM (book: embedding 32, LSTM 50, dense 32, "
                + "Adam 0.003, batch 32, 10 epochs), or the same model on your own labelled texts (--train).")
public final class SentimentTrain implements Callable<Integer> {
    @Mixin
    NetworkOptions net = new NetworkOptions();
    @Mixin
    TrainingOptions training = new TrainingOptions();
    @Mixin
    OwnDataOptions own = new OwnDataOptions();
    @Mixin
    SparkOptions spark = new SparkOptions();
    @Option(names = "--bidirectional", description = "bidirectional LSTM layers")
    boolean bidirectional;
    @Option(names = "--embedding", description = "embedding size (default: ${DEFAULT-VALUE})")
    int embedding = 32;
    @Option(names = "--embedding-init-std", description = "start the embedding from N(0, std^2) as PyTorch does "
            + "(the book: 1); 0 = Xavier (default: ${DEFAULT-VALUE})")
    double embeddingInitStd = 0;
    @Option(names = "--dense", description = "dense layer units (default: ${DEFAULT-VALUE})")
    int dense = 32;
    @Option(names = "--no-bucketing", description = "batch reviews in random order, each padded to its longest "
            + "(default: length bucketing on)")
    boolean noBucketing;
    @Option(names = "--max-length", description = "keep each review's last N tokens, 0 = all (default: ${DEFAULT-VALUE})")
    int maxLength = 0;
    @Option(names = "--max-train", description = "use only N training reviews (random, balanced), 0 = all")
    int maxTrain = 0;
    @Option(names = "--max-test", description = "use only N test reviews (random, balanced), 0 = all")
    int maxTest = 0;
    @Option(names = "--save", description = "also save the trained model to this file, for 'sentiment evaluate' and "
            + "'sentiment predict'")
    Path save;
    @Option(names = "--eval-each-epoch", description = "score the test set after every epoch and rewrite the "
            + "results file each time (for monitoring; the reported test metrics are always the last epoch's)")
    boolean evalEachEpoch;
    @Option(names = "--validation-split", description = "hold out this share of the training reviews (seeded, "
            + "never the test set) and score it after every epoch; 0 = none (default: ${DEFAULT-VALUE})")
    double validationSplit = 0;

    /** Rejects bad option values before any data is read. */
    private void check() {
        net.requireLayers(1);
        own.check();
        if (validationSplit < 0 || validationSplit >= 1) {
            throw training.bad("--validation-split must be in [0, 1), got " + validationSplit);
        }
        if (training.patience > 0 && validationSplit == 0) {
            throw training.bad("--patience " + training.patience + " needs --validation-split");
        }
        if (validationSplit > 0 && evalEachEpoch) {
            throw training.bad("--eval-each-epoch scores the test set every epoch; with --validation-split the "
                    + "validation reviews are scored instead");
        }
        spark.check("--validation-split", validationSplit > 0, "--eval-each-epoch", evalEachEpoch, "--no-bucketing",
                noBucketing, "--patience", training.patience > 0);
        if (embedding < 1 || dense < 1 || maxLength < 0 || maxTrain < 0 || maxTest < 0 || embeddingInitStd < 0) {
            throw training.bad("--embedding and --dense must be >= 1; --max-length, --max-train, --max-test and "
                    + "--embedding-init-std must be >= 0");
        }
    }

    @Override
    public Integer call() throws Exception {
        check();
        int layers = net.layers != null ? net.layers : 1;
        String shape = (bidirectional ? "bi" : "") + (layers > 1 ? layers + "layer" : "");
        String name = training.name((own.given() ? own.stem() + (shape.isEmpty() ? "" : "-" + shape)
                : shape.isEmpty() ? "book" : shape) + net.initSuffix() + (training.patience > 0 ? "-es" : "")
                + (maxTrain > 0 ? "-subset" : ""));
        FitOptions.Builder fit = training.fitOptions(10, 32).bucketing(!noBucketing);
        Map<String, Object> environment = RunInfo.environment(); // the commit that runs, not the one at the end
        long t0 = System.nanoTime();
        List<LabeledText> train;
        List<LabeledText> test;
        List<String> classes = SequenceClassifier.DEFAULT_CLASS_NAMES;
        String dataName = "IMDb";
        if (own.given()) {
            LabeledTexts.Split split = own.load(net.seed);
            train = subset(split.train().texts(), maxTrain);
            test = subset(split.test().texts(), maxTest);
            classes = split.train().classes();
            dataName = own.train.toString();
        } else {
            ImdbDataset data = ImdbDataset.load(DataHome.fromEnvironment());
            train = subset(data.train(), maxTrain);
            test = subset(data.test(), maxTest);
        }
        List<LabeledText> validation = null;
        if (validationSplit > 0) {
            List<LabeledText> shuffled = shuffled(train, 29);
            int n = (int) Math.round(shuffled.size() * validationSplit);
            validation = shuffled.subList(shuffled.size() - n, shuffled.size());
            train = shuffled.subList(0, shuffled.size() - n);
        }
        Vocabulary vocab = SequenceClassifier.vocabularyOf(train);
        System.out.printf(Locale.ROOT, "%s: %d train, %d validation, %d test %s, vocabulary %d (%.1fs to load)%n",
                dataName, train.size(), validation == null ? 0 : validation.size(), test.size(), own.given() ? "texts"
                : "reviews", vocab.size(), (System.nanoTime() - t0) / 1e9);
        if (own.given()) {
            System.out.printf(Locale.ROOT, "classes: '%s' = 0 (%d train texts), '%s' = 1 (%d train texts)%n",
                    classes.get(0), count(train, 0), classes.get(1), count(train, 1));
        }

        SequenceClassifier model;
        if (spark.enabled() && spark.checkpoint != null && Files.exists(spark.checkpoint)) {
            model = SequenceClassifier.load(spark.checkpoint);
            System.out.printf(Locale.ROOT, "resuming from %s at step %d%n", spark.checkpoint, model.trainedSteps());
        } else {
            model = net.apply(SequenceClassifier.builder(vocab)).embeddingSize(embedding)
                    .bidirectional(bidirectional).denseSize(dense).maxLength(maxLength)
                    .embeddingInitStd(embeddingInitStd).classNames(classes).build();
        }
        System.out.printf(Locale.ROOT, "model %s: %,d parameters%n", name, model.parameterCount());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project", own.given() ? "own-sentiment" : "imdb-sentiment");
        out.put("variant", name);
        out.put("configuration", model.settings());
        out.put("training", RunInfo.ordered("epochs", training.epochsOr(10), "batchSize", training.batchOr(32),
                "bucketing", !noBucketing, "seed", net.seed, "validationSplit", validationSplit, "patience",
                training.patience));
        out.put("parameters", model.parameterCount());
        out.put("dataset", RunInfo.ordered("source", own.given() ? dataName : "IMDb", "testSource", own.test != null
                ? own.test.toString() : own.given() ? "split " + (own.testSplit != null ? own.testSplit
                : OwnDataOptions.DEFAULT_TEST_SPLIT) : "IMDb", "classes", classes, "train", train.size(),
                "validation", validation == null ? 0 : validation.size(), "test", test.size(), "vocabulary",
                vocab.size(), "fullData", maxTrain == 0 && maxTest == 0));
        out.put("environment", environment);
        Path file = training.file("sentiment", name, ".json");
        List<EpochResult> history = new ArrayList<>();
        FitOptions options = fit.listener(new ConsoleProgress(System.out))
                .listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(TrainingEvent e) {
                        EpochResult r = e.result();
                        history.add(r);
                        if (evalEachEpoch) {
                            out.put("completedEpochs", r.epoch());
                            out.put("epochs", history);
                            out.put("meanEpochSeconds", meanSeconds(history));
                            out.put("test", r.validation());
                            RunInfo.writeJsonUnchecked(file, out);
                        }
                    }
                }).build();
        if (spark.enabled()) {
            out.put("spark", SparkRun.describe(spark, SparkRun.classifier(spark, model, train, training.batchOr(32),
                    training.epochsOr(10))));
        } else {
            model.fit(train, evalEachEpoch ? test : validation, options);
        }
        if (training.patience > 0) {
            int best = TrainingLoop.bestValidationEpoch(history);
            out.put("restoredEpoch", best);
            System.out.printf(Locale.ROOT, "kept the weights of epoch %d (lowest validation loss %.4f)%n", best,
                    history.get(best - 1).validation().loss());
        }

        long e0 = System.nanoTime();
        BinaryMetrics m = evalEachEpoch ? (BinaryMetrics) history.get(history.size() - 1).validation()
                : model.evaluate(test);
        double evalSeconds = (System.nanoTime() - e0) / 1e9;
        System.out.printf(Locale.ROOT, "test: accuracy %.4f precision %.4f recall %.4f F1 %.4f ROC-AUC %.4f "
                + "(%d %s)%n", m.accuracy(), m.precision(), m.recall(), m.f1(), m.rocAuc(), m.count(), own.given()
                ? "texts; precision and recall of '" + classes.get(1) + "'" : "reviews");
        if (save != null) {
            model.save(save);
            System.out.println("model saved to " + save);
        }
        out.put("completedEpochs", history.size());
        out.put("epochs", history);
        out.put("meanEpochSeconds", meanSeconds(history));
        out.put("test", m);
        if (!evalEachEpoch) {
            out.put("testSeconds", evalSeconds);
        }
        RunInfo.writeJsonUnchecked(file, out);
        if (!spark.enabled()) {
            lossChart(training.file("sentiment", name, "-loss.png"), (own.given() ? own.stem() : "IMDb")
                    + " sentiment: binary cross-entropy", history,
                    evalEachEpoch ? "test (scored each epoch)" : "validation (held out of training)");
        }
        System.out.println("results written to " + file);
        return 0;
    }

    /** Training loss per epoch, and the held-out loss (test or validation) where it was scored every epoch. */
    private static void lossChart(Path png, String title, List<EpochResult> history, String heldOut)
            throws java.io.IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("training", history.stream().mapToDouble(EpochResult::loss).toArray());
        if (history.stream().allMatch(r -> r.validation() != null)) {
            series.put(heldOut, history.stream().mapToDouble(r -> r.validation().loss()).toArray());
        }
        Charts.lossCurves(png, title, "epoch", series);
    }

    private static double meanSeconds(List<EpochResult> history) {
        return history.stream().mapToDouble(EpochResult::seconds).average().orElse(0);
    }

    private static long count(List<LabeledText> texts, int label) {
        return texts.stream().filter(t -> t.label() == label).count();
    }

    private List<LabeledText> subset(List<LabeledText> all, int n) {
        if (n <= 0 || n >= all.size()) {
            return all;
        }
        return shuffled(all, 17).subList(0, n);
    }

    /** A copy of {@code all} in an order fixed by the seed and {@code salt} (one salt per use). */
    private List<LabeledText> shuffled(List<LabeledText> all, long salt) {
        List<LabeledText> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(net.seed + salt));
        return copy;
    }
}
