package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnn4j.layers.FusedLstm;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingListener;

/**
 * A many-to-one sequence regressor: stacked LSTM layers read a window of feature rows, the top layer's state
 * after the last row feeds a ReLU dense layer, and a linear output layer predicts one or more numbers (the
 * book's stock model, spec B.5, with {@code outputs(5)} a direct five-step forecast). Trained with mean squared
 * error and Adam.
 *
 * <pre>{@code
 * StandardScaler scaler = StandardScaler.fit(trainRows);               // training rows only
 * SequenceRegressor model = SequenceRegressor.builder(37).featureScaler(scaler).build();   // the book's sizes
 * model.fit(trainWindows, FitOptions.builder().epochs(1000).batchSize(128).build());
 * RegressionMetrics m = model.evaluate(testWindows);
 * model.save(Path.of("stock.rnn4j"));
 * }</pre>
 *
 * <p>Windows are given in raw feature units, {@code [window][time step][feature]}; the model applies its
 * feature scaler (when it has one) itself, so a saved model needs nothing else to predict. With
 * {@link Builder#standardizeTargets(boolean)} the targets are also standardised for training (with statistics
 * of the first training set) and predictions are mapped back to the original units. With {@code layers(0)}
 * there is no recurrent layer: the dense layer reads the window's last row, which makes the book's chapter-6
 * feed-forward baseline.
 *
 * <p><b>Relative targets.</b> {@link Builder#target(TargetForm, int)} lets the network learn the target as a
 * difference from, or a return over, one input feature of the window's last row (e.g. the day's open, which is
 * known when the close is predicted), while {@code fit} still takes and {@code predict} still returns the
 * target in its own units. Prices are non-stationary; their changes are much closer to stationary, which is what
 * the stock project's best recipe uses.
 *
 * <p><b>Thread safety.</b> {@code predict}, {@code evaluate}, {@code evaluatePerOutput} and {@link #save} may be
 * called from any number of threads at once on one shared instance, and return exactly what a single thread
 * would get. Predictions run in parallel, not one at a time: each concurrent call uses its own lightweight copy
 * of the network that shares this model's weights (no copy of the parameters; copies are made on demand and
 * reused). {@code fit} must not run concurrently with anything else on the same instance: a prediction made
 * during training may see half-updated weights.
 *
 * <p>Memory: DL4J 1.0.0-M2.1's LSTM backward pass allocates some per-time-step arrays outside its workspaces
 * (measured here: about 250 KB per LSTM layer per batch of 128 windows of 5 steps, 30 MB per epoch of the book's
 * model). With JavaCPP's default GC-based deallocation they are freed; with
 * {@code -Dorg.bytedeco.javacpp.nopointergc=true}, which is about twice as fast here, they never are, so use
 * that flag only for short trainings (tests, a few hundred epochs at most).
 */
public final class SequenceRegressor {
    static final String KIND = "sequence-regressor";
    private static final String FEATURE_SCALER = "feature-scaler.properties";
    private static final String TARGET_SCALER = "target-scaler.properties";
    private static final int PREDICT_BATCH = 1024;

    private final Settings settings;
    private final StandardScaler featureScaler;
    private StandardScaler targetScaler;
    private final ComputationGraph net;
    private final NetworkReplicas replicas;
    /** Trains through {@link DirectRegressorStep} where it applies; tests turn it off to compare with DL4J's fit. */
    boolean directSteps = true;

