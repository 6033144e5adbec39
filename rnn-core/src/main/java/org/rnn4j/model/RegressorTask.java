package org.rnn4j.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.metrics.Metrics;
import org.rnn4j.training.BatchResult;

/** {@link SequenceRegressor}'s side of one {@code fit}: shuffled windows, one batch at a time. */
final class RegressorTask extends NetworkTask {
    private final SequenceRegressor model;
    private final float[] x;
    private final float[] y;
    private final int n;
    private final int steps;
    private final SlidingWindows validation;
    private final int batchSize;
    private BatchOrder batchOrder;
    private final DirectRegressorStep direct;

    RegressorTask(SequenceRegressor model, float[] x, float[] y, int n, int steps, SlidingWindows validation,
                  int batchSize) {
        super(model);
        this.model = model;
        this.x = x;
        this.y = y;
        this.n = n;
        this.steps = steps;
        this.validation = validation;
        this.batchSize = batchSize;
        this.direct = model.directStep();
    }

    @Override
    public int batchesPerEpoch() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public void startEpoch(int epoch) {
        batchOrder = model.batchOrder;
        if (batchOrder == null || !batchOrder.continuesAt(n, epoch)) {
            batchOrder = BatchOrder.permutation(model.settings().seed(), n);
            while (batchOrder.epochs < epoch - 1) {
                batchOrder.shuffle();
            }
        }
        batchOrder.shuffle();
        model.batchOrder = batchOrder;
    }

    @Override
    public BatchResult trainBatch(int b) {
        int f = model.settings().features();
        int k = model.settings().outputs();
        int per = f * steps;
        int from = b * batchSize;
        int size = Math.min(batchSize, n - from);
        float[] bx = new float[size * per];
        float[] by = new float[size * k];
        for (int r = 0; r < size; r++) {
            int src = batchOrder.order[from + r];
            System.arraycopy(x, src * per, bx, r * per, per);
            System.arraycopy(y, src * k, by, r * k, k);
        }
        INDArray in = FloatArrays.of(bx, size, f, steps);
        INDArray out = direct != null ? null : FloatArrays.of(by, size, k);
        double loss;
        try {
            if (direct != null) {
                loss = direct.fit(in, by, size);
            } else {
                model.net.fit(new INDArray[] {in}, new INDArray[] {out});
                loss = model.net.score();
            }
        } finally {
            FloatArrays.release(in, out);
        }
        model.stepTaken();
        return new BatchResult(loss, size, -1);
    }

    @Override
    public Metrics validate() {
        return validation == null ? null : model.evaluate(validation);
    }
}
