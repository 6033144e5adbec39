package org.rnn4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Chapter 12, project 2: NASDAQ Composite close prediction with a 2-layer LSTM over windows of the book's 37
 * features. Writes {@code results/stock-<variant>.json} and two PNG charts, the training loss
 * ({@code stock-<variant>-loss.png}) and predicted against actual close ({@code stock-<variant>-test.png}).
 *
 * <p>Besides the LSTM it reports, on the same days, the two naive baselines (close of day t ≈ close of day t−1,
 * and ≈ open of day t, which is known: it is the first feature of the window's last row) and the chapter-6
 * plain network (37 → 32 ReLU → 1, Adam 0.3, 1,000 full-batch steps, scored on all test rows).
 *
 * <p>{@code --recipe best} is the recipe chosen on a validation slice of the training years (the last 124
 * rows of 2022, {@code --validate}); the 2023 test window played no part in choosing it. {@code --validate}
 * holds that slice out, trains on the rows before it and scores on it, never reading the test period's labels.
 *
 * <p>{@code --csv FILE --test-from DAY [--val-from DAY]} trains on any daily price file instead, split at those
 * dates ({@link StockSplitOptions}); on the book's file with {@code --test-from 2023-01-01} it trains and tests on
 * the book's rows and gives the book configuration's figures to the last digit.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train and evaluate the stock-price LSTM (book: 2 x LSTM 16, dense 16 ReLU, MSE, Adam 0.01, "
                + "batch 128, 1,000 epochs, windows of 5 days) on the book's NASDAQ file, or on any daily price CSV "
                + "with --csv and --test-from.")
public final class StockTrain implements Callable<Integer> {
    @Mixin
    NetworkOptions net = new NetworkOptions();
    @Mixin
    TrainingOptions training = new TrainingOptions();
    @Option(names = "--recipe", description = "book or best (default: ${DEFAULT-VALUE}); explicit options override "
            + "the recipe's values")
    StockRecipe.Name recipe = StockRecipe.Name.book;
    @Option(names = "--dense", description = "dense ReLU units (book: 16)")
    Integer dense;
    @Option(names = "--window", description = "days per window (default: ${DEFAULT-VALUE})")
    int window = 5;
    @Option(names = "--horizon", description = "closes forecast per window: 1, or e.g. 5 for a direct five-output "
            + "head predicting close(t) .. close(t+4) (default: ${DEFAULT-VALUE})")
    int horizon = 1;
    @Option(names = "--target", description = "price, diff or ret (book: price)")
    StockRecipe.Target target;
    @Option(names = "--standardize-targets", negatable = true, description = "standardise targets for training "
            + "(book: off)")
    Boolean standardizeTargets;
    @Option(names = "--ensemble", description = "average this many models with seeds seed, seed+1, ... (book: 1)")
    Integer ensemble;
    @Mixin
    StockSplitOptions split = new StockSplitOptions();
    @Mixin
    SparkOptions spark = new SparkOptions();
    @Option(names = "--no-baseline-nn", description = "skip the chapter-6 plain network")
    boolean noBaselineNn;
    @Option(names = "--nn-steps", description = "full-batch steps of the plain network (default: ${DEFAULT-VALUE})")
    int nnSteps = 1000;
    @Option(names = "--print-every", description = "print the training loss every N epochs (default: "
            + "${DEFAULT-VALUE}, as the book)")
    int printEvery = 100;
    @Option(names = "--save", description = "also save the (first) trained model to this file, for 'stock "
            + "evaluate' and 'stock forecast'")
    Path save;

    /** @return the recipe with the given options over it, checked before any data is read */
    private StockRecipe resolve() {
        StockRecipe c = StockRecipe.of(recipe).with(net, training, dense, target, standardizeTargets, ensemble);
        if (horizon < 1 || window < 1 || c.ensemble() < 1 || printEvery < 1 || c.dense() < 1 || nnSteps < 1) {
            throw training.bad("--horizon, --window, --ensemble, --print-every, --dense and --nn-steps must be >= 1");
        }
        split.check(training);
        spark.check("--patience", training.patience > 0, "--ensemble above 1 with --spark-checkpoint", c.ensemble() > 1 && spark.checkpoint != null);
        return c;
    }

    @Override
    public Integer call() throws Exception {
        StockRecipe c = resolve();
        String name = training.name(defaultName(c));
        int batch = training.batchOr(128);
        long t0 = System.nanoTime();
        SlidingWindows.Options layout = new SlidingWindows.Options(window, horizon, true);
        StockSplitOptions.Rows rows = split.read(layout);
        StockDataset data = rows.data();
        StockDataset train = rows.train();
        StockDataset eval = rows.eval();
        String evalName = rows.evalName();
        StandardScaler scaler = StandardScaler.fit(train.features());
        SlidingWindows trainW = SlidingWindows.of(train.features(), train.close(), layout);
        SlidingWindows evalW = SlidingWindows.of(eval.features(), eval.close(), layout);
        SlidingWindows valW = rows.validation() == null ? null
                : SlidingWindows.of(rows.validation().features(), rows.validation().close(), layout);
        System.out.printf(Locale.ROOT, "%s: %d complete rows; %s; %s%s (%.1fs to load)%n", rows.label(), data.size(),
                part("train", train, trainW), rows.validationBesidesEval() ? part("validation", rows.validation(),
                        valW) + "; " : "", part(evalName, eval, evalW), (System.nanoTime() - t0) / 1e9);

        // the LSTM (or an ensemble of them)
        double[][] evalPred = new double[evalW.count()][horizon];
        List<Map<String, Object>> members = new ArrayList<>();
        SequenceRegressor first = null;
        for (int e = 0; e < c.ensemble(); e++) {
            long s = net.seed + e;
            SequenceRegressor model = spark.enabled() && spark.checkpoint != null && Files.exists(spark.checkpoint)
                    ? SequenceRegressor.load(spark.checkpoint)
                    : net.apply(SequenceRegressor.builder(StockDataset.FEATURES.size()))
                    .lstmSize(c.hidden()).layers(c.layers()).denseSize(c.dense()).dropout(c.dropout())
                    .learningRate(c.lr()).seed(s).outputs(horizon).featureScaler(scaler)
                    .standardizeTargets(c.standardizeTargets()).windowLength(window).featureNames(StockDataset.FEATURES)
                    .target(c.target().form, StockDataset.featureIndex("open")).build();
            if (first == null) {
                first = model;
            }
            System.out.printf(Locale.ROOT, "model %s%s: %,d parameters, target %s%s, Adam %s, %d epochs of batch %d, "
                            + "seed %d%n", name, c.ensemble() > 1 ? " member " + (e + 1) + "/" + c.ensemble() : "",
                    model.parameterCount(), c.target(), c.standardizeTargets() ? " (standardised)" : "", c.lr(),
                    c.epochs(), batch, s);
            FitOptions options = training.fitOptions(c.epochs(), batch).listener(new EpochPrinter(printEvery)).build();
            long f0 = System.nanoTime();
            List<EpochResult> history = List.of();
            Map<String, Object> sparkRun = null;
            if (spark.enabled()) {
                sparkRun = SparkRun.describe(spark, SparkRun.regressor(spark, model, trainW, batch, c.epochs()));
            } else {
                history = model.fit(trainW, valW, options);
            }
            double trainSeconds = (System.nanoTime() - f0) / 1e9;
            if (training.patience > 0 && history.size() < c.epochs()) {
                int best = TrainingLoop.bestValidationEpoch(history);
                System.out.printf(Locale.ROOT, "early stopping after epoch %d: kept the weights of epoch %d "
                        + "(validation %s)%n", history.size(), best, history.get(best - 1).validation().summary());
            }
            double[][] p = model.predict(evalW);
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < horizon; j++) {
                    evalPred[i][j] += p[i][j] / c.ensemble();
                }
            }
            RegressionMetrics own = RegressionMetrics.of(evalW.targets(), p);
            double[] ms = history.stream().mapToDouble(r -> r.seconds() * 1000).toArray();
            System.out.printf(Locale.ROOT, "trained in %.1fs: %.1f ms/epoch (mean), %.1f ms/epoch (median); %s R² "
                    + "%.4f RMSE %.1f%n", trainSeconds, mean(ms), median(ms), evalName, own.r2(), own.rmse());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", s);
            m.put("settings", model.settings());
            m.put("parameters", model.parameterCount());
            m.put("trainSeconds", trainSeconds);
            m.put("msPerEpochMean", mean(ms));
            m.put("msPerEpochMedian", median(ms));
            m.put("lossByEpoch", sparkRun != null ? (double[]) sparkRun.get("lossByRound")
                    : history.stream().mapToDouble(EpochResult::loss).toArray());
            if (sparkRun != null) {
                m.put("spark", sparkRun);
            }
            m.put("msByEpoch", ms);
            m.put(evalName, own);
            if (rows.validationBesidesEval()) {
                m.put("validation", model.evaluate(valW));
            }
            if (valW != null) {
                m.put("validationCurve", history.stream().map(r -> RunInfo.ordered("epoch", r.epoch(), "validation",
                        r.validation())).toList());
            }
            members.add(m);
        }

        double[][] actual = evalW.targets();
        Map<String, Object> scores = StockExample.score(evalName, eval, evalW, evalPred);

        Map<String, Object> nn = null;
        if (!noBaselineNn) {
            nn = Chapter6Network.run(train, eval, scaler, evalName, nnSteps, printEvery);
        }

        if (save != null && first != null) {
            first.save(save);
            System.out.println("model saved to " + save);
        }

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project", "stock-price");
        out.put("variant", name);
        out.put("recipe", recipe.name());
        out.put("configuration", c);
        out.put("training", RunInfo.ordered("epochs", c.epochs(), "batchSize", batch, "seed", net.seed, "window",
                window, "horizon", horizon, "dropLastWindow", true,
                "trainFrom", split.trainFrom == null ? null : split.trainFrom.toString()));
        Map<String, Object> dataset = split.describe();
        dataset.putAll(RunInfo.ordered("completeRows", data.size(), "trainRows", train.size(), "trainWindows",
                trainW.count(), evalName + "Rows", eval.size(), evalName + "Windows", evalW.count(),
                "trainPeriod", train.date(0) + ".." + train.date(train.size() - 1),
                evalName + "Period", eval.date(0) + ".." + eval.date(eval.size() - 1), "fullData", true,
                "validationMode", split.validate));
        if (rows.validationBesidesEval()) {
            StockDataset v = rows.validation();
            dataset.putAll(RunInfo.ordered("validationRows", v.size(), "validationWindows", valW.count(),
                    "validationPeriod", v.date(0) + ".." + v.date(v.size() - 1)));
        }
        out.put("dataset", dataset);
        out.put("members", members);
        out.putAll(scores);
        if (nn != null) {
            out.put("chapter6Network", nn);
        }
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < evalW.count(); i++) {
            days.add(eval.date(evalW.lastRow(i)));
        }
        out.put("predictions", RunInfo.ordered("dates", days.stream().map(LocalDate::toString).toList(),
                "actual", actual, "predicted", evalPred));
        out.put("environment", RunInfo.environment());
        Path file = training.file("stock", name, ".json");
        RunInfo.writeJson(file, out);
        System.out.println("results written to " + file);
        writeCharts(name, rows.label(), members, days, actual, evalPred, evalName);
        return 0;
    }

    /**
     * Writes {@code stock-<variant>-loss.png} (training loss by epoch of every model) and
     * {@code stock-<variant>-<test|validation>.png} (predicted and actual close of the first forecast step).
     */
    private void writeCharts(String name, String label, List<Map<String, Object>> members, List<LocalDate> days,
                             double[][] actual, double[][] predicted, String evalName) throws java.io.IOException {
        Map<String, double[]> loss = new LinkedHashMap<>();
        for (Map<String, Object> member : members) {
            loss.put(members.size() == 1 ? "training loss" : "training loss, seed " + member.get("seed"),
                    (double[]) member.get("lossByEpoch"));
        }
        Path lossPng = training.file("stock", name, "-loss.png");
        Charts.lossCurves(lossPng, "stock " + name + ": training loss (MSE"
                + (resolve().standardizeTargets() ? ", standardised target" : "") + ")",
                spark.enabled() ? "averaging round" : "epoch", loss);
        double[] a = new double[actual.length];
        double[] p = new double[actual.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i][0];
            p[i] = predicted[i][0];
        }
        RegressionMetrics m = RegressionMetrics.of(a, p);
        Path testPng = training.file("stock", name, "-" + evalName + ".png");
        Charts.predictedVsActual(testPng, String.format(Locale.ROOT, "stock %s: %s close, %s windows%s "
                        + "(R² %.4f)", name, label, evalName, horizon > 1 ? ", first forecast step" : "", m.r2()),
                days, a, p);
        System.out.println("charts written to " + lossPng + " and " + testPng);
    }

    private String defaultName(StockRecipe c) {
        StringBuilder b = new StringBuilder(split.validate ? "val-" : "").append(recipe.name());
        if (recipe == StockRecipe.Name.book || net.learningRate != null) {
            b.append("-lr").append(c.lr());
        }
        if (horizon > 1) {
            b.append("-h").append(horizon);
        }
        b.append(net.initSuffix()).append(split.nameSuffix());
        return b.append("-seed").append(net.seed).toString();
    }

    /** @return e.g. "train 8061 rows (1991-01-03..2022-12-30) -> 8056 windows" */
    private static String part(String name, StockDataset rows, SlidingWindows windows) {
        return String.format(Locale.ROOT, "%s %d rows (%s..%s) -> %d windows", name, rows.size(), rows.date(0),
                rows.date(rows.size() - 1), windows.count());
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
