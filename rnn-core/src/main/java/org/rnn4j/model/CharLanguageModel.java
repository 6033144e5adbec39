package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.layers.EmbeddingInput;
import org.rnn4j.layers.FusedLstm;
import org.rnn4j.metrics.LanguageModelMetrics;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;

/**
 * A character-level language model, many-to-many and synced (the book's third project): characters -> embedding -> stacked
 * LSTM layers -> a softmax over the vocabulary at every time step, predicting the next character.
 *
 * <pre>{@code
 * TextCorpus corpus = TextCorpus.warAndPeace(DataHome.fromEnvironment());
 * CharLanguageModel model = CharLanguageModel.builder(CharVocabulary.of(corpus.text())).build();   // the book's
 * model.fit(corpus.training(), corpus.heldOut(), FitOptions.builder().epochs(20).stepsPerEpoch(500)
 *         .batchSize(64).listener(new Checkpoint(Path.of("chargen.ckpt"))).build());   // 10,000 steps
 * System.out.println(model.generate("the emperor", 500, Sampling.builder().temperature(0.8).seed(1).build()));
 * }</pre>
 *
 * <p><b>Training</b> (as the book's): each step draws {@code batchSize} windows of {@code sequenceLength + 1}
 * characters at random offsets of the training text (stride 1, so every offset is a possible window), starts
 * from a zero state, and takes one Adam step on the cross-entropy of all {@code sequenceLength} predictions
 * (full backpropagation through time). The windows of step {@code s}, and the dropout masks, come from
 * generators seeded with a function of the model's seed and {@code s} only, so the random-number state of
 * training is the step counter: a run resumed from a checkpoint draws exactly the batches the uninterrupted run
 * would have drawn, and reaches the same weights.
 *
 * <p><b>Checkpoints</b> ({@link #save(Path)}, and after epochs with a {@link org.rnn4j.training.Checkpoint}
 * listener) hold the network, Adam's state, the vocabulary, the settings and the number of steps trained, written
 * to a temporary file and renamed, so a killed run leaves the previous checkpoint intact. {@link #load(Path)} and
 * {@code fit} continue where it stopped.
 *
 * <p><b>LSTM layers</b> are {@link FusedLstm} by default: DL4J's LSTM (same parameter layout, initialisation and
 * Adam state) computed with fewer and larger native calls, about twice as fast to train on a CPU. Files written
 * before that option existed hold DL4J LSTM layers and load and resume with them.
 *
 * <p><b>Generation</b> feeds the prefix once and then one character per step, carrying the LSTM state; the
 * prefix is never recomputed. It runs in plain Java on a copy of the weights (made on first use after training),
 * not through DL4J, whose per-call overhead dominates one-character steps; the result is the network's (tested
 * against it), and any number of threads may generate at once. Probabilities and cross-entropy lock the network,
 * so they run one at a time; training must not overlap any of them.
 */
