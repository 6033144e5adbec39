package org.rnn4j.model;

import org.rnn4j.training.TrainingTask;

/** What the three models' training tasks share: weight copies for early stopping. */
abstract class NetworkTask implements TrainingTask {
    private final NetworkModel<?> model;

    NetworkTask(NetworkModel<?> model) {
        this.model = model;
    }

    @Override
    public Object copyWeights() {
        return model.copyWeights();
    }

    @Override
    public void restoreWeights(Object weights) {
        model.restoreWeights(weights);
    }
}
