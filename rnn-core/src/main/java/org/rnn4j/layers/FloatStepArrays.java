package org.rnn4j.layers;

import java.util.Arrays;

/**
 * The Java arrays one step of a float network is computed in by {@link FloatLstmStep}, {@link FloatGruStep} or
 * {@link RnnStep}: the layer copies the step's rows in from its {@link RecurrentPass} buffers, the kernel computes,
 * and the layer copies the results back. Sized for up to {@link #capacity} examples, {@link #h} units and a cell of
 * {@link #gateCount} blocks (LSTM 4, GRU 3, RNN 1); a pass of n examples ({@link #use}) uses the first n rows.
 * Row-major: example e's gate values are {@code [e*g*h, (e+1)*g*h)} (LSTM a | f | o | i, GRU r | z | n), its cell
 * or output values {@code [e*h, (e+1)*h)}. Arrays a cell does not use are empty.
 *
 * <p>Plain Java, no DL4J types, so the kernels can be tested on their own.
 */
final class FloatStepArrays {
    final int capacity;
    final int h;
    final int gateCount;
    int n;                   // examples in the current pass
    int len;                 // n * g * h, a step's gate values
    int nh;                  // n * h, a step's cell or output values
    final float[] gates;     // [n, gh] pre-activations (GRU: of the input), then the activations
    final float[] bias;      // [n, gh] the bias added to x W, the same on every row (set per pass; GRU: r | z | in)
    final float[] scale;     // LSTM: [n, 4h] 1 on the block input's columns, 1/2 on the sigmoid gates';
                             // GRU: [n, 3h] 1 on r's and z's columns, 0 on n's (the share of h RW added at once)
    final float[] rowBias;   // the layer's bias as it is (GRU [4h] r | z | in | hn)
    final float[] rec;       // GRU: [n, 3h] h_{t-1} RW (without bias)
    final float[] hn;        // GRU: [n, h] W_hn h_{t-1} + b_hn
    final float[] prevCell;  // LSTM: [n, h] c_{t-1}; GRU: h_{t-1}; zero without a previous state
    final float[] cell;      // LSTM: [n, h]; GRU: the new gate n (its pre-activation first)
    final float[] tanhCell;  // LSTM: [n, h]
    final float[] hidden;    // [n, h]
    final float[] eps;       // [n, h] dL/dh from above
    final float[] dRec;      // [n, h] dL/dh from step t+1 through RW; zero at the last step
    final float[] carry;     // LSTM: [n, h] dL/dc_t carried back through f_{t+1}; GRU: dL/dh_t through z_{t+1}
    final float[] dGates;    // [n, gh] dL/dz (GRU: of the input projection)
    final float[] dRecGates; // GRU: [n, 3h] dL/d(h_{t-1} RW)
    final float[] dBias;     // [gh] (GRU [4h]) this step's bias gradient

    /** Arrays for an LSTM step. */
    FloatStepArrays(int capacity, int h) {
        this(capacity, h, RecurrentPass.LSTM);
    }

    FloatStepArrays(int capacity, int h, int gateCount) {
        this.capacity = capacity;
        this.h = h;
        this.gateCount = gateCount;
        int n = capacity;
        int len = n * gateCount * h;
        boolean lstm = gateCount == RecurrentPass.LSTM;
        boolean gru = gateCount == RecurrentPass.GRU;
        gates = new float[len];
        bias = new float[len];
        scale = new float[lstm || gru ? len : 0];
        rowBias = new float[gru ? 4 * h : gateCount * h];
        rec = new float[gru ? len : 0];
        hn = new float[gru ? n * h : 0];
        dGates = new float[len];
        dRecGates = new float[gru ? len : 0];
        prevCell = new float[lstm || gru ? n * h : 0];
        cell = new float[lstm || gru ? n * h : 0];
        tanhCell = new float[lstm ? n * h : 0];
        hidden = new float[n * h];
        eps = new float[n * h];
        dRec = new float[n * h];
        carry = new float[lstm || gru ? n * h : 0];
        dBias = new float[gru ? 4 * h : gateCount * h];
        for (int e = 0; lstm && e < n; e++) {
            Arrays.fill(scale, e * 4 * h, e * 4 * h + h, 1f);
            Arrays.fill(scale, e * 4 * h + h, (e + 1) * 4 * h, 0.5f);
        }
        for (int e = 0; gru && e < n; e++) {
            Arrays.fill(scale, e * 3 * h, e * 3 * h + 2 * h, 1f);
        }
    }

    /** Sets the current pass's example count (at most {@link #capacity}). */
    FloatStepArrays use(int n) {
        this.n = n;
        len = n * gateCount * h;
        nh = n * h;
        return this;
    }

    /**
     * Sets {@link #rowBias} from the layer's bias and {@link #bias} from its first {@code g h} values (all but the
     * GRU's b_hn), repeated on each of the pass's n rows, so that the kernels' activation loops are flat loops
     * over the whole step (C2 vectorises those, not loops over a row that read arrays at different offsets).
     */
    void setBias(double[] b) {
        for (int j = 0; j < b.length; j++) {
            rowBias[j] = (float) b[j];
        }
        int w = gateCount * h;
        for (int j = 0; j < w; j++) {
            bias[j] = (float) b[j];
        }
        for (int e = 1; e < n; e++) {
            System.arraycopy(bias, 0, bias, e * w, w);
        }
    }
}
