package org.rnn4j.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.PaddedBatch;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.training.Trainable;

/**
 * Service-provider hooks for training an rnn4j model outside its own training loop, as the {@code rnn-spark}
 * module does with Deeplearning4j's Spark integration: a model's DL4J network, its training data as DL4J batches
 * (the very batches its own {@code fit} trains on), and a way to record the steps trained elsewhere. This is an
 * SPI with DL4J types, not an application API: applications call {@code org.rnn4j.spark.SparkTrainer}, or
 * {@code fit}.
 */
public final class DistributedTraining {
    private DistributedTraining() {
    }

    /**
     * @param model an rnn4j model
     * @return its network, whose weights a distributed trainer updates in place
     * @throws IllegalArgumentException when the model is not one of rnn4j's
     */
    public static ComputationGraph network(Trainable model) {
        return of(model).net;
    }

    /**
     * Records that the model's network (returned by {@link #network}) was trained elsewhere and has now taken
     * {@code trainedSteps} steps over its life; the model's inference copy and batch order are dropped.
     *
     * @param model an rnn4j model
     * @param trainedSteps the model's new {@link Trainable#trainedSteps()}
     */
    public static void trainedElsewhere(Trainable model, long trainedSteps) {
        if (trainedSteps < 0) {
            throw new IllegalArgumentException("trainedSteps must be >= 0, got " + trainedSteps);
        }
        of(model).trainedElsewhere(trainedSteps);
    }

    /**
     * The classifier's training batches, as its {@code fit} makes them: texts encoded with the model's tokenizer
     * and vocabulary, bucketed by length, padded, with a feature mask. One input (word ids, {@code [batch, time]}),
     * one label ({@code [batch, 1]}). Every batch holds {@code batchSize} texts: the one smaller batch is filled up
     * by repeating its own texts, because a DL4J Spark worker merges a smaller batch with the next one, which fails
     * for batches padded to different lengths.
     *
     * @param model the classifier
     * @param texts labelled training texts
     * @param batchSize texts per batch
     * @param seed seed of the bucketing's random grouping
     * @return the batches
     * @throws IllegalArgumentException naming the first bad text
     */
    public static List<MultiDataSet> classifierBatches(SequenceClassifier model, List<LabeledText> texts,
                                                       int batchSize, long seed) {
        if (texts == null || texts.isEmpty()) {
            throw new IllegalArgumentException("training set is empty");
        }
        List<int[]> seqs = new ArrayList<>(texts.size());
        float[] labels = new float[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            seqs.add(model.encode(texts.get(i).text(), i));
            labels[i] = texts.get(i).label();
        }
        List<MultiDataSet> out = new ArrayList<>();
        for (PaddedBatch b : new Batcher(batchSize, true, true, 0).batches(seqs, labels, new Random(seed))) {
            if (b.size() < batchSize) {
                b = filled(b, seqs, labels, batchSize);
            }
            INDArray y = Nd4j.create(b.labels(), new long[] {b.size(), 1}, DataType.FLOAT);
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {SequenceClassifier.ids(b)},
                    new INDArray[] {y}, new INDArray[] {SequenceClassifier.mask(b)}, null));
        }
        return out;
    }

    private static PaddedBatch filled(PaddedBatch b, List<int[]> seqs, float[] labels, int batchSize) {
        int[][] s = new int[batchSize][];
        float[] y = new float[batchSize];
        int[] idx = new int[batchSize];
        for (int j = 0; j < batchSize; j++) {
            idx[j] = b.indices()[j % b.size()];
            s[j] = seqs.get(idx[j]);
            y[j] = labels[idx[j]];
        }
        return PaddedBatch.of(s, y, idx);
    }

    /**
     * The regressor's training batches, as its {@code fit} makes them (scaled features; targets in the form and
     * scale the network learns). Like a first {@code fit}, the first call fixes the model's window length and
     * fits its target scaler. One input ({@code [batch, features, time]}), one label ({@code [batch, outputs]}).
     *
     * @param model the regressor
     * @param windows training windows and targets
     * @param batchSize windows per batch (the last batch may be smaller)
     * @return the batches, in window order
     * @throws IllegalArgumentException when the windows do not match the model
     */
    public static List<MultiDataSet> regressorBatches(SequenceRegressor model, SlidingWindows windows,
                                                      int batchSize) {
        if (windows == null) {
            throw new IllegalArgumentException("training set is empty");
        }
        SequenceRegressor.Encoded e;
        synchronized (model.net) {
            e = model.encodeForTraining(windows.windows(), windows.targets(), null);
        }
        int f = model.settings().features();
        int k = model.settings().outputs();
        int per = f * e.steps();
        List<MultiDataSet> out = new ArrayList<>();
        for (int from = 0; from < e.n(); from += batchSize) {
            int size = Math.min(batchSize, e.n() - from);
            float[] bx = new float[size * per];
            float[] by = new float[size * k];
            System.arraycopy(e.x(), from * per, bx, 0, bx.length);
            System.arraycopy(e.y(), from * k, by, 0, by.length);
            out.add(new org.nd4j.linalg.dataset.MultiDataSet(FloatArrays.of(bx, size, f, e.steps()),
                    FloatArrays.of(by, size, k)));
        }
        return out;
    }

    /**
     * One training batch of the character model, as its {@code fit} draws one: {@code batchSize} windows at random
     * offsets of an encoded text, each with the next character of every position as its one-hot label. Static and
     * free of any model, so that it runs where the text is (e.g. on a Spark executor).
     *
     * @param text the text as character indices ({@link org.rnn4j.text.CharVocabulary#encode(String)}), longer
     *     than {@code sequenceLength}
     * @param batchSize windows per batch
     * @param sequenceLength characters per window
     * @param vocabularySize the model's number of characters
     * @param random the draw of the window offsets
     * @return input {@code [batch, time]} (character indices), label {@code [batch, vocabulary, time]}
     */
    public static MultiDataSet languageModelBatch(int[] text, int batchSize, int sequenceLength, int vocabularySize,
                                                  SplittableRandom random) {
        int t = sequenceLength;
        if (text.length <= t) {
            throw new IllegalArgumentException("a text of " + text.length + " characters holds no window of " + t
                    + " plus the next character");
        }
        float[] features = new float[batchSize * t];
        float[] labels = new float[batchSize * vocabularySize * t];
        for (int i = 0; i < batchSize; i++) {
            int start = random.nextInt(text.length - t);
            for (int j = 0; j < t; j++) {
                features[i * t + j] = text[start + j];
                labels[(i * vocabularySize + text[start + j + 1]) * t + j] = 1;
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(FloatArrays.of(features, batchSize, t),
                FloatArrays.of(labels, batchSize, vocabularySize, t));
    }

    private static NetworkModel<?> of(Trainable model) {
        if (model instanceof NetworkModel<?> m) {
            return m;
        }
        throw new IllegalArgumentException("not an rnn4j model: " + (model == null ? "null" : model.getClass()));
    }
}