public final class CharLanguageModel extends NetworkModel<CharStepper>
        implements SequenceModel<String, LanguageModelMetrics> {
    static final String KIND = "char-language-model";
    private static final String CHARACTERS = "characters.txt";
    /** The settings key added with {@link Settings#fusedLstm()}; absent from older files (DL4J LSTMs). */
    private static final String FUSED_LSTM = "fusedLstm";
    private static final int EVAL_BATCH = 64;

    private final Settings settings;
    private final CharVocabulary vocabulary;

    /**
     * The model's hyperparameters.
     *
     * @param embeddingSize character embedding dimension
     * @param lstmSize units per LSTM layer
     * @param layers stacked LSTM layers
     * @param dropout dropout rate on the input of every LSTM layer above the first and of the output layer
     * @param learningRate Adam learning rate
     * @param seed seed of the weights, the training batches and the dropout masks
     * @param sequenceLength characters per training window (predictions per window)
     * @param fusedLstm whether the LSTM layers are {@link FusedLstm} (the same layer as DL4J's LSTM, computed with
     *     fewer and larger native calls) rather than DL4J's {@code LSTM}; files written before this setting existed
     *     hold DL4J LSTMs and load with {@code false}
     * @param initialization how the weights started (files written before this setting existed: DL4J)
     * @param cell the recurrent cell of every recurrent layer (files written before this setting existed: LSTM)
     */
    public record Settings(int embeddingSize, int lstmSize, int layers, double dropout, double learningRate,
                           long seed, int sequenceLength, boolean fusedLstm, Initialization initialization,
                           Cell cell) {
    }

    private CharLanguageModel(Settings settings, CharVocabulary vocabulary, ComputationGraph net, long trainedSteps) {
        super(net, trainedSteps);
        this.settings = settings;
        this.vocabulary = vocabulary;
        useEmbeddingShortcut(net);
    }

    /**
     * The first recurrent layer reads the embedding directly, without mask or dropout, so the fused layers' shortened
     * input gradient is exact there ({@link EmbeddingInput#setEmbeddingInput}); set on every model, files written
     * before the setting too.
     */
    private static void useEmbeddingShortcut(ComputationGraph net) {
        var lstm0 = net.getLayer("lstm0");
        if (lstm0 != null && lstm0.conf().getLayer() instanceof EmbeddingInput first) {
            first.setEmbeddingInput(true);
        }
    }

    /**
     * @param vocabulary the characters the model reads and writes
     * @return a builder with the book's sizes: embedding 256, one LSTM of 512, no dropout, Adam 0.003, windows
     *     of 40; the LSTM is a {@link FusedLstm} (see {@link Builder#fusedLstm(boolean)})
     */
    public static Builder builder(CharVocabulary vocabulary) {
        return new Builder(vocabulary);
    }

    /** @return the hyperparameters */
    public Settings settings() {
        return settings;
    }

    /** @return the character vocabulary */
    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Trains {@link FitOptions#epochs()} epochs of {@link FitOptions#stepsPerEpoch()} steps, continuing from
     * {@link #trainedSteps()}, and measures the held-out cross-entropy after every epoch.
     *
     * @param training training text (every character must be in the vocabulary)
     * @param heldOut held-out text scored after every epoch (at least two characters), or {@code null}
     * @param options epochs, steps per epoch (required: the model draws random windows), batch size, early
     *     stopping and listeners (e.g. a {@link org.rnn4j.training.Checkpoint}); bucketing does not apply
     * @return one result per epoch trained
     * @throws IllegalArgumentException when a text is too short or holds characters outside the vocabulary, or an
     *     option does not apply
     */
    @Override
    public List<EpochResult> fit(String training, String heldOut, FitOptions options) {
        TrainingLoop.checkOptions(options, heldOut != null);
        if (options.stepsPerEpoch() == 0) {
            throw new IllegalArgumentException("CharLanguageModel draws random windows, so an epoch has no natural "
                    + "length: set stepsPerEpoch (e.g. 500, and 20 epochs for the book's 10,000 steps)");
        }
        if (options.bucketing(false)) {
            throw new IllegalArgumentException("bucketing does not apply to CharLanguageModel: its windows all "
                    + "have one length");
        }
        int[] train = encodeChecked("training text", training, settings.sequenceLength() + 1);
        int[] valid = heldOut == null ? null : encodeChecked("held-out text", heldOut, 2);
        return TrainingLoop.run(this, new LanguageModelTask(this, train, valid, options), options);
    }

    long stepSeed(long step) {
        return settings.seed() * 0x9E3779B97F4A7C15L + step;
    }

    private int[] encodeChecked(String what, String text, int minLength) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is " + (text == null ? "null" : "empty"));
        }
        int[] ids = vocabulary.encode(text);
        if (ids.length < minLength) {
            throw new IllegalArgumentException("the " + what + " has " + ids.length + " characters; it needs at least "
                    + minLength + (minLength > 2 ? " (one window of " + settings.sequenceLength()
                    + " characters plus the next one)" : ""));
        }
        return ids;
    }

    /**
     * The model's cross-entropy on a text: the text is cut into consecutive windows of {@code sequenceLength}
     * predictions, each read from a zero state (as in training), and every character after the first is
     * predicted from the ones before it in its window.
     *
     * @param text at least two characters, all in the vocabulary
     * @return the mean nats (and bits) per predicted character
     * @throws IllegalArgumentException when the text is too short or holds unknown characters
     */
    @Override
    public LanguageModelMetrics evaluate(String text) {
        int[] ids = encodeChecked("text", text, 2);
        return new LanguageModelMetrics(ids.length - 1, crossEntropy(ids));
    }

    /**
     * The model's cross-entropy on a text read as one stream: the LSTM state starts at zero before the first
     * character and is carried to the last, so every character after the first is predicted from all the text
     * before it. This is how char-rnn and Karpathy et al. (2015) score held-out text; {@link #crossEntropy} reads
     * windows of {@code sequenceLength} from a zero state instead, as training does, and so gives each window's
     * first characters little context. Runs one character at a time on the generator's path (about a third of a
     * millisecond per character for the book's model).
     *
     * @param text at least two characters, all in the vocabulary
     * @return mean nats per predicted character (divide by ln 2 for bits)
     * @throws IllegalArgumentException when the text is too short or holds unknown characters
     */
    public double streamingCrossEntropy(String text) {
        int[] ids = encodeChecked("text", text, 2);
        CharStepper.State state = inferenceCopy().newState();
        double sum = 0;
        for (int i = 0; i + 1 < ids.length; i++) {
            float[] logits = state.feed(ids[i]);
            double max = Double.NEGATIVE_INFINITY;
            for (float z : logits) {
                max = Math.max(max, z);
            }
            double total = 0;
            for (float z : logits) {
                total += Math.exp(z - max);
            }
            sum += max + Math.log(total) - logits[ids[i + 1]];
        }
        return sum / (ids.length - 1);
    }

    double crossEntropy(int[] ids) {
        int t = settings.sequenceLength();
        int windows = (ids.length - 1 + t - 1) / t;
        int full = (ids.length - 1) / t;
        double sum = 0;
        for (int w0 = 0; w0 < full; w0 += EVAL_BATCH) {
            sum += windowLoss(ids, w0, Math.min(EVAL_BATCH, full - w0), t);
        }
        if (windows > full) {
            sum += windowLoss(ids, full, 1, ids.length - 1 - full * t);
        }
        return sum / (ids.length - 1);
    }

    /** Summed negative log-likelihood of {@code count} windows of {@code len} predictions from window w0. */
    private double windowLoss(int[] ids, int w0, int count, int len) {
        int t = settings.sequenceLength();
        float[] f = new float[count * len];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < len; j++) {
                f[i * len + j] = ids[(w0 + i) * t + j];
            }
        }
        float[] p = probabilities(Nd4j.create(f, new long[]{count, len}, 'c'));
        int v = vocabulary.size();
        double sum = 0;
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < len; j++) {
                sum -= Math.log(Math.max(p[(i * v + ids[(w0 + i) * t + j + 1]) * len + j], Float.MIN_NORMAL));
            }
        }
        return sum;
    }

    /** Softmax outputs of a [batch, time] input, as a c-order [batch][vocabulary][time] array. */
    private float[] probabilities(INDArray input) {
        synchronized (net) {
            return net.output(false, input)[0].dup('c').data().asFloat();
        }
    }

    /**
     * The model's next-character distribution after a text, computed over the whole text at once.
     *
     * @param text a non-empty text of vocabulary characters
     * @return one probability per vocabulary index
     */
    public float[] nextCharProbabilities(String text) {
        int[] ids = encodeChecked("text", text, 1);
        float[] p = probabilities(Nd4j.create(toFloats(ids), new long[]{1, ids.length}, 'c'));
        return column(p, ids.length, ids.length - 1);
    }

    /** Step-by-step counterpart of {@link #nextCharProbabilities}: one network call per character. */
    float[][] stepwiseProbabilities(String text) {
        int[] ids = encodeChecked("text", text, 1);
        float[][] out = new float[ids.length][];
        synchronized (net) {
            net.rnnClearPreviousState();
            for (int i = 0; i < ids.length; i++) {
                out[i] = step(ids[i]);
            }
            net.rnnClearPreviousState();
        }
        return out;
    }

    /**
     * Continues a prefix. The prefix is fed once, then each next character is drawn from the model's
     * distribution as the sampling says, and fed back, carrying the LSTM state.
     *
     * @param prefix the start of the text, non-empty, vocabulary characters only
     * @param length characters to generate, {@code >= 0}
     * @param sampling temperature, top-k, top-p and seed
     * @return the prefix followed by the generated characters
     * @throws IllegalArgumentException naming an empty prefix, an unknown character or a negative length
     */
    public String generate(String prefix, int length, Sampling sampling) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling must not be null (use Sampling.book() for the book's)");
        }
        int[] ids = encodeChecked("prefix", prefix, 1);
        StringBuilder out = new StringBuilder(prefix);
        SplittableRandom random = sampling.newRandom();
        CharStepper.State state = inferenceCopy().newState();
        float[] logits = null;
        for (int id : ids) {
            logits = state.feed(id);
        }
        for (int k = 0; k < length; k++) {
            int next = sampling.sample(logits, random);
            out.appendCodePoint(vocabulary.codePoint(next));
            if (k + 1 < length) {
                logits = state.feed(next);
            }
        }
        return out.toString();
    }

    /** Logits of the next character after each character of a text, fed one at a time by the generator. */
    float[][] generatorLogits(String text) {
        int[] ids = encodeChecked("text", text, 1);
        CharStepper.State state = inferenceCopy().newState();
        float[][] out = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = state.feed(ids[i]).clone();
        }
        return out;
    }

    @Override
    CharStepper newInferenceCopy() {
        return new CharStepper(net, vocabulary.size(), settings.embeddingSize(), settings.lstmSize(),
                settings.layers());
    }

    /** Feeds one character, carrying the state; the caller holds the lock. */
    private float[] step(int id) {
        return net.rnnTimeStep(Nd4j.create(new float[]{id}, new long[]{1, 1}, 'c'))[0].data().asFloat();
    }

    private float[] column(float[] p, int len, int t) {
        float[] c = new float[vocabulary.size()];
        for (int k = 0; k < c.length; k++) {
            c[k] = p[k * len + t];
        }
        return c;
    }

    private static float[] toFloats(int[] ids) {
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            f[i] = ids[i];
        }
        return f;
    }

    /**
     * Writes a checkpoint: network, Adam state, vocabulary, settings and steps trained, atomically.
     *
     * @param file the target file
     * @throws IOException on a write failure; an existing file is then left untouched
     */
    @Override
    public void save(Path file) throws IOException {
        String chars = Arrays.stream(vocabulary.codePoints()).mapToObj(Integer::toHexString)
                .collect(Collectors.joining("\n", "", "\n"));
        write(file, KIND, ModelArchive.toProperties(settings), Map.of(CHARACTERS, chars));
    }

    /**
     * The same model with the other LSTM implementation: {@link FusedLstm} layers or DL4J's {@code LSTM}. The two
     * have the same parameter and Adam-state layout, so the copy takes this model's parameters, optimizer state,
     * iteration count and trained steps as they are, predicts the same (to float rounding) and continues training
     * where this one stopped. Typical use: resume a checkpoint written with DL4J's LSTM on the faster layer.
     *
     * @param fused {@code true} for {@link FusedLstm} layers
     * @return this model when it already uses that implementation, otherwise a new one (this one is unchanged)
     */
    public CharLanguageModel withFusedLstm(boolean fused) {
        if (fused == settings.fusedLstm()) {
            return this;
        }
        if (!fused && settings.cell() != Cell.LSTM) {
            throw new IllegalArgumentException("this model's cell is " + settings.cell() + "; DL4J's LSTM layer "
                    + "(fusedLstm false) exists for the LSTM only");
        }
        Settings s = new Settings(settings.embeddingSize(), settings.lstmSize(), settings.layers(), settings.dropout(),
                settings.learningRate(), settings.seed(), settings.sequenceLength(), fused, settings.initialization(),
                settings.cell());
        ComputationGraph copy = new ComputationGraph(Networks.languageModel(s, vocabulary.size()));
        synchronized (net) {
            copy.init(net.params().dup(), false);
            copy.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
            copy.getConfiguration().setIterationCount(net.getConfiguration().getIterationCount());
            copy.getConfiguration().setEpochCount(net.getConfiguration().getEpochCount());
        }
        return new CharLanguageModel(s, vocabulary, copy, trainedSteps());
    }

    /**
     * Loads a model or checkpoint written by {@link #save(Path)}.
     *
     * @param file the file
     * @return the model, ready to generate or to continue training
     * @throws IOException when the file is missing, truncated, corrupt, of another kind or of a newer format
     */
    public static CharLanguageModel load(Path file) throws IOException {
        ModelArchive.Contents c = ModelArchive.read(file, KIND);
        Settings settings;
        CharVocabulary vocabulary;
        long steps;
        try {
            // written before the setting existed: DL4J's LSTM
            settings = ModelArchive.fromProperties(Settings.class, c.header(), Map.of(FUSED_LSTM, "false",
                    "initialization", Initialization.DL4J.name(), "cell", Cell.LSTM.name()));
            steps = trainedSteps(c.header());
            vocabulary = CharVocabulary.ofCodePoints(c.text(file, CHARACTERS).lines()
                    .mapToInt(s -> Integer.parseInt(s, 16)).toArray());
        } catch (RuntimeException e) {
            throw new IOException("model file " + file + " has invalid settings or characters (" + e + ")", e);
        }
        return new CharLanguageModel(settings, vocabulary, c.network(file), steps);
    }

    /** Builder of {@link CharLanguageModel}; {@link #build()} validates every setting. */
    public static final class Builder extends LstmBuilder<Builder> {
        private final CharVocabulary vocabulary;
        private int embeddingSize = 256;
        private int sequenceLength = 40;

        private Builder(CharVocabulary vocabulary) {
            super(512, 1, 0.003); // LSTM 512, 1 layer, Adam 0.003
            this.vocabulary = vocabulary;
        }

        /** @param n embedding dimension (default 256) @return this builder */
        public Builder embeddingSize(int n) {
            this.embeddingSize = n;
            return this;
        }

        /** @param n characters per training window (default 40) @return this builder */
        public Builder sequenceLength(int n) {
            this.sequenceLength = n;
            return this;
        }

        /**
         * @return a freshly initialised model
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public CharLanguageModel build() {
            if (vocabulary == null) {
                throw new IllegalArgumentException("vocabulary must not be null");
            }
            if (vocabulary.size() < 2) {
                throw new IllegalArgumentException("the text has " + vocabulary.size() + " distinct character"
                        + (vocabulary.size() == 1 ? "" : "s") + "; a language model needs at least 2 to choose from");
            }
            positive("embeddingSize", embeddingSize);
            positive("sequenceLength", sequenceLength);
            checkShared(1);
            Settings s = new Settings(embeddingSize, lstmSize, layers, dropout, learningRate, seed, sequenceLength,
                    fusedLstm, initialization, cell);
            ComputationGraph net = initialise(new ComputationGraph(Networks.languageModel(s, vocabulary.size())), 1);
            return new CharLanguageModel(s, vocabulary, net, 0);
        }
    }
}