    /**
     * The model's hyperparameters.
     *
     * @param features values per time step (input width)
     * @param outputs numbers predicted per window (1, or e.g. 5 for a five-step forecast)
     * @param lstmSize units per LSTM layer
     * @param layers stacked LSTM layers; 0 = none (a feed-forward network on the window's last row)
     * @param denseSize units of the ReLU layer before the output
     * @param dropout dropout rate on the input of every LSTM layer above the first and of the dense layer, in
     *     [0, 1)
     * @param learningRate Adam learning rate
     * @param seed seed of the weight initialisation
     * @param standardizeTargets whether targets are standardised for training
     * @param targetForm what the network learns: the target itself, or its difference from / return over a
     *     reference feature
     * @param targetFeature index of the reference feature in the window's last row, -1 with
     *     {@link TargetForm#ABSOLUTE}
     * @param fusedLstm whether the LSTM layers are {@link FusedLstm} rather than DL4J's {@code LSTM} (the same
     *     function); files written before this setting existed hold DL4J LSTMs and load with {@code false}
     * @param initialization how the weights started (files written before this setting existed: DL4J)
     */
    public record Settings(int features, int outputs, int lstmSize, int layers, int denseSize, double dropout,
                           double learningRate, long seed, boolean standardizeTargets, TargetForm targetForm,
                           int targetFeature, boolean fusedLstm, Initialization initialization) {
    }

    /**
     * What the network is trained to output, given a target y and the reference value r (a feature of the window's
     * last row, raw units). {@code predict} always maps back to y's units.
     */
    public enum TargetForm {
        /** y itself (the book) */
        ABSOLUTE,
        /** y − r */
        DIFFERENCE,
        /** y / r − 1; r must not be 0 */
        RETURN;

        double encode(double y, double r) {
            return switch (this) {
                case ABSOLUTE -> y;
                case DIFFERENCE -> y - r;
                case RETURN -> y / r - 1;
            };
        }

        double decode(double v, double r) {
            return switch (this) {
                case ABSOLUTE -> v;
                case DIFFERENCE -> r + v;
                case RETURN -> r * (1 + v);
            };
        }
    }

    /** What files saved before relative targets existed meant. */
    private static final Map<String, String> ADDED_SETTINGS = Map.of("targetForm", TargetForm.ABSOLUTE.name(),
            "targetFeature", "-1", "fusedLstm", "false", "initialization", Initialization.DL4J.name());

    private SequenceRegressor(Settings settings, StandardScaler featureScaler, StandardScaler targetScaler,
                              ComputationGraph net) {
        this.settings = settings;
        this.featureScaler = featureScaler;
        this.targetScaler = targetScaler;
        this.net = net;
        this.replicas = new NetworkReplicas(net);
    }

    /**
     * @param features values per time step
     * @return a builder with the book's sizes: 2 LSTM layers of 16, dense 16, one output, Adam 0.01, seed 42
     */
    public static Builder builder(int features) {
        return new Builder(features);
    }

    /** The network itself, for tests of this package. */
    ComputationGraph network() {
        return net;
    }

    /** @return the hyperparameters */
    public Settings settings() {
        return settings;
    }

    /** @return the scaler applied to every feature row, or {@code null} when the features are used as given */
    public StandardScaler featureScaler() {
        return featureScaler;
    }

    /** @return the target scaler fitted by the first {@code fit}, or {@code null} (none, or not yet fitted) */
    public StandardScaler targetScaler() {
        synchronized (net) {
            return targetScaler;
        }
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        return net.numParams();
    }

    /**
     * Trains on windows and their targets.
     *
     * @param train windows whose horizon equals the model's outputs
     * @param options epochs, batch size, shuffle seed and listeners (bucketing does not apply)
     * @return one result per epoch
     * @throws IllegalArgumentException when the windows do not match the model (see
     *     {@link #fit(double[][][], double[][], FitOptions)})
     */
    public List<EpochResult> fit(SlidingWindows train, FitOptions options) {
        return fit(train.windows(), train.targets(), options);
    }

