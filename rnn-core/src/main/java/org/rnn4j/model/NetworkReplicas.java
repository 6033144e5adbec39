package org.rnn4j.model;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs inference on copies of one network that share its parameter array, so that many threads can predict
 * at once. DL4J's {@code ComputationGraph.output} is {@code synchronized} and keeps per-call state (layer
 * inputs, masks) in the network, so one network runs one forward pass at a time; a replica made with
 * {@code init(params, false)} is a second set of layer objects over the very same weights, costing no copy of
 * the parameters.
 *
 * <p>Each call borrows an idle replica (or makes one), runs the forward pass and puts the replica back, so
 * there are never more replicas than concurrent callers (plus at most {@value #MAX_IDLE} kept idle). The
 * replicas read the source network's parameters live: training the source in place (DL4J updates the
 * flattened parameter array in place) is seen by the next prediction. A forward pass that runs while the
 * source is being trained may see a half-applied update; callers must not do that.
 */
final class NetworkReplicas {
    /** Replicas kept for reuse at most; more concurrent callers get extra replicas that are then dropped. */
    static final int MAX_IDLE = 64;

    private final ComputationGraph source;
    private final ConcurrentLinkedDeque<ComputationGraph> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    NetworkReplicas(ComputationGraph source) {
        this.source = source;
    }

    /**
     * @param inputs the network's inputs
     * @param masks their masks, or {@code null}
     * @return the network's outputs in inference mode, detached from any workspace
     */
    INDArray[] output(INDArray[] inputs, INDArray[] masks) {
        ComputationGraph net = idle.pollFirst();
        if (net != null) {
            idleCount.decrementAndGet();
        } else {
            net = replica();
        }
        INDArray[] out = net.output(false, inputs, masks);
        // only a replica that finished normally is reused; after an exception it is dropped
        if (idleCount.incrementAndGet() <= MAX_IDLE) {
            idle.offerFirst(net);
        } else {
            idleCount.decrementAndGet();
        }
        return out;
    }

    private ComputationGraph replica() {
        ComputationGraph r = new ComputationGraph(source.getConfiguration().clone());
        r.init(source.params(), false);
        return r;
    }
}
