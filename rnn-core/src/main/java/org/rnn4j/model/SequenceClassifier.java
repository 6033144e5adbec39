package org.rnn4j.model;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.PaddedBatch;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.text.ReviewTokenizer;
import org.rnn4j.text.Tokenizer;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;
import org.rnn4j.training.TrainingListener;

/**
 * A many-to-one binary text classifier: embedding, one or more (optionally bidirectional) LSTM layers, the
 * state after each text's last real token, a ReLU dense layer and a sigmoid output (the book's sentiment
 * model, spec A.5).
 *
 * <pre>{@code
 * Vocabulary vocab = SequenceClassifier.vocabularyOf(train);
 * SequenceClassifier model = SequenceClassifier.builder(vocab).build();   // the book's sizes
 * model.fit(train, FitOptions.builder().epochs(10).build());
 * double p = model.predictProbability("a wonderful, moving film");
 * model.save(Path.of("sentiment.rnn4j"));
 * }</pre>
 *
 * <p>Texts are tokenized with {@link ReviewTokenizer} and padded batches carry masks, so a padded text scores
 * exactly as it would alone.
 *
 * <p><b>Thread safety.</b> {@link #predictProbability}, {@link #predictProbabilities}, {@link #evaluate} and
 * {@link #save} may be called from any number of threads at once on one shared instance (e.g. a web server's
 * request threads), and return exactly what a single thread would get. Predictions run in parallel, not one
 * at a time: each concurrent call uses its own lightweight copy of the network that shares this model's
 * weights (no copy of the parameters; copies are made on demand and reused). {@code fit} must not run
 * concurrently with anything else on the same instance: a prediction made during training may see
 * half-updated weights.
 */
public final class SequenceClassifier {
    static final String KIND = "sequence-classifier";
    private static final String VOCABULARY = "vocabulary.txt";
    private static final int PREDICT_BATCH = 64;

    private final Settings settings;
    private final Vocabulary vocabulary;
    private final Tokenizer tokenizer = ReviewTokenizer.INSTANCE;
    private final ComputationGraph net;
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
     */
    public record Settings(int embeddingSize, int lstmSize, int layers, boolean bidirectional, int denseSize,
                           double dropout, double learningRate, long seed, int maxLength, int maxTokens,
                           boolean fusedLstm, double embeddingInitStd, Initialization initialization) {
    }

