package org.rnn4j.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.PaddedBatch;
import org.rnn4j.metrics.Metrics;
import org.rnn4j.training.BatchResult;
import org.rnn4j.training.FitOptions;

/** {@link SequenceClassifier}'s side of one {@code fit}: padded batches of encoded texts, bucketed by length. */
final class ClassifierTask extends NetworkTask {
    private final SequenceClassifier model;
    private final List<int[]> seqs;
    private final float[] labels;
    private final List<LabeledText> validation;
    private final Batcher batcher;
    private final SequenceClassifier.AccuracyProbe probe;
    private List<PaddedBatch> batches;

    ClassifierTask(SequenceClassifier model, List<int[]> seqs, float[] labels, List<LabeledText> validation,
                   FitOptions options, SequenceClassifier.AccuracyProbe probe) {
        super(model);
        this.model = model;
        this.seqs = seqs;
        this.labels = labels;
        this.validation = validation == null || validation.isEmpty() ? null : validation;
        this.batcher = new Batcher(options.batchSize(), true, options.bucketing(true), 0);
        this.probe = probe;
    }

    @Override
    public int batchesPerEpoch() {
        return (seqs.size() + batcher.batchSize() - 1) / batcher.batchSize();
    }

    @Override
    public void startEpoch(int epoch) {
        BatchOrder state = model.batchOrder;
        if (state == null || !state.continuesAt(-1, epoch)) {
            state = BatchOrder.fresh(model.settings().seed());
            while (state.epochs < epoch - 1) {
                batcher.batches(seqs, labels, state.random);
                state.epochs++;
            }
        }
        batches = batcher.batches(seqs, labels, state.random);
        state.epochs++;
        model.batchOrder = state;
    }

    @Override
    public BatchResult trainBatch(int b) {
        PaddedBatch batch = batches.get(b);
        probe.labels = batch.labels();
        probe.correct = 0;
        INDArray y = Nd4j.create(batch.labels(), new long[] {batch.size(), 1}, DataType.FLOAT);
        model.net.fit(new INDArray[] {SequenceClassifier.ids(batch)}, new INDArray[] {y},
                new INDArray[] {SequenceClassifier.mask(batch)}, null);
        model.stepTaken();
        return new BatchResult(model.net.score(), batch.size(), probe.correct);
    }

    @Override
    public Metrics validate() {
        return validation == null ? null : model.evaluate(validation);
    }
}
