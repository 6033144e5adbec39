package org.rnn4j.layers;

/**
 * The Java arrays one step of a double network is computed in by {@link DoubleLstmStep}, {@link DoubleGruStep} or
 * {@link RnnStep}: the layer copies the step's rows in from its {@link RecurrentPass} buffers, the kernel computes,
 * and the layer copies the results back. Sized for up to {@link #capacity} examples, {@link #h} units and a cell of
 * {@link #gateCount} blocks (LSTM 4, GRU 3, RNN 1); a pass of n examples ({@link #use}) uses the first n rows, laid
 * out as in {@link FloatStepArrays}. The bias is not here: the double kernels add the layer's bias as it is.
 *
 * <p>Plain Java, no DL4J types, so the kernels can be tested on their own.
 */
final class DoubleStepArrays {
    final int capacity;
    final int h;
    final int gateCount;
    int n;                    // examples in the current pass
    int len;                  // n * g * h, a step's gate values
    int nh;                   // n * h, a step's cell or output values
    final double[] gates;     // [n, gh] pre-activations (GRU: of the input), then the activations (unmasked rows)
    final double[] rec;       // GRU: [n, 3h] h_{t-1} RW (without bias)
    final double[] hn;        // GRU: [n, h] W_hn h_{t-1} + b_hn
    final double[] prevCell;  // LSTM: [n, h] c_{t-1}; GRU: h_{t-1}; read only where there is a previous state
    final double[] cell;      // LSTM: [n, h]
    final double[] tanhCell;  // LSTM: [n, h] (not written for masked rows)
    final double[] hidden;    // [n, h]
    final double[] eps;       // [n, h] dL/dh from above
    final double[] dRec;      // [n, h] dL/dh from step t+1 through RW; not read at the last step
    final double[] carry;     // LSTM: dL/dc_t through f_{t+1}; GRU: dL/dh_t through z_{t+1}; not read at the last
    final double[] dGates;    // [n, gh] dL/dz (GRU: of the input projection)
    final double[] dRecGates; // GRU: [n, 3h] dL/d(h_{t-1} RW)

    /** Arrays for an LSTM step. */
    DoubleStepArrays(int capacity, int h) {
        this(capacity, h, RecurrentPass.LSTM);
    }

    DoubleStepArrays(int capacity, int h, int gateCount) {
        this.capacity = capacity;
        this.h = h;
        this.gateCount = gateCount;
        boolean lstm = gateCount == RecurrentPass.LSTM;
        boolean gru = gateCount == RecurrentPass.GRU;
        int len = capacity * gateCount * h;
        int nh = capacity * h;
        gates = new double[len];
        dGates = new double[len];
        rec = new double[gru ? len : 0];
        dRecGates = new double[gru ? len : 0];
        hn = new double[gru ? nh : 0];
        prevCell = new double[lstm || gru ? nh : 0];
        cell = new double[lstm ? nh : 0];
        tanhCell = new double[lstm ? nh : 0];
        hidden = new double[nh];
        eps = new double[nh];
        dRec = new double[nh];
        carry = new double[lstm || gru ? nh : 0];
    }

    /** Sets the current pass's example count (at most {@link #capacity}). */
    DoubleStepArrays use(int n) {
        this.n = n;
        len = n * gateCount * h;
        nh = n * h;
        return this;
    }
}
