package org.rnn4j.training;

import java.util.ArrayList;
import java.util.List;
import org.rnn4j.metrics.Metrics;

/**
 * The one training loop of every rnn4j model, in the manner of DJL's {@code EasyTrain} and Keras' {@code fit}:
 * epochs of batches, validation after each epoch, early stopping that restores the best weights, and listeners
 * (progress, checkpoints) told after every batch and epoch. A model supplies a {@link TrainingTask}; the loop
 * does the rest.
 *
 * <p><b>Resuming.</b> Training continues from the model's {@link Trainable#trainedSteps()}: a model loaded from a
 * checkpoint starts in the epoch (and at the batch) where the saved one stopped, and its task draws the batch
 * order that an uninterrupted run would have drawn there. Each call trains {@link FitOptions#epochs()} epochs, the
 * first of which may be the rest of a partly trained one.
 */
public final class TrainingLoop {
    private TrainingLoop() {
    }

    /**
     * Checks the options that every model shares, before any data is touched.
     *
     * @param options the options
     * @param hasValidation whether {@code fit} was given a validation set
     * @throws IllegalArgumentException when early stopping has no validation set
     */
    public static void checkOptions(FitOptions options, boolean hasValidation) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        if (options.patience() > 0 && !hasValidation) {
            throw new IllegalArgumentException("early stopping (patience " + options.patience()
                    + ") needs a validation set");
        }
    }

    /**
     * Trains.
     *
     * @param model the model, whose {@link Trainable#trainedSteps()} the task advances
     * @param task the model's side of this call
     * @param options epochs, early stopping and listeners (the task has applied the rest)
     * @return one result per epoch trained
     */
    public static List<EpochResult> run(Trainable model, TrainingTask task, FitOptions options) {
        int batches = task.batchesPerEpoch();
        long start = model.trainedSteps();
        int firstEpoch = (int) (start / batches) + 1;
        int skip = (int) (start % batches);
        int lastEpoch = firstEpoch + options.epochs() - 1;
        List<EpochResult> results = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Object bestWeights = null;
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            long t0 = System.nanoTime();
            task.startEpoch(epoch);
            double lossSum = 0;
            int seen = 0;
            int correct = 0;
            int from = epoch == firstEpoch ? skip : 0;
            for (int b = from; b < batches; b++) {
                BatchResult r = task.trainBatch(b);
                lossSum += r.loss() * r.examples();
                seen += r.examples();
                correct = r.correct() < 0 || correct < 0 ? -1 : correct + r.correct();
                TrainingEvent event = new TrainingEvent(model, epoch, lastEpoch, b + 1, batches,
                        model.trainedSteps(), lossSum / seen, null);
                options.listeners().forEach(l -> l.onBatchEnd(event));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Metrics validation = task.validate();
            EpochResult result = new EpochResult(epoch, model.trainedSteps(), batches - from, lossSum / seen,
                    correct < 0 ? Double.NaN : (double) correct / seen, seconds, seen, validation);
            results.add(result);
            if (options.patience() > 0 && validation.loss() < bestLoss) {
                bestLoss = validation.loss();
                bestEpoch = epoch;
                bestWeights = task.copyWeights();
            }
            TrainingEvent event = new TrainingEvent(model, epoch, lastEpoch, batches, batches, model.trainedSteps(),
                    result.loss(), result);
            options.listeners().forEach(l -> l.onEpochEnd(event));
            if (options.patience() > 0 && epoch - bestEpoch >= options.patience()) {
                break;
            }
        }
        if (bestWeights != null && bestEpoch != results.get(results.size() - 1).epoch()) {
            task.restoreWeights(bestWeights);
        }
        return results;
    }

    /**
     * The epoch whose weights early stopping keeps: the one with the lowest validation loss, the first of equal
     * ones.
     *
     * @param history the results of one {@code fit}, each with validation metrics
     * @return that epoch's number
     * @throws IllegalArgumentException when the history is empty or an epoch has no validation metrics
     */
    public static int bestValidationEpoch(List<EpochResult> history) {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("no epochs");
        }
        EpochResult best = null;
        for (EpochResult r : history) {
            if (r.validation() == null) {
                throw new IllegalArgumentException("epoch " + r.epoch() + " has no validation metrics");
            }
            if (best == null || r.validation().loss() < best.validation().loss()) {
                best = r;
            }
        }
        return best.epoch();
    }
}