    private SequenceClassifier(Settings settings, Vocabulary vocabulary, ComputationGraph net) {
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.net = net;
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

    /** The network itself, for tests of this package. */
    ComputationGraph network() {
        return net;
    }

    /** @return the hyperparameters */
    public Settings settings() {
        return settings;
    }

    /** @return the vocabulary */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** @return the number of trainable parameters */
    public long parameterCount() {
        return net.numParams();
    }

    /**
     * Trains without a validation set.
     *
     * @param train labeled training texts
     * @param options epochs, batch size, bucketing and listeners
     * @return one result per epoch
     */
    public List<EpochResult> fit(List<LabeledText> train, FitOptions options) {
        return fit(train, null, options);
    }

    /**
     * Trains, reporting loss and accuracy per epoch to the options' listeners.
     *
     * @param train labeled training texts
     * @param validation texts evaluated after every epoch, or {@code null}; with
     *     {@link FitOptions.Builder#earlyStopping(int) early stopping}, training stops when its log loss stops
     *     falling and the model keeps the weights of its best epoch
     * @param options epochs, batch size, bucketing, early stopping and listeners
     * @return one result per epoch run
     * @throws IllegalArgumentException when a text is empty, has no tokens or is too long, or when early stopping
     *     has no validation set
     */
    public List<EpochResult> fit(List<LabeledText> train, List<LabeledText> validation, FitOptions options) {
        if (train == null || train.isEmpty()) {
            throw new IllegalArgumentException("training set is empty");
        }
        if (options.patience() > 0 && (validation == null || validation.isEmpty())) {
            throw new IllegalArgumentException("early stopping (patience " + options.patience()
                    + ") needs a validation set");
        }
        List<int[]> seqs = new ArrayList<>(train.size());
        float[] labels = new float[train.size()];
        for (int i = 0; i < train.size(); i++) {
            seqs.add(encode(train.get(i).text(), i));
            labels[i] = train.get(i).label();
        }
        Batcher batcher = new Batcher(options.batchSize(), true, options.bucketing(), 0);
        Random random = new Random(options.shuffleSeed());
        AccuracyProbe probe = new AccuracyProbe();
        List<EpochResult> results = new ArrayList<>();
        INDArray bestParams = null;
        int bestEpoch = 0;
        synchronized (net) {
            net.setListeners(probe);
            try {
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    long start = System.nanoTime();
                    List<PaddedBatch> batches = batcher.batches(seqs, labels, random);
                    double lossSum = 0;
                    int seen = 0;
                    probe.correct = 0;
                    for (int b = 0; b < batches.size(); b++) {
                        PaddedBatch batch = batches.get(b);
                        probe.labels = batch.labels();
                        INDArray y = Nd4j.create(batch.labels(), new long[] {batch.size(), 1}, DataType.FLOAT);
                        net.fit(new INDArray[] {ids(batch)}, new INDArray[] {y}, new INDArray[] {mask(batch)}, null);
                        lossSum += net.score() * batch.size();
                        seen += batch.size();
                        for (TrainingListener l : options.listeners()) {
                            l.onBatchEnd(epoch, b + 1, batches.size(), lossSum / seen);
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    BinaryMetrics val = validation == null ? null : evaluate(validation);
                    EpochResult r = new EpochResult(epoch, lossSum / seen, (double) probe.correct / seen, seconds,
                            seen, val);
                    results.add(r);
                    if (options.patience() > 0) {
                        bestEpoch = EpochResult.bestValidationEpoch(results);
                        if (bestEpoch == epoch) {
                            bestParams = net.params().dup();
                        }
                    }
                    options.listeners().forEach(l -> l.onEpochEnd(r));
                    if (options.patience() > 0 && epoch - bestEpoch >= options.patience()) {
                        break;
                    }
                }
                if (bestParams != null && bestEpoch != results.size()) {
                    net.setParams(bestParams);
                }
            } finally {
                net.setListeners();
            }
        }
        return results;
    }

    /**
     * Counts correct training predictions from the forward pass that training does anyway: the output layer
     * is one sigmoid unit, so its prediction is recomputed from the dense layer's activations.
     */
    private final class AccuracyProbe extends BaseTrainingListener {
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
    public BinaryMetrics evaluate(List<LabeledText> texts) {
        float[] p = predictProbabilities(texts.stream().map(LabeledText::text).toList());
        return BinaryMetrics.of(p, texts.stream().mapToInt(LabeledText::label).toArray());
    }

    /**
     * @param text a text
     * @return the probability that it is positive
     * @throws IllegalArgumentException when the text is null, empty, has no tokens, or is too long
     */
    public double predictProbability(String text) {
        return predictProbabilities(Collections.singletonList(text))[0];
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

    private int[] encode(String text, int index) {
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

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static INDArray ids(PaddedBatch b) {
        return Nd4j.create(b.ids()).castTo(DataType.FLOAT);
    }

    private static INDArray mask(PaddedBatch b) {
        return Nd4j.create(b.mask()).castTo(DataType.FLOAT);
    }

    /**
     * Writes the network (with its optimizer state), the vocabulary and the settings to one file, atomically.
     *
     * @param file the target file
     * @throws IOException on a write failure; an existing file is then left untouched
     */
    public void save(Path file) throws IOException {
        StringWriter vocab = new StringWriter();
        vocabulary.write(vocab);
        synchronized (net) {
            ModelArchive.write(file, KIND, ModelArchive.toProperties(settings), net,
                    Map.of(VOCABULARY, vocab.toString()));
        }
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
        try {
            // written before the setting existed: DL4J's LSTM
            settings = ModelArchive.fromProperties(Settings.class, c.header(), Map.of("fusedLstm", "false",
                    "embeddingInitStd", "0", "initialization", Initialization.DL4J.name()));
        } catch (RuntimeException e) {
            throw new IOException("model file " + file + " has invalid settings (" + e + ")", e);
        }
        Vocabulary vocabulary = Vocabulary.read(new StringReader(c.text(file, VOCABULARY)));
        return new SequenceClassifier(settings, vocabulary, c.network(file));
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

        private Builder(Vocabulary vocabulary) {
            super(50, 1, 0.003, 0); // LSTM 50, 1 layer, Adam 0.003, seed 0
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
            checkShared(1);
            Settings s = new Settings(embeddingSize, lstmSize, layers, bidirectional, denseSize, dropout,
                    learningRate, seed, maxLength, maxTokens, fusedLstm, embeddingInitStd, initialization);
            ComputationGraph net = initialise(new ComputationGraph(configuration(s, vocabulary.size())),
                    embeddingInitStd > 0 ? embeddingInitStd : 1);
            return new SequenceClassifier(s, vocabulary, net);
        }
    }

    private static EmbeddingSequenceLayer embedding(Settings s, int vocabSize) {
        var b = new EmbeddingSequenceLayer.Builder().nIn(vocabSize).nOut(s.embeddingSize());
        if (s.embeddingInitStd() > 0) {
            b.weightInit(new NormalDistribution(0, s.embeddingInitStd()));
        }
        return b.build();
    }

    /**
     * The graph: tokens -> embedding -> (layers-1) full-sequence LSTM layers -> top LSTM read forward (and, when
     * bidirectional, backward over the reversed real tokens), each reduced to its state after the last real
     * token -> dense ReLU -> sigmoid.
     */
    private static ComputationGraphConfiguration configuration(Settings s, int vocabSize) {
        var g = new NeuralNetConfiguration.Builder()
                .seed(NativeSeed.of(s.seed()))
                .dataType(DataType.FLOAT)
                .updater(new Adam(s.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("tokens")
                .addLayer("embedding", embedding(s, vocabSize), "tokens");
        String below = "embedding";
        int width = s.embeddingSize();
        int dirs = s.bidirectional() ? 2 : 1;
        for (int i = 0; i < s.layers() - 1; i++) {
            String name = "lstm" + i;
            g.addLayer(name, LstmBuilder.lstmLayer(s.fusedLstm(), width, s.lstmSize()).build(), below);
            if (s.bidirectional()) {
                // DL4J's Bidirectional wrapper reverses padding too; reverse only each text's real tokens instead
                g.addVertex(name + "Reversed", new ReverseTimeSeriesVertex("tokens"), below)
                        .addLayer(name + "Backward", LstmBuilder.lstmLayer(s.fusedLstm(), width, s.lstmSize()).build(),
                                name + "Reversed")
                        .addVertex(name + "BackwardAligned", new ReverseTimeSeriesVertex("tokens"), name + "Backward")
                        .addVertex(name + "Both", new MergeVertex(), name, name + "BackwardAligned");
                name = name + "Both";
            }
            below = name;
            width = s.lstmSize() * dirs;
        }
        g.addLayer("forward", LstmBuilder.lstmLayer(s.fusedLstm(), width, s.lstmSize()).build(), below)
                .addVertex("forwardLast", new LastTimeStepVertex("tokens"), "forward");
        String top = "forwardLast";
        if (s.bidirectional()) {
            g.addVertex("reversed", new ReverseTimeSeriesVertex("tokens"), below)
                    .addLayer("backward", LstmBuilder.lstmLayer(s.fusedLstm(), width, s.lstmSize()).build(), "reversed")
                    .addVertex("backwardLast", new LastTimeStepVertex("tokens"), "backward")
                    .addVertex("both", new MergeVertex(), "forwardLast", "backwardLast");
            top = "both";
        }
        DenseLayer.Builder dense = new DenseLayer.Builder().nIn((long) s.lstmSize() * dirs).nOut(s.denseSize())
                .activation(Activation.RELU);
        if (s.dropout() > 0) {
            dense.dropOut(1 - s.dropout()); // DL4J takes the retain probability
        }
        return g.addLayer("dense", dense.build(), top)
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(s.denseSize()).nOut(1)
                        .activation(Activation.SIGMOID).build(), "dense")
                .setOutputs("out")
                .build();
    }

}