    /**
     * Trains with mean squared error, shuffling the windows every epoch (the last partial batch is kept).
     * Listeners get {@link TrainingListener#onBatchEnd} after every batch and {@link TrainingListener#onEpochEnd}
     * after every epoch; the {@link EpochResult} holds the mean training loss per window over the epoch (in the
     * network's units: standardised when targets are standardised), {@code NaN} accuracy (not applicable) and
     * no validation metrics. A listener may call {@link #predict} or {@link #evaluate} on this model.
     *
     * @param windows training windows, {@code [window][time step][feature]}, raw feature units, all of the same
     *     length
     * @param targets {@code [window][output]}, raw units
     * @param options epochs, batch size, shuffle seed and listeners (bucketing does not apply)
     * @return one result per epoch
     * @throws IllegalArgumentException when there are no windows, counts differ, a window has the wrong number
     *     of features, lengths differ, a target row has the wrong number of outputs, a value is not finite, or a
     *     {@link TargetForm#RETURN} reference value is 0
     */
    public List<EpochResult> fit(double[][][] windows, double[][] targets, FitOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("training set is empty");
        }
        if (targets == null || targets.length != windows.length) {
            throw new IllegalArgumentException("got " + (targets == null ? "no" : Integer.toString(targets.length))
                    + " target rows for " + windows.length + " windows");
        }
        int n = windows.length;
        int steps = checkWindows(windows);
        int f = settings.features();
        int k = settings.outputs();
        float[] x = encode(windows, steps);
        double[] refs = references(windows);
        List<EpochResult> results = new ArrayList<>();
        synchronized (net) {
            double[][] y = new double[n][];
            for (int i = 0; i < n; i++) {
                if (targets[i] == null || targets[i].length != k) {
                    throw new IllegalArgumentException("target row " + i + " has "
                            + (targets[i] == null ? "no" : Integer.toString(targets[i].length))
                            + " values; this model predicts " + k);
                }
                for (int j = 0; j < k; j++) {
                    if (!Double.isFinite(targets[i][j])) {
                        throw new IllegalArgumentException("target " + i + "[" + j + "] is not finite: "
                                + targets[i][j]);
                    }
                }
                y[i] = new double[k];
                for (int j = 0; j < k; j++) {
                    y[i][j] = settings.targetForm().encode(targets[i][j], refs[i]);
                }
            }
            if (settings.standardizeTargets() && targetScaler == null) {
                targetScaler = StandardScaler.fit(y);
            }
            float[] yf = new float[n * k];
            for (int i = 0; i < n; i++) {
                double[] t = targetScaler == null ? y[i] : targetScaler.transform(y[i]);
                for (int j = 0; j < k; j++) {
                    yf[i * k + j] = (float) t[j];
                }
            }
            int per = f * steps;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random random = new Random(options.shuffleSeed());
            int batchSize = options.batchSize();
            int batches = (n + batchSize - 1) / batchSize;
            DirectRegressorStep direct = directStep();
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                long start = System.nanoTime();
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                double lossSum = 0;
                int seen = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int size = Math.min(batchSize, n - from);
                    float[] bx = new float[size * per];
                    float[] by = new float[size * k];
                    for (int r = 0; r < size; r++) {
                        int src = order[from + r];
                        System.arraycopy(x, src * per, bx, r * per, per);
                        System.arraycopy(yf, src * k, by, r * k, k);
                    }
                    INDArray in = FloatArrays.of(bx, size, f, steps);
                    INDArray out = direct != null ? null : FloatArrays.of(by, size, k);
                    try {
                        if (direct != null) {
                            lossSum += direct.fit(in, by, size) * size;
                        } else {
                            net.fit(new INDArray[] {in}, new INDArray[] {out});
                            lossSum += net.score() * size;
                        }
                    } finally {
                        release(in, out);
                    }
                    seen += size;
                    for (TrainingListener l : options.listeners()) {
                        l.onBatchEnd(epoch, b + 1, batches, lossSum / seen);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                EpochResult r = new EpochResult(epoch, lossSum / seen, Double.NaN, seconds, seen, null);
                results.add(r);
                for (TrainingListener l : options.listeners()) {
                    l.onEpochEnd(r);
                }
            }
        }
        return results;
    }

    /** @return the step {@code fit} trains through, or {@code null} for {@code ComputationGraph.fit} */
    private DirectRegressorStep directStep() {
        return directSteps ? DirectRegressorStep.of(net, settings) : null;
    }

    /** @return whether {@code fit} trains through {@link DirectRegressorStep} (tests) */
    boolean trainsDirectly() {
        return directStep() != null;
    }

    /**
     * @param window one window, {@code [time step][feature]}, raw feature units
     * @return its predictions, {@code [output]}, in target units
     * @throws IllegalArgumentException when the window has the wrong number of features or no rows
     */
    public double[] predict(double[][] window) {
        return predict(new double[][][] {window})[0];
    }

    /**
     * @param windows windows as made by {@link SlidingWindows}
     * @return predictions, {@code [window][output]}, in target units
     */
    public double[][] predict(SlidingWindows windows) {
        return predict(windows.windows());
    }

    /**
     * Predicts in batches.
     *
     * @param windows {@code [window][time step][feature]}, raw feature units, all of the same length
     * @return predictions, {@code [window][output]}, in target units
     * @throws IllegalArgumentException when there are no windows, a window has the wrong number of features,
     *     or lengths differ
     */
    public double[][] predict(double[][][] windows) {
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("no windows to predict");
        }
        int steps = checkWindows(windows);
        float[] x = encode(windows, steps);
        double[] refs = references(windows);
        int n = windows.length;
        int f = settings.features();
        int k = settings.outputs();
        int per = f * steps;
        double[][] out = new double[n][];
        for (int from = 0; from < n; from += PREDICT_BATCH) {
            int size = Math.min(PREDICT_BATCH, n - from);
            float[] bx = new float[size * per];
            System.arraycopy(x, from * per, bx, 0, size * per);
            float[][] p;
            INDArray in = FloatArrays.of(bx, size, f, steps);
            INDArray o = null;
            try {
                o = replicas.output(new INDArray[] {in}, null)[0];
                p = o.toFloatMatrix();
            } finally {
                release(in, o);
            }
            StandardScaler ts = targetScaler();
            for (int r = 0; r < size; r++) {
                double[] v = new double[k];
                for (int j = 0; j < k; j++) {
                    v[j] = p[r][j];
                }
                double[] t = ts == null ? v : ts.inverseTransform(v);
                for (int j = 0; j < k; j++) {
                    t[j] = settings.targetForm().decode(t[j], refs[from + r]);
                }
                out[from + r] = t;
            }
        }
        return out;
    }

    /**
     * @param windows windows with targets
     * @return R², MSE, RMSE and MAE, averaged over outputs when there are several
     */
    public RegressionMetrics evaluate(SlidingWindows windows) {
        return RegressionMetrics.of(windows.targets(), predict(windows));
    }

    /**
     * @param windows {@code [window][time step][feature]}
     * @param targets {@code [window][output]}
     * @return R², MSE, RMSE and MAE, averaged over outputs when there are several
     */
    public RegressionMetrics evaluate(double[][][] windows, double[][] targets) {
        return RegressionMetrics.of(targets, predict(windows));
    }

    /**
     * @param windows windows with targets
     * @return the metrics of each output (e.g. each forecast horizon), in output order
     */
    public List<RegressionMetrics> evaluatePerOutput(SlidingWindows windows) {
        return List.of(RegressionMetrics.perOutput(windows.targets(), predict(windows)));
    }

    /**
     * Frees the off-heap memory of arrays this class created. Needed because the examples and tests run with
     * {@code -Dorg.bytedeco.javacpp.nopointergc=true}, where garbage collection never frees ND4J buffers: without
     * this, 1,000 epochs of the book's model leak several GB.
     */
    private static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    /**
     * The reference value of each window for relative targets (raw units, all 0 with absolute targets), checked
     * before any network work.
     */
    private double[] references(double[][][] windows) {
        double[] refs = new double[windows.length];
        if (settings.targetForm() == TargetForm.ABSOLUTE) {
            return refs;
        }
        for (int i = 0; i < windows.length; i++) {
            refs[i] = windows[i][windows[i].length - 1][settings.targetFeature()];
            if (settings.targetForm() == TargetForm.RETURN && refs[i] == 0) {
                throw new IllegalArgumentException("window " + i + ": reference feature " + settings.targetFeature()
                        + " of its last row is 0, so a return over it is undefined");
            }
        }
        return refs;
    }

    /** Checks shapes; returns the common window length. */
    private int checkWindows(double[][][] windows) {
        int f = settings.features();
        int steps = -1;
        for (int i = 0; i < windows.length; i++) {
            double[][] w = windows[i];
            if (w == null || w.length == 0) {
                throw new IllegalArgumentException("window " + i + " has no rows");
            }
            if (steps < 0) {
                steps = w.length;
            } else if (w.length != steps) {
                throw new IllegalArgumentException("window " + i + " has " + w.length + " rows, window 0 has "
                        + steps + "; windows given together must have the same length");
            }
            for (int t = 0; t < w.length; t++) {
                if (w[t] == null || w[t].length != f) {
                    throw new IllegalArgumentException("window " + i + " row " + t + " has "
                            + (w[t] == null ? "no" : Integer.toString(w[t].length)) + " features; this model "
                            + "expects " + f);
                }
            }
        }
        return steps;
    }

    /** Scales (in double) and lays the windows out as float [window][feature][time step] (NCW). */
    private float[] encode(double[][][] windows, int steps) {
        int f = settings.features();
        int per = f * steps;
        float[] x = new float[windows.length * per];
        for (int i = 0; i < windows.length; i++) {
            for (int t = 0; t < steps; t++) {
                double[] row = featureScaler == null ? windows[i][t] : featureScaler.transform(windows[i][t]);
                for (int j = 0; j < f; j++) {
                    if (!Double.isFinite(row[j])) {
                        throw new IllegalArgumentException("window " + i + " row " + t + " feature " + j
                                + " is not finite: " + windows[i][t][j]);
                    }
                    x[i * per + j * steps + t] = (float) row[j];
                }
            }
        }
        return x;
    }

    /**
     * Writes the network (with its optimizer state), the scalers and the settings to one file, atomically.
     *
     * @param file the target file
     * @throws IOException on a write failure; an existing file is then left untouched
     */
    public void save(Path file) throws IOException {
        synchronized (net) {
            Map<String, String> texts = new HashMap<>();
            if (featureScaler != null) {
                texts.put(FEATURE_SCALER, featureScaler.toText());
            }
            if (targetScaler != null) {
                texts.put(TARGET_SCALER, targetScaler.toText());
            }
            ModelArchive.write(file, KIND, ModelArchive.toProperties(settings), net, texts);
        }
    }

    /**
     * Loads a regressor written by {@link #save(Path)}.
     *
     * @param file the model file
     * @return the regressor
     * @throws IOException when the file is missing, truncated, corrupt, of another kind or of a newer format
     */
    public static SequenceRegressor load(Path file) throws IOException {
        ModelArchive.Contents c = ModelArchive.read(file, KIND);
        Settings settings;
        try {
            settings = ModelArchive.fromProperties(Settings.class, c.header(), ADDED_SETTINGS);
        } catch (RuntimeException e) {
            throw new IOException("model file " + file + " has invalid settings (" + e + ")", e);
        }
        StandardScaler features = scaler(c, file, FEATURE_SCALER);
        StandardScaler targets = scaler(c, file, TARGET_SCALER);
        if (features != null && features.width() != settings.features()) {
            throw new IOException("model file " + file + " is corrupt: its feature scaler has width "
                    + features.width() + " but the model reads " + settings.features() + " features");
        }
        return new SequenceRegressor(settings, features, targets, c.network(file));
    }

    private static StandardScaler scaler(ModelArchive.Contents c, Path file, String entry) throws IOException {
        if (!c.entries().containsKey(entry)) {
            return null;
        }
        try {
            return StandardScaler.fromText(c.text(file, entry));
        } catch (IllegalArgumentException e) {
            throw new IOException("model file " + file + " is corrupt: " + entry + " (" + e.getMessage() + ")", e);
        }
    }

    /** Builder of {@link SequenceRegressor}; {@link #build()} validates every setting. */
    public static final class Builder extends LstmBuilder<Builder> {
        private final int features;
        private int outputs = 1;
        private int denseSize = 16;
        private boolean standardizeTargets;
        private TargetForm targetForm = TargetForm.ABSOLUTE;
        private int targetFeature = -1;
        private StandardScaler featureScaler;

        private Builder(int features) {
            super(16, 2, 0.01, 42); // LSTM 16, 2 layers (0 = feed-forward on the last row), Adam 0.01, seed 42
            this.features = features;
        }

        /** @param n numbers predicted per window (default 1) @return this builder */
        public Builder outputs(int n) {
            this.outputs = n;
            return this;
        }

        /** @param n units of the ReLU layer (default 16) @return this builder */
        public Builder denseSize(int n) {
            this.denseSize = n;
            return this;
        }

        /**
         * @param b standardise the targets with the first training set's mean and population standard deviation
         *     (default false: the book trains on raw prices)
         * @return this builder
         */
        public Builder standardizeTargets(boolean b) {
            this.standardizeTargets = b;
            return this;
        }

        /**
         * @param form what the network learns (default {@link TargetForm#ABSOLUTE}, the target itself)
         * @param feature index of the reference feature in the window's last row; ignored (-1) for
         *     {@code ABSOLUTE}
         * @return this builder
         */
        public Builder target(TargetForm form, int feature) {
            this.targetForm = form;
            this.targetFeature = form == TargetForm.ABSOLUTE ? -1 : feature;
            return this;
        }

        /**
         * @param scaler applied to every feature row before the network, e.g. fitted on the training rows; its
         *     width must equal the features; {@code null} = use features as given (default)
         * @return this builder
         */
        public Builder featureScaler(StandardScaler scaler) {
            this.featureScaler = scaler;
            return this;
        }

        /**
         * @return a freshly initialised regressor
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public SequenceRegressor build() {
            positive("features", features);
            positive("outputs", outputs);
            positive("denseSize", denseSize);
            checkShared(0);
            if (targetForm == null) {
                throw new IllegalArgumentException("target form must not be null");
            }
            if (targetForm != TargetForm.ABSOLUTE && (targetFeature < 0 || targetFeature >= features)) {
                throw new IllegalArgumentException("target feature must be in [0, " + features + "), got "
                        + targetFeature);
            }
            if (featureScaler != null && featureScaler.width() != features) {
                throw new IllegalArgumentException("featureScaler has width " + featureScaler.width()
                        + " but features is " + features);
            }
            Settings s = new Settings(features, outputs, lstmSize, layers, denseSize, dropout, learningRate, seed,
                    standardizeTargets, targetForm, targetFeature, fusedLstm, initialization);
            ComputationGraph net = initialise(new ComputationGraph(configuration(s)), 1);
            return new SequenceRegressor(s, featureScaler, null, net);
        }
    }

    /** windows [batch, features, steps] (NCW) -> LSTM x layers -> last step -> dense ReLU -> linear output. */
    private static ComputationGraphConfiguration configuration(Settings s) {
        var g = new NeuralNetConfiguration.Builder()
                .seed(NativeSeed.of(s.seed()))
                .dataType(DataType.FLOAT)
                .updater(new Adam(s.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("windows");
        String below = "windows";
        int width = s.features();
        for (int i = 0; i < s.layers(); i++) {
            LSTM.Builder lstm = LstmBuilder.lstmLayer(s.fusedLstm(), width, s.lstmSize()).dataFormat(RNNFormat.NCW);
            if (i > 0 && s.dropout() > 0) {
                lstm.dropOut(1 - s.dropout()); // DL4J takes the retain probability
            }
            g.addLayer("lstm" + i, lstm.build(), below);
            below = "lstm" + i;
            width = s.lstmSize();
        }
        g.addVertex("last", new LastTimeStepVertex("windows"), below);
        DenseLayer.Builder dense = new DenseLayer.Builder().nIn(width).nOut(s.denseSize())
                .activation(Activation.RELU);
        if (s.dropout() > 0 && s.layers() > 0) {
            dense.dropOut(1 - s.dropout());
        }
        return g.addLayer("dense", dense.build(), "last")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(s.denseSize())
                        .nOut(s.outputs()).activation(Activation.IDENTITY).build(), "dense")
                .setOutputs("out")
                .build();
    }
}
