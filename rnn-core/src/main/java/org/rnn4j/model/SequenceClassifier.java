package org.rnn4j.model;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.PaddedBatch;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.text.ReviewTokenizer;
import org.rnn4j.text.Tokenizer;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingLoop;

/**
 * A many-to-one binary text classifier: embedding, one or more (optionally bidirectional) LSTM layers, the
 * state after each text's last real token, a ReLU dense layer and a sigmoid output (the book's sentiment
 * model).
 *
 * <pre>{@code
 * Vocabulary vocab = SequenceClassifier.vocabularyOf(train);
 * SequenceClassifier model = SequenceClassifier.builder(vocab).build();   // the book's sizes
 * model.fit(train, validation, FitOptions.builder().epochs(10).earlyStopping(2).build());   // validation may be null
 * double p = model.predictProbability("a wonderful, moving film");
 * String label = model.predictClass("a wonderful, moving film");   // "positive" unless classNames(...) says
 * model.save(Path.of("sentiment.rnn4j"));
 * }</pre>
 *
 * <p>Texts are tokenized with {@link ReviewTokenizer} and padded batches carry masks, so a padded text scores
 * exactly as it would alone.
 *
 * <p>The two classes have names, kept in the model file: "negative" (0) and "positive" (1) unless the builder's
 * {@link Builder#classNames(String, String)} says otherwise (e.g. "bad" and "good" for support tickets). The
 * probabilities are always those of class 1.
 *
 * <p><b>Thread safety.</b> {@link #predictProbability}, {@link #predictProbabilities}, {@link #evaluate} and
 * {@link #save} may be called from any number of threads at once on one shared instance (e.g. a web server's
 * request threads), and return exactly what a single thread would get. Predictions run in parallel, not one
 * at a time: one text ({@link #predictProbability}) runs in plain Java over a read-only float copy of the weights
 * (made on first use after training), and many texts run in batches, each concurrent call on its own lightweight
 * copy of the network that shares this model's weights. {@code fit} must not run
 * concurrently with anything else on the same instance: a prediction made during training may see
 * half-updated weights.
 */
