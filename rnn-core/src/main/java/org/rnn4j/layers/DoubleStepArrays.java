package org.rnn4j.layers;

/**
 * The Java arrays one step of a double network is computed in by {@link DoubleLstmStep}: {@link LstmPass} copies
 * the step's rows in from its buffers, the kernel computes, and the pass copies the results back. Sized for up to
 * {@link #capacity} examples and {@link #h} units; a pass of n examples ({@link #use}) uses the first n rows, laid
 * out as in {@link FloatStepArrays}. The bias is not here: the double kernel adds the layer's [4h] bias as it is.
 *
 * <p>Plain Java, no DL4J types, so the kernel can be tested on its own.
 */
final class DoubleStepArrays {
    final int capacity;
    final int h;
    int n;                    // examples in the current pass
    int len;                  // n * 4h, a step's gate values
    int nh;                   // n * h, a step's cell or output values
    final double[] gates;     // [n, 4h] pre-activations, then the activations a | f | o | i (unmasked rows)
    final double[] prevCell;  // [n, h] c_{t-1}; read only where there is a previous cell
    final double[] cell;      // [n, h]
    final double[] tanhCell;  // [n, h] (not written for masked rows)
    final double[] hidden;    // [n, h]
    final double[] eps;       // [n, h] dL/dh from above
    final double[] dRec;      // [n, h] dL/dh from step t+1; not read at the last step
    final double[] carry;     // [n, h] dL/dc_t carried back through f_{t+1}; not read at the last step
    final double[] dGates;    // [n, 4h] dL/dz

    DoubleStepArrays(int capacity, int h) {
        this.capacity = capacity;
        this.h = h;
        int len = capacity * 4 * h;
        int nh = capacity * h;
        gates = new double[len];
        dGates = new double[len];
        prevCell = new double[nh];
        cell = new double[nh];
        tanhCell = new double[nh];
        hidden = new double[nh];
        eps = new double[nh];
        dRec = new double[nh];
        carry = new double[nh];
    }

    /** Sets the current pass's example count (at most {@link #capacity}). */
    DoubleStepArrays use(int n) {
        this.n = n;
        len = n * 4 * h;
        nh = n * h;
        return this;
    }
}
