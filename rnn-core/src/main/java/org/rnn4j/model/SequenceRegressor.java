package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.layers.FusedLstm;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;

/**
 * A many-to-one sequence regressor: stacked LSTM layers read a window of feature rows, the top layer's state
 * after the last row feeds a ReLU dense layer, and a linear output layer predicts one or more numbers (the
 * book's stock model, with {@code outputs(5)} a direct five-step forecast). Trained with mean squared
 * error and Adam.
 *
 * <pre>{@code
 * StandardScaler scaler = StandardScaler.fit(trainRows);               // training rows only
 * SequenceRegressor model = SequenceRegressor.builder(37).featureScaler(scaler).build();   // the book's sizes
 * model.fit(trainWindows, null, FitOptions.builder().epochs(1000).batchSize(128).build());   // no validation
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
 * would get. Predictions run in parallel, not one at a time: one window runs in plain Java over a read-only float
 * copy of the weights (made on first use after training), and many windows run in batches, each concurrent call on
 * its own lightweight copy of the network that shares this model's weights. {@code fit} must not run concurrently with anything else on the same instance: a prediction made
 * during training may see half-updated weights.
 */
public final class SequenceRegressor extends NetworkModel<RegressorStepper>
        implements SequenceModel<SlidingWindows, RegressionMetrics> {
    static final String KIND = "sequence-regressor";
    private static final int PREDICT_BATCH = 1024;

    private Settings settings;
    private final StandardScaler featureScaler;
    private final List<String> featureNames;
    private StandardScaler targetScaler;
    private final NetworkReplicas replicas;
    private final WindowCodec windowCodec;
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
     * @param windowLength rows per window that the model reads, fixed by the builder or by the first {@code fit};
     *     0 = not fixed yet (and in files written before this setting existed, which accept any length)
     * @param cell the recurrent cell of every recurrent layer (files written before this setting existed: LSTM)
     */
    public record Settings(int features, int outputs, int lstmSize, int layers, int denseSize, double dropout,
                           double learningRate, long seed, boolean standardizeTargets, TargetForm targetForm,
                           int targetFeature, boolean fusedLstm, Initialization initialization, int windowLength,
                           Cell cell) {
        Settings withWindowLength(int length) {
            return new Settings(features, outputs, lstmSize, layers, denseSize, dropout, learningRate, seed,
                    standardizeTargets, targetForm, targetFeature, fusedLstm, initialization, length, cell);
        }
    }

    SequenceRegressor(Settings settings, StandardScaler featureScaler, StandardScaler targetScaler,
                              List<String> featureNames, ComputationGraph net, long trainedSteps) {
        super(net, trainedSteps);
        this.featureNames = List.copyOf(featureNames);
        this.settings = settings;
        this.featureScaler = featureScaler;
        this.targetScaler = targetScaler;
        this.replicas = new NetworkReplicas(net);
        this.windowCodec = new WindowCodec(settings.features(), settings.targetForm(), settings.targetFeature(),
                featureScaler);
    }

    /**
     * @param features values per time step
     * @return a builder with the book's sizes: 2 LSTM layers of 16, dense 16, one output, Adam 0.01
     */
    public static Builder builder(int features) {
        return new Builder(features);
    }

    /** @return the hyperparameters (the window length is fixed by the first {@code fit}) */
    public Settings settings() {
        synchronized (net) {
            return settings;
        }
    }

    /** @return the scaler applied to every feature row, or {@code null} when the features are used as given */
    public StandardScaler featureScaler() {
        return featureScaler;
    }

    /**
     * @return the names of the features, in input order, as given to the builder (the model file keeps them); empty
     *     when none were given
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /** @return the target scaler fitted by the first {@code fit}, or {@code null} (none, or not yet fitted) */
    public StandardScaler targetScaler() {
        synchronized (net) {
            return targetScaler;
        }
    }

    /**
     * Trains with mean squared error, shuffling the windows every epoch in an order drawn from the model's seed
     * (the last partial batch is kept). Each {@link EpochResult} holds the mean training loss per window (in the
     * network's units: standardised when targets are standardised), {@code NaN} accuracy, and, when a validation
     * set is given, its {@link RegressionMetrics} in target units (early stopping watches their MSE). The first
     * {@code fit} fixes the model's window length, which the model file stores.
     *
     * @param train training windows and targets; the horizon must equal the model's outputs
     * @param validation windows scored after every epoch, or {@code null}
     * @param options epochs, batch size, early stopping and listeners; {@code stepsPerEpoch} and bucketing do not
     *     apply
     * @return one result per epoch trained
     * @throws IllegalArgumentException when the windows do not match the model or an option does not apply (see
     *     {@link #fit(double[][][], double[][], FitOptions)})
     */
    @Override
    public List<EpochResult> fit(SlidingWindows train, SlidingWindows validation, FitOptions options) {
        TrainingLoop.checkOptions(options, validation != null);
        if (train == null) {
            throw new IllegalArgumentException("training set is empty");
        }
        return train(train.windows(), train.targets(), validation, options);
    }

    /**
     * Trains on windows given as arrays, without a validation set.
     *
     * @param windows training windows, {@code [window][time step][feature]}, raw feature units, all of the same
     *     length (the model's window length once it has one)
     * @param targets {@code [window][output]}, raw units
     * @param options epochs, batch size, early stopping and listeners
     * @return one result per epoch trained
     * @throws IllegalArgumentException when there are no windows, counts differ, a window has the wrong number
     *     of features or rows, a target row has the wrong number of outputs, a value is not finite, a
     *     {@link TargetForm#RETURN} reference value is 0, or an option does not apply
     */
    public List<EpochResult> fit(double[][][] windows, double[][] targets, FitOptions options) {
        TrainingLoop.checkOptions(options, false);
        return train(windows, targets, null, options);
    }

    private List<EpochResult> train(double[][][] windows, double[][] targets, SlidingWindows validation,
                                    FitOptions options) {
        if (options.stepsPerEpoch() > 0) {
            throw new IllegalArgumentException("stepsPerEpoch does not apply to SequenceRegressor: an epoch is one "
                    + "pass over the training windows");
        }
        if (options.bucketing(false)) {
            throw new IllegalArgumentException("bucketing does not apply to SequenceRegressor: its windows all "
                    + "have one length");
        }
        synchronized (net) {
            Encoded e = encodeForTraining(windows, targets, validation);
            return TrainingLoop.run(this, new RegressorTask(this, e.x(), e.y(), e.n(), e.steps(), validation,
                    options.batchSize()), options);
        }
    }

    /**
     * Training windows and targets as the network reads them: {@code x} holds {@code n} windows of
     * {@code features x steps} values (feature-major), {@code y} {@code n} rows of {@code outputs} values.
     */
    record Encoded(float[] x, float[] y, int n, int steps) {
    }

    /**
     * Checks and encodes training windows; the first call fixes the window length and fits the target scaler, as
     * the first {@code fit} does. Called with the network locked.
     */
    Encoded encodeForTraining(double[][][] windows, double[][] targets, SlidingWindows validation) {
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("training set is empty");
        }
        if (targets == null || targets.length != windows.length) {
            throw new IllegalArgumentException("got " + (targets == null ? "no" : Integer.toString(targets.length))
                    + " target rows for " + windows.length + " windows");
        }
        int n = windows.length;
        int steps = windowCodec.checkWindows(windows, settings.windowLength());
        if (validation != null) {
            windowCodec.checkWindows(validation.windows(), steps);
        }
        float[] x = windowCodec.encode(windows, steps);
        double[][] y = windowCodec.encodeTargets(targets, windowCodec.references(windows), settings.outputs());
        if (settings.windowLength() == 0) {
            settings = settings.withWindowLength(steps);
        }
        if (settings.standardizeTargets() && targetScaler == null) {
            targetScaler = StandardScaler.fit(y);
        }
        int k = settings.outputs();
        float[] yf = new float[n * k];
        for (int i = 0; i < n; i++) {
            double[] t = targetScaler == null ? y[i] : targetScaler.transform(y[i]);
            for (int j = 0; j < k; j++) {
                yf[i * k + j] = (float) t[j];
            }
        }
        return new Encoded(x, yf, n, steps);
    }

    /** @return the step {@code fit} trains through, or {@code null} for {@code ComputationGraph.fit} */
    DirectRegressorStep directStep() {
        return directSteps ? DirectRegressorStep.of(net, settings) : null;
    }

    /** @return whether {@code fit} trains through {@link DirectRegressorStep} (tests) */
    boolean trainsDirectly() {
        return directStep() != null;
    }

    /**
     * Predicts one window in plain Java over a float copy of the weights ({@link RegressorStepper}, made on first
     * use and again after training), with the batch path's scaling and decoding; the two agree to float rounding.
     *
     * @param window one window, {@code [time step][feature]}, raw feature units
     * @return its predictions, {@code [output]}, in target units
     * @throws IllegalArgumentException when the window has the wrong number of features or no rows
     */
    public double[] predict(double[][] window) {
        double[][][] one = {window};
        int steps = windowCodec.checkWindows(one, settings().windowLength());
        double ref = windowCodec.references(one)[0];
        RegressorStepper s;
        StandardScaler ts;
        synchronized (net) {
            s = inferenceCopy();
            ts = targetScaler;
        }
        float[] p = s.predict(windowCodec.encode(one, steps), steps);
        double[] v = new double[p.length];
        for (int j = 0; j < p.length; j++) {
            v[j] = p[j];
        }
        return windowCodec.decode(ts == null ? v : ts.inverseTransform(v), ref);
    }

    @Override
    RegressorStepper newInferenceCopy() {
        return new RegressorStepper(net, settings);
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
        int steps = windowCodec.checkWindows(windows, settings().windowLength());
        float[] x = windowCodec.encode(windows, steps);
        double[] refs = windowCodec.references(windows);
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
                FloatArrays.release(in, o);
            }
            StandardScaler ts = targetScaler();
            for (int r = 0; r < size; r++) {
                double[] v = new double[k];
                for (int j = 0; j < k; j++) {
                    v[j] = p[r][j];
                }
                out[from + r] = windowCodec.decode(ts == null ? v : ts.inverseTransform(v), refs[from + r]);
            }
        }
        return out;
    }

    /**
     * @param windows windows with targets
     * @return R², MSE, RMSE and MAE, averaged over outputs when there are several
     */
    @Override
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
     * Writes the network (with its optimizer state), the scalers and the settings to one file, atomically.
     *
     * @param file the target file
     * @throws IOException on a write failure; an existing file is then left untouched
     */
    @Override
    public void save(Path file) throws IOException {
        synchronized (net) {
            write(file, KIND, ModelArchive.toProperties(settings),
                    RegressorFile.entries(featureScaler, targetScaler, featureNames));
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
        return RegressorFile.read(file);
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
        private List<String> featureNames = List.of();
        private int windowLength;

        private Builder(int features) {
            super(16, 2, 0.01); // LSTM 16, 2 layers (0 = feed-forward on the last row), Adam 0.01
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
         * @param names the features' names, in input order, one per feature; the model file keeps them so that a
         *     program that loads it can check its input columns (default: none)
         * @return this builder
         */
        public Builder featureNames(List<String> names) {
            this.featureNames = names == null ? List.of() : List.copyOf(names);
            return this;
        }

        /**
         * @param rows rows per window the model reads; 0 (the default) = the length of the first training windows
         * @return this builder
         */
        public Builder windowLength(int rows) {
            this.windowLength = rows;
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
            if (!featureNames.isEmpty() && featureNames.size() != features) {
                throw new IllegalArgumentException("featureNames has " + featureNames.size() + " names but features is "
                        + features);
            }
            if (windowLength < 0) {
                throw new IllegalArgumentException("windowLength must be >= 0 (0 = that of the first training "
                        + "windows), got " + windowLength);
            }
            Settings s = new Settings(features, outputs, lstmSize, layers, denseSize, dropout, learningRate, seed,
                    standardizeTargets, targetForm, targetFeature, fusedLstm, initialization, windowLength, cell);
            ComputationGraph net = initialise(new ComputationGraph(Networks.regressor(s)), 1);
            return new SequenceRegressor(s, featureScaler, null, featureNames, net, 0);
        }
    }
}
