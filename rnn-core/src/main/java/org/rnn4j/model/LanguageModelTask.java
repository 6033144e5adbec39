package org.rnn4j.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.metrics.LanguageModelMetrics;
import org.rnn4j.metrics.Metrics;
import org.rnn4j.training.BatchResult;
import org.rnn4j.training.FitOptions;

/**
 * {@link CharLanguageModel}'s side of one {@code fit}: step {@code s} draws its windows at random offsets of the
 * training text from a seed of (model seed, s) only, so a resumed run draws what the uninterrupted one would.
 */
final class LanguageModelTask extends NetworkTask {
    private final CharLanguageModel model;
    private final int[] train;
    private final int[] valid;
    private final int batchSize;
    private final int stepsPerEpoch;

    LanguageModelTask(CharLanguageModel model, int[] train, int[] valid, FitOptions options) {
        super(model);
        this.model = model;
        this.train = train;
        this.valid = valid;
        this.batchSize = options.batchSize();
        this.stepsPerEpoch = options.stepsPerEpoch();
    }

    @Override
    public int batchesPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public void startEpoch(int epoch) {
    }

    @Override
    public BatchResult trainBatch(int batch) {
        int t = model.settings().sequenceLength();
        int b = batchSize;
        int v = model.vocabulary().size();
        long step = model.trainedSteps() + 1;
        SplittableRandom random = new SplittableRandom(model.stepSeed(step));
        float[] features = new float[b * t];
        float[] labels = new float[b * v * t];
        for (int i = 0; i < b; i++) {
            int start = random.nextInt(train.length - t);
            for (int j = 0; j < t; j++) {
                features[i * t + j] = train[start + j];
                labels[(i * v + train[start + j + 1]) * t + j] = 1;
            }
        }
        double loss;
        synchronized (model.net) {
            Nd4j.getRandom().setSeed(NativeSeed.of(random.nextLong()));
            model.net.fit(new DataSet(FloatArrays.of(features, b, t), FloatArrays.of(labels, b, v, t)));
            loss = model.net.score() / t; // DL4J sums the per-step loss over time and averages over the batch
            model.stepTaken();
        }
        return new BatchResult(loss, b, -1);
    }

    @Override
    public Metrics validate() {
        return valid == null ? null : new LanguageModelMetrics(valid.length - 1, model.crossEntropy(valid));
    }
}

