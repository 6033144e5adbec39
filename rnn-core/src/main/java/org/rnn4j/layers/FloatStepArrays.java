package org.rnn4j.layers;

import java.util.Arrays;

/**
 * The Java arrays one step of a float network is computed in by {@link FloatLstmStep}: {@link LstmPass} copies the
 * step's rows in from its buffers, the kernel computes, and the pass copies the results back. Sized for up to
 * {@link #capacity} examples and {@link #h} units; a pass of n examples ({@link #use}) uses the first n rows.
 * Row-major: example e's gate values are {@code [e*4h, (e+1)*4h)} in the order a | f | o | i, its cell or output
 * values {@code [e*h, (e+1)*h)}.
 *
 * <p>Plain Java, no DL4J types, so the kernel can be tested on its own.
 */
final class FloatStepArrays {
    final int capacity;
    final int h;
    int n;                   // examples in the current pass
    int len;                 // n * 4h, a step's gate values
    int nh;                  // n * h, a step's cell or output values
    final float[] gates;     // [n, 4h] pre-activations, then the activations a | f | o | i
    final float[] bias;      // [n, 4h] the bias, the same on every row (set per pass)
    final float[] scale;     // [n, 4h] 1 on the block input's columns, 1/2 on the sigmoid gates'
    final float[] prevCell;  // [n, h] c_{t-1}; zero without a previous state
    final float[] cell;      // [n, h]
    final float[] tanhCell;  // [n, h]
    final float[] hidden;    // [n, h]
    final float[] eps;       // [n, h] dL/dh from above
    final float[] dRec;      // [n, h] dL/dh from step t+1; zero at the last step
    final float[] carry;     // [n, h] dL/dc_t carried back through f_{t+1}; zero at the last step
    final float[] dGates;    // [n, 4h] dL/dz
    final float[] dBias;     // [4h] this step's bias gradient

    FloatStepArrays(int capacity, int h) {
        this.capacity = capacity;
        this.h = h;
        int n = capacity;
        int len = n * 4 * h;
        gates = new float[len];
        bias = new float[len];
        scale = new float[len];
        dGates = new float[len];
        prevCell = new float[n * h];
        cell = new float[n * h];
        tanhCell = new float[n * h];
        hidden = new float[n * h];
        eps = new float[n * h];
        dRec = new float[n * h];
        carry = new float[n * h];
        dBias = new float[4 * h];
        for (int e = 0; e < n; e++) {
            Arrays.fill(scale, e * 4 * h, e * 4 * h + h, 1f);
            Arrays.fill(scale, e * 4 * h + h, (e + 1) * 4 * h, 0.5f);
        }
    }

    /** Sets the current pass's example count (at most {@link #capacity}). */
    FloatStepArrays use(int n) {
        this.n = n;
        len = n * 4 * h;
        nh = n * h;
        return this;
    }

    /** Sets {@link #bias} from the layer's [4h] bias, repeated on each of the pass's n rows. */
    void setBias(double[] b) {
        for (int j = 0; j < b.length; j++) {
            bias[j] = (float) b[j];
        }
        for (int e = 1; e < n; e++) {
            System.arraycopy(bias, 0, bias, e * b.length, b.length);
        }
    }
}
