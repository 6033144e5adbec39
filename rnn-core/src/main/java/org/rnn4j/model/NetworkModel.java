package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnn4j.training.TrainingTask;

/**
 * What the three models share: a DL4J network, the count of training steps it has taken, weight copies for early
 * stopping, the plain-Java copy of the weights that single-item inference runs on, and writing it all to a model
 * file. Training and saving lock the network.
 *
 * @param <S> the model's plain-Java inference copy ({@code CharStepper}, {@code ClassifierStepper},
 *     {@code RegressorStepper})
 */
abstract class NetworkModel<S> implements org.rnn4j.training.Trainable {
    /** The header key of {@link #trainedSteps()}; files written before it existed have 0. */
    static final String TRAINED_STEPS = "trainedSteps";

    final ComputationGraph net;
    private volatile long trainedSteps;
    /** The batch order's random state, kept between {@code fit} calls; {@code null} until the first. */
    BatchOrder batchOrder;
    /** The plain-Java copy of the weights; made on first use, dropped whenever the weights change. */
    private volatile S inferenceCopy;

    NetworkModel(ComputationGraph net, long trainedSteps) {
        this.net = net;
        this.trainedSteps = trainedSteps;
    }

    /** The network itself, for tests of this package. */
    ComputationGraph network() {
        return net;
    }

    @Override
    public long trainedSteps() {
        return trainedSteps;
    }

    @Override
    public long parameterCount() {
        return net.numParams();
    }

    /** Counts one training batch, which changed the weights; called by the model's {@link TrainingTask}. */
    void stepTaken() {
        dropInferenceCopy();
        trainedSteps++;
    }

    /**
     * Records training done outside this JVM's training loop (rnn-spark): the network's weights were replaced and
     * the model has now trained {@code steps} steps. Forgets the batch order, which the next local {@code fit}
     * replays from the seed.
     */
    void trainedElsewhere(long steps) {
        synchronized (net) {
            dropInferenceCopy();
            batchOrder = null;
            trainedSteps = steps;
        }
    }

    /** Forgets the plain-Java copy of the weights: the next single-item call makes a new one. */
    void dropInferenceCopy() {
        inferenceCopy = null;
    }

    /** @return the plain-Java copy of the current weights, made now if there is none since they last changed */
    S inferenceCopy() {
        S s = inferenceCopy;
        if (s == null) {
            synchronized (net) {
                s = inferenceCopy;
                if (s == null) {
                    s = newInferenceCopy();
                    inferenceCopy = s;
                }
            }
        }
        return s;
    }

    /** @return a new plain-Java copy of the network's weights; called with the network locked */
    abstract S newInferenceCopy();

    /** @return a copy of the weights, for early stopping */
    Object copyWeights() {
        return net.params().dup();
    }

    /** @param weights a copy made by {@link #copyWeights()} */
    void restoreWeights(Object weights) {
        synchronized (net) {
            net.setParams((INDArray) weights);
            dropInferenceCopy();
        }
    }

    /** Writes the network with its settings, the step count and the model's text entries, atomically. */
    void write(Path file, String kind, Properties settings, Map<String, String> texts) throws IOException {
        synchronized (net) {
            settings.setProperty(TRAINED_STEPS, Long.toString(trainedSteps));
            ModelArchive.write(file, kind, settings, net, texts);
        }
    }

    /** @return the step count a file's header holds, 0 for files written before it existed */
    static long trainedSteps(Properties header) {
        return Long.parseLong(header.getProperty(TRAINED_STEPS, "0"));
    }
}