public final class SequenceClassifier extends NetworkModel<ClassifierStepper>
        implements SequenceModel<List<LabeledText>, BinaryMetrics> {
    static final String KIND = "sequence-classifier";
    private static final String VOCABULARY = "vocabulary.txt";
    /** The class names, one a line, 0's first; files written before it existed have none (the defaults). */
    private static final String CLASSES = "classes.txt";
    /** The names of classes 0 and 1 unless the builder names them. */
    public static final List<String> DEFAULT_CLASS_NAMES = List.of("negative", "positive");
    private static final int PREDICT_BATCH = 64;

    private final Settings settings;
    private final Vocabulary vocabulary;
    private final List<String> classNames;
    private final Tokenizer tokenizer = ReviewTokenizer.INSTANCE;
    private final NetworkReplicas replicas;

    /**
     * The model's hyperparameters.
     *
     * @param embeddingSize embedding dimension
     * @param lstmSize LSTM units per direction
     * @param layers stacked LSTM layers
     * @param bidirectional whether each LSTM layer also reads the text backwards
     * @param denseSize units of the ReLU layer before the output
     * @param dropout dropout rate on the LSTM output, in [0, 1)
     * @param learningRate Adam learning rate
     * @param seed seed of the weight initialisation
     * @param maxLength longer texts keep their last {@code maxLength} tokens (training and prediction); 0 = no
     *     truncation
     * @param maxTokens texts longer than this (after truncation) are rejected with an error
     * @param fusedLstm whether the LSTM layers are {@link org.rnn4j.layers.FusedLstm} rather than DL4J's
     *     {@code LSTM} (the same function; files written before this setting existed hold DL4J's)
     * @param embeddingInitStd standard deviation of the normal initial embedding vectors; 0 = Xavier (DL4J's
     *     default, or 1 under {@link Initialization#PYTORCH})
     * @param initialization how the weights started (files written before this setting existed: DL4J)
     * @param cell the recurrent cell of every recurrent layer (files written before this setting existed: LSTM)
     */
    public record Settings(int embeddingSize, int lstmSize, int layers, boolean bidirectional, int denseSize,
                           double dropout, double learningRate, long seed, int maxLength, int maxTokens,
                           boolean fusedLstm, double embeddingInitStd, Initialization initialization,
                           Cell cell) {
    }

    private SequenceClassifier(Settings settings, Vocabulary vocabulary, List<String> classNames, ComputationGraph net,
                               long trainedSteps) {
        super(net, trainedSteps);
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.classNames = classNames;
        this.replicas = new NetworkReplicas(net);
    }

    /**
     * @param vocabulary the word vocabulary; its size sets the embedding's rows
     * @return a builder with the book's sizes: embedding 32, LSTM 50, 1 layer, dense 32, Adam 0.003
     */
    public static Builder builder(Vocabulary vocabulary) {
        return new Builder(vocabulary);
    }

    /**
     * Builds the book's vocabulary from training texts: every token of every text, most frequent first.
     *
     * @param train the training texts
     * @return the vocabulary
     */
    public static Vocabulary vocabularyOf(List<LabeledText> train) {
        Vocabulary.Builder b = Vocabulary.builder();
        for (LabeledText t : train) {
            b.add(ReviewTokenizer.INSTANCE.tokenize(t.text()));
        }
        return b.build();
    }

    /** @return the hyperparameters */
    public Settings settings() {
        return settings;
    }

    /** @return the vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** @return the names of class 0 (negative) and class 1 (positive), e.g. {@code [negative, positive]} */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * @param probability a probability of class 1, as {@link #predictProbability} returns
     * @return the name of class 1 when it is at least 0.5, else the name of class 0
     */
    public String className(double probability) {
        return classNames.get(probability >= 0.5 ? 1 : 0);
    }

    /**
     * @param text a text
     * @return the name of its more probable class (class 1 at a probability of at least 0.5)
     * @throws IllegalArgumentException when the text is null, empty, has no tokens, or is too long
     */
    public String predictClass(String text) {
        return className(predictProbability(text));
    }

    /**
     * Trains, reporting loss and training accuracy per epoch to the options' listeners. Batches are shuffled
     * (with length bucketing unless the options turn it off) in an order drawn from the model's seed.
     *
     * @param train labeled training texts
     * @param validation texts scored after every epoch (log loss, accuracy, ...), or {@code null}; early
     *     stopping watches their log loss
     * @param options epochs, batch size, bucketing, early stopping and listeners; {@code stepsPerEpoch} does not
     *     apply (an epoch is one pass over the texts)
     * @return one result per epoch trained
     * @throws IllegalArgumentException when a text is empty, has no tokens or is too long, or an option does not
     *     apply
     */
    @Override
    public List<EpochResult> fit(List<LabeledText> train, List<LabeledText> validation, FitOptions options) {
        TrainingLoop.checkOptions(options, validation != null && !validation.isEmpty());
        if (options.stepsPerEpoch() > 0) {
            throw new IllegalArgumentException("stepsPerEpoch does not apply to SequenceClassifier: an epoch is one "
                    + "pass over the training texts");
        }
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("training set is empty");
        }
        List<int[]> seqs = new ArrayList<>(train.size());
        float[] labels = new float[train.size()];
        for (int i = 0; i < train.size(); i++) {
            seqs.add(encode(train.get(i).text(), i));
            labels[i] = train.get(i).label();
        }
        synchronized (net) {
            AccuracyProbe probe = new AccuracyProbe();
            net.setListeners(probe);
            try {
                return TrainingLoop.run(this, new ClassifierTask(this, seqs, labels, validation, options, probe),
                        options);
            } finally {
                net.setListeners();
            }
        }
    }

    /**
     * Counts correct training predictions from the forward pass that training does anyway: the output layer
     * is one sigmoid unit, so its prediction is recomputed from the dense layer's activations.
     */
    final class AccuracyProbe extends BaseTrainingListener {
        float[] labels;
        int correct;

        @Override
        public void onForwardPass(Model model, Map<String, INDArray> activations) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                INDArray h = activations.get("dense");
                Map<String, INDArray> out = net.getLayer("out").paramTable();
                float[] z = h.mmul(out.get("W")).addi(out.get("b")).toFloatVector();
                for (int i = 0; i < z.length; i++) {
                    if ((z[i] >= 0) == (labels[i] >= 0.5f)) {
                        correct++;
                    }
                }
            }
        }
    }

    /**
     * @param texts labeled texts
     * @return accuracy, precision, recall, F1, ROC-AUC and log loss at threshold 0.5
     */
    @Override
    public BinaryMetrics evaluate(List<LabeledText> texts) {
        float[] p = predictProbabilities(texts.stream().map(LabeledText::text).toList());
        return BinaryMetrics.of(p, texts.stream().mapToInt(LabeledText::label).toArray());
    }

    /**
     * Scores one text in plain Java over a float copy of the weights ({@link ClassifierStepper}, made on first use
     * and again after training changes the weights), without the batch machinery of
     * {@link #predictProbabilities}; the two agree to float rounding.
     *
     * @param text a text
     * @return the probability that it is positive (of class 1, {@code classNames().get(1)})
     * @throws IllegalArgumentException when the text is null, empty, has no tokens, or is too long
     */
    public double predictProbability(String text) {
        return inferenceCopy().probability(encode(text, 0));
    }

    @Override
    ClassifierStepper newInferenceCopy() {
        return new ClassifierStepper(net, settings);
    }

    /**
     * Scores many texts in length-sorted, padded batches.
     *
     * @param texts the texts
     * @return the probability that each is positive, in input order
     * @throws IllegalArgumentException when a text is null, empty, has no tokens, or is too long
     */
    public float[] predictProbabilities(List<String> texts) {
        List<int[]> seqs = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            seqs.add(encode(texts.get(i), i));
        }
        float[] out = new float[texts.size()];
        for (PaddedBatch batch : new Batcher(PREDICT_BATCH, false, true, 0).batches(seqs, null, null)) {
            INDArray p = replicas.output(new INDArray[] {ids(batch)}, new INDArray[] {mask(batch)})[0];
            float[] v = p.toFloatVector();
            for (int j = 0; j < v.length; j++) {
                out[batch.indices()[j]] = v[j];
            }
        }
        return out;
    }

    int[] encode(String text, int index) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text " + index + " is " + (text == null ? "null" : "empty"));
        }
        List<String> tokens = tokenizer.tokenize(text);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("text " + index + " has no words after tokenization: '"
                    + abbreviate(text) + "'");
        }
        int max = settings.maxLength();
        if (max > 0 && tokens.size() > max) {
            tokens = tokens.subList(tokens.size() - max, tokens.size());
        }
        if (tokens.size() > settings.maxTokens()) {
            throw new IllegalArgumentException("text " + index + " has " + tokens.size() + " tokens, more than "
                    + "maxTokens=" + settings.maxTokens() + "; set maxLength on the builder to truncate long texts");
        }
        return vocabulary.encode(tokens);
    }

    /** Two distinct names, neither empty nor holding a line break (the file keeps one a line). */
    private static void checkClassNames(List<String> names) {
        if (names == null || names.size() != 2 || names.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("classNames must be two names, got " + names);
        }
        for (String n : names) {
            if (n.isBlank() || n.strip().length() != n.length() || n.contains("\n") || n.contains("\r")) {
                throw new IllegalArgumentException("class names must be non-empty, without surrounding spaces or "
                        + "line breaks, got '" + n + "'");
            }
        }
        if (names.get(0).equals(names.get(1))) {
            throw new IllegalArgumentException("classNames must differ, got '" + names.get(0) + "' twice");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    static INDArray ids(PaddedBatch b) {
        return Nd4j.create(b.ids()).castTo(DataType.FLOAT);
    }

    static INDArray mask(PaddedBatch b) {
        return Nd4j.create(b.mask()).castTo(DataType.FLOAT);
    }

    /**
     * Writes the network (with its optimizer state), the vocabulary, the class names and the settings to one file,
     * atomically.
     *
     * @param file the target file
     * @throws IOException on a write failure; an existing file is then left untouched
     */
    @Override
    public void save(Path file) throws IOException {
        StringWriter vocab = new StringWriter();
        vocabulary.write(vocab);
        write(file, KIND, ModelArchive.toProperties(settings), Map.of(VOCABULARY, vocab.toString(),
                CLASSES, String.join("\n", classNames) + "\n"));
    }

    /**
     * Loads a classifier written by {@link #save(Path)}.
     *
     * @param file the model file
     * @return the classifier
     * @throws IOException when the file is missing, truncated, corrupt, of another kind or of a newer format
     */
    public static SequenceClassifier load(Path file) throws IOException {
        ModelArchive.Contents c = ModelArchive.read(file, KIND);
        Settings settings;
        long steps;
        try {
            // written before the setting existed: DL4J's LSTM
            settings = ModelArchive.fromProperties(Settings.class, c.header(), Map.of("fusedLstm", "false",
                    "embeddingInitStd", "0", "initialization", Initialization.DL4J.name(), "cell", Cell.LSTM.name()));
            steps = trainedSteps(c.header());
        } catch (RuntimeException e) {
            throw new IOException("model file " + file + " has invalid settings (" + e + ")", e);
        }
        Vocabulary vocabulary = Vocabulary.read(new StringReader(c.text(file, VOCABULARY)));
        List<String> classes = c.entries().containsKey(CLASSES) ? c.text(file, CLASSES).lines().toList()
                : DEFAULT_CLASS_NAMES;
        try {
            checkClassNames(classes);
        } catch (IllegalArgumentException e) {
            throw new IOException("model file " + file + " is corrupt: entry '" + CLASSES + "' " + e.getMessage(), e);
        }
        return new SequenceClassifier(settings, vocabulary, classes, c.network(file), steps);
    }

    /** Builder of {@link SequenceClassifier}; {@link #build()} validates every setting. */
    public static final class Builder extends LstmBuilder<Builder> {
        private final Vocabulary vocabulary;
        private int embeddingSize = 32;
        private boolean bidirectional;
        private int denseSize = 32;
        private int maxLength;
        private int maxTokens = 20_000;
        private double embeddingInitStd;
        private List<String> classNames = DEFAULT_CLASS_NAMES;

        private Builder(Vocabulary vocabulary) {
            super(50, 1, 0.003); // LSTM 50, 1 layer, Adam 0.003
            this.vocabulary = vocabulary;
        }

        /** @param n embedding dimension (default 32) @return this builder */
        public Builder embeddingSize(int n) {
            this.embeddingSize = n;
            return this;
        }

        /** @param b read each text in both directions (default false) @return this builder */
        public Builder bidirectional(boolean b) {
            this.bidirectional = b;
            return this;
        }

        /** @param n units of the ReLU layer (default 32) @return this builder */
        public Builder denseSize(int n) {
            this.denseSize = n;
            return this;
        }

        /** @param n keep only each text's last n tokens, 0 = all (default) @return this builder */
        public Builder maxLength(int n) {
            this.maxLength = n;
            return this;
        }

        /** @param n reject texts with more tokens than this (default 20,000) @return this builder */
        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /**
         * @param std standard deviation of the normal distribution the embedding vectors start from, as PyTorch's
         *     {@code nn.Embedding} (std 1), which the book's model uses; 0 (the default) = the
         *     {@link #initialization}'s (Xavier for DL4J's, std 1 for PyTorch's)
         * @return this builder
         */
        public Builder embeddingInitStd(double std) {
            this.embeddingInitStd = std;
            return this;
        }

        /**
         * @param negative the name of class 0 (default "negative"), e.g. "bad"
         * @param positive the name of class 1 (default "positive"), e.g. "good"
         * @return this builder
         */
        public Builder classNames(String negative, String positive) {
            this.classNames = Arrays.asList(negative, positive);
            return this;
        }

        /**
         * @param names the names of class 0 and class 1, e.g. {@code LabeledTexts.classes()}
         * @return this builder
         */
        public Builder classNames(List<String> names) {
            this.classNames = names == null ? null : new ArrayList<>(names);
            return this;
        }

        /**
         * @return a freshly initialised classifier
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public SequenceClassifier build() {
            if (vocabulary == null) {
                throw new IllegalArgumentException("vocabulary must not be null");
            }
            positive("embeddingSize", embeddingSize);
            positive("denseSize", denseSize);
            positive("maxTokens", maxTokens);
            if (maxLength < 0) {
                throw new IllegalArgumentException("maxLength must be >= 0 (0 = no truncation), got " + maxLength);
            }
            if (!(embeddingInitStd >= 0 && Double.isFinite(embeddingInitStd))) {
                throw new IllegalArgumentException("embeddingInitStd must be >= 0 (0 = Xavier), got "
                        + embeddingInitStd);
            }
            checkClassNames(classNames);
            checkShared(1);
            Settings s = new Settings(embeddingSize, lstmSize, layers, bidirectional, denseSize, dropout,
                    learningRate, seed, maxLength, maxTokens, fusedLstm, embeddingInitStd, initialization, cell);
            ComputationGraph net = initialise(new ComputationGraph(Networks.classifier(s, vocabulary.size())),
                    embeddingInitStd > 0 ? embeddingInitStd : 1);
            return new SequenceClassifier(s, vocabulary, List.copyOf(classNames), net, 0);
        }
    }
}
