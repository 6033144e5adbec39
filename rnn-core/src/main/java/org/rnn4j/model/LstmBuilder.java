package org.rnn4j.model;

import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.rnn4j.layers.FusedGru;
import org.rnn4j.layers.FusedLstm;
import org.rnn4j.layers.FusedRnn;

/**
 * The settings every rnn4j model builder shares: the recurrent cell (LSTM by default, GRU or vanilla RNN), the
 * recurrent layers' size and depth, dropout, Adam's learning rate and the seed. (The names say "LSTM" because the
 * LSTM came first; {@link #lstmSize} and {@link #layers} apply to whichever cell is chosen.)
 * Each model's builder sets its own sizes (the book's) and documents them; the seed is 0 in every model.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class LstmBuilder<B extends LstmBuilder<B>> {
    int lstmSize;
    int layers;
    double dropout;
    double learningRate;
    long seed;
    boolean fusedLstm = true;
    Initialization initialization = Initialization.DL4J;
    Cell cell = Cell.LSTM;

    LstmBuilder(int lstmSize, int layers, double learningRate) {
        this.lstmSize = lstmSize;
        this.layers = layers;
        this.learningRate = learningRate;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** @param n units per recurrent layer (and direction), whatever the {@link #cell} @return this builder */
    public B lstmSize(int n) {
        this.lstmSize = n;
        return self();
    }

    /** @param n stacked recurrent layers @return this builder */
    public B layers(int n) {
        this.layers = n;
        return self();
    }

    /**
     * @param rate dropout rate, in [0, 1) (default 0): the same in every model, units of the input of every LSTM
     *     layer above the first and of the layer after the LSTM stack are dropped with this probability while
     *     training (as PyTorch's {@code nn.LSTM(..., dropout=rate)} followed by {@code nn.Dropout(rate)})
     * @return this builder
     */
    public B dropout(double rate) {
        this.dropout = rate;
        return self();
    }

    /** @param lr Adam learning rate, {@code > 0} @return this builder */
    public B learningRate(double lr) {
        this.learningRate = lr;
        return self();
    }

    /**
     * @param seed seed of the weight initialisation, the batch order and the dropout masks (default 0, in every
     *     model)
     * @return this builder
     */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * @param fused {@code true} (the default) for {@link FusedLstm} layers, {@code false} for DL4J's {@code LSTM}.
     *     Both have the same parameters, initialisation and Adam state layout and compute the same function (to
     *     float rounding); the fused layer makes far fewer native calls per time step, which is most of the cost of
     *     training on a CPU (2-3x faster for the character model, 5-10x for the book's small stock and sentiment
     *     models). Truncated BPTT, which no rnn4j model uses, needs DL4J's LSTM.
     * @return this builder
     */
    public B fusedLstm(boolean fused) {
        this.fusedLstm = fused;
        return self();
    }

    /**
     * @param cell the recurrent cell of every recurrent layer: {@link Cell#LSTM} (the default), {@link Cell#GRU}
     *     (PyTorch's equations) or {@link Cell#RNN} (tanh). Each is computed by rnn4j's fused layers; with
     *     {@code fusedLstm(false)} only the LSTM is allowed ({@link #build} rejects the others, DL4J 1.0.0-M2.1
     *     having no GRU). The cell is saved in the model file; files written before it existed are LSTMs.
     * @return this builder
     */
    public B cell(Cell cell) {
        this.cell = cell;
        return self();
    }

    /**
     * @param init how the weights start: {@link Initialization#DL4J} (the default) or {@link Initialization#PYTORCH}
     *     (the book's code's)
     * @return this builder
     */
    public B initialization(Initialization init) {
        this.initialization = init;
        return self();
    }

    /**
     * Initialises a freshly configured network as {@link #initialization} says.
     *
     * @param embeddingStd standard deviation of the embedding vectors under {@link Initialization#PYTORCH}
     */
    ComputationGraph initialise(ComputationGraph net, double embeddingStd) {
        net.init();
        if (initialization == Initialization.PYTORCH) {
            PyTorchInit.apply(net, seed, embeddingStd);
        }
        return net;
    }

    /**
     * A recurrent layer configuration of the given cell: {@link FusedLstm} (or, unless {@code fused}, DL4J's
     * {@code LSTM}) with tanh, {@link FusedGru} or {@link FusedRnn} with tanh.
     */
    static BaseRecurrentLayer.Builder<?> recurrentLayer(Cell cell, boolean fused, int nIn, int nOut) {
        BaseRecurrentLayer.Builder<?> b = switch (cell) {
            case LSTM -> fused ? new FusedLstm.Builder() : new LSTM.Builder();
            case GRU -> new FusedGru.Builder();
            case RNN -> new FusedRnn.Builder();
        };
        b.nIn(nIn).nOut(nOut).activation(Activation.TANH);
        return b;
    }

    /** Checks the shared settings; {@code minLayers} is 0 where a model allows no LSTM at all. */
    void checkShared(int minLayers) {
        positive("lstmSize", lstmSize);
        if (layers < minLayers) {
            throw new IllegalArgumentException("layers must be >= " + minLayers
                    + (minLayers == 0 ? " (0 = no LSTM)" : "") + ", got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (cell == null) {
            throw new IllegalArgumentException("cell must not be null (valid cells: " + Cell.valid() + ")");
        }
        if (!fusedLstm && cell != Cell.LSTM) {
            throw new IllegalArgumentException("fusedLstm(false) selects DL4J's LSTM layer, which exists for the LSTM"
                    + " only; cell " + cell.label() + " is computed by rnn4j's fused layers (drop fusedLstm(false)"
                    + " or --dl4j-lstm)");
        }
        if (initialization == null) {
            throw new IllegalArgumentException("initialization must not be null");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
    }

    /** @throws IllegalArgumentException naming the setting and its value when it is below 1 */
    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
