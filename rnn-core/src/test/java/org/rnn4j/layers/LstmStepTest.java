package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The step kernels {@link DoubleLstmStep} and {@link FloatLstmStep} on their own, over small hand-sized arrays: the
 * forward step against the LSTM equations computed here in double with {@link Math#tanh} and {@link Math#exp}, a
 * mask, and the double backward step against finite differences of the double forward step (the float one against
 * the double one).
 */
class LstmStepTest {
    static final int N = 3;
    static final int H = 2;
    static final int W = 4 * H;

    /** Inputs of one step: pre-activations z [N, 4H] (without bias), bias [4H], c_{t-1} [N, H]. */
    record Step(double[] z, double[] bias, double[] prevCell) {
        static Step random(long seed) {
            Random r = new Random(seed);
            double[] z = new double[N * W];
            double[] bias = new double[W];
            double[] prev = new double[N * H];
            Arrays.setAll(z, j -> 1.5 * r.nextGaussian());
            Arrays.setAll(bias, j -> 0.3 * r.nextGaussian());
            Arrays.setAll(prev, j -> r.nextGaussian());
            return new Step(z, bias, prev);
        }
    }

    /** Outputs of one step: activations a | f | o | i [N, 4H], cell, tanh of the cell before the mask, output. */
    record Out(double[] gates, double[] cell, double[] tanhCell, double[] hidden) {
    }

    /** The LSTM equations, written out: a = tanh, f, o, i = sigmoid; c = f c_{t-1} + i a; h = o tanh(c); times m. */
    static Out reference(Step in, double[] mask, boolean prev) {
        double[] g = new double[N * W];
        double[] c = new double[N * H];
        double[] tc = new double[N * H];
        double[] hid = new double[N * H];
        for (int e = 0; e < N; e++) {
            double m = mask == null ? 1 : mask[e];
            for (int k = 0; k < H; k++) {
                double a = Math.tanh(in.z[e * W + k] + in.bias[k]);
                double f = 1 / (1 + Math.exp(-(in.z[e * W + H + k] + in.bias[H + k])));
                double o = 1 / (1 + Math.exp(-(in.z[e * W + 2 * H + k] + in.bias[2 * H + k])));
                double i = 1 / (1 + Math.exp(-(in.z[e * W + 3 * H + k] + in.bias[3 * H + k])));
                g[e * W + k] = a;
                g[e * W + H + k] = f;
                g[e * W + 2 * H + k] = o;
                g[e * W + 3 * H + k] = i;
                double cell = (prev ? f * in.prevCell[e * H + k] : 0) + i * a;
                tc[e * H + k] = Math.tanh(cell);
                c[e * H + k] = m * cell;
                hid[e * H + k] = m * o * Math.tanh(cell);
            }
        }
        return new Out(g, c, tc, hid);
    }

    static DoubleStepArrays doubleForward(Step in, double[] mask, int maskAt, boolean prev) {
        DoubleStepArrays d = new DoubleStepArrays(N + 2, H).use(N); // larger than the pass, as a reused one can be
        System.arraycopy(in.z, 0, d.gates, 0, N * W);
        if (prev) {
            System.arraycopy(in.prevCell, 0, d.prevCell, 0, N * H);
        } else {
            Arrays.fill(d.prevCell, Double.NaN); // not read without a previous cell
        }
        DoubleLstmStep.forward(d, in.bias, mask, maskAt, prev);
        return d;
    }

    static FloatStepArrays floatForward(Step in, double[] mask, int maskAt) {
        FloatStepArrays f = new FloatStepArrays(N + 2, H).use(N);
        f.setBias(in.bias);
        for (int j = 0; j < N * W; j++) {
            f.gates[j] = (float) in.z[j];
        }
        for (int j = 0; j < N * H; j++) {
            f.prevCell[j] = (float) in.prevCell[j];
        }
        FloatLstmStep.forward(f, mask, maskAt);
        return f;
    }

    static void assertClose(double[] expected, double[] actual, int len, double tol, String what) {
        for (int j = 0; j < len; j++) {
            assertEquals(expected[j], actual[j], tol, what + "[" + j + "]");
        }
    }

    static void assertClose(double[] expected, float[] actual, int len, double tol, String what) {
        for (int j = 0; j < len; j++) {
            assertEquals(expected[j], actual[j], tol, what + "[" + j + "]");
        }
    }

    @Test
    void doubleForwardIsTheLstmEquations() {
        Step in = Step.random(1);
        for (boolean prev : new boolean[]{true, false}) {
            Out ref = reference(in, null, prev);
            DoubleStepArrays d = doubleForward(in, null, 0, prev);
            assertClose(ref.gates, d.gates, N * W, 1e-15, "gates, prev " + prev);
            assertClose(ref.cell, d.cell, N * H, 1e-15, "cell, prev " + prev);
            assertClose(ref.tanhCell, d.tanhCell, N * H, 1e-15, "tanh cell, prev " + prev);
            assertClose(ref.hidden, d.hidden, N * H, 1e-15, "hidden, prev " + prev);
        }
    }

    @Test
    void floatForwardIsTheLstmEquationsToFloatPrecision() {
        Step in = Step.random(2);
        Out ref = reference(in, null, true);
        FloatStepArrays f = floatForward(in, null, 0);
        assertClose(ref.gates, f.gates, N * W, 1e-6, "gates");
        assertClose(ref.cell, f.cell, N * H, 1e-6, "cell");
        assertClose(ref.tanhCell, f.tanhCell, N * H, 1e-6, "tanh cell");
        assertClose(ref.hidden, f.hidden, N * H, 1e-6, "hidden");
        // without a previous cell the float path reads a zero c_{t-1}, which gives c = i a
        Arrays.fill(in.prevCell, 0);
        assertClose(reference(in, null, false).cell, floatForward(in, null, 0).cell, N * H, 1e-6, "cell, no prev");
    }

    @Test
    void aMaskZeroesItsRowsStateAndLeavesTheOtherRowsAndTheInputsAlone() {
        Step in = Step.random(3);
        double[] prevBefore = in.prevCell.clone();
        // the pass's time-major mask; this step's examples start at index N (step 1)
        double[] mask = {9, 9, 9, 1, 0, 0.5};
        double[] stepMask = Arrays.copyOfRange(mask, N, 2 * N);
        DoubleStepArrays plain = doubleForward(in, null, 0, true);
        DoubleStepArrays masked = doubleForward(in, mask, N, true);
        FloatStepArrays plainF = floatForward(in, null, 0);
        FloatStepArrays maskedF = floatForward(in, mask, N);
        for (int e = 0; e < N; e++) {
            for (int k = e * H; k < (e + 1) * H; k++) {
                double m = stepMask[e];
                // multiplying by 1, 0 or 1/2 is exact
                assertEquals(m * plain.cell[k], masked.cell[k], 0, "cell " + k);
                assertEquals(m * plain.hidden[k], masked.hidden[k], 0, "hidden " + k);
                assertEquals((float) m * plainF.cell[k], maskedF.cell[k], 0, "float cell " + k);
                assertEquals((float) m * plainF.hidden[k], maskedF.hidden[k], 0, "float hidden " + k);
                if (m != 0) {
                    assertEquals(plain.tanhCell[k], masked.tanhCell[k], 0, "tanh of the cell before the mask");
                }
            }
        }
        assertArrayEquals(prevBefore, in.prevCell);
        assertArrayEquals(Arrays.copyOf(plain.prevCell, N * H), Arrays.copyOf(masked.prevCell, N * H),
                "c_{t-1} is read, not written");

        // backward: a masked row passes no gradient down, to its gates or to c_{t-1}
        DoubleStepArrays d = masked;
        Arrays.setAll(d.eps, j -> 1);
        Arrays.setAll(d.dRec, j -> 1);
        Arrays.setAll(d.carry, j -> 1);
        double[] db = new double[W];
        DoubleLstmStep.backward(d, mask, N, true, false, db);
        for (int j = W; j < 2 * W; j++) {
            assertEquals(0, d.dGates[j], "masked row's gate gradient " + j);
        }
        for (int j = H; j < 2 * H; j++) {
            assertEquals(0, d.carry[j], "masked row's carried cell gradient " + j);
        }
    }

    /** L = sum (wH . h) + sum (wR . h) + sum (wC . c) over the step's (masked) outputs. */
    static double loss(Step in, double[] mask, boolean prev, double[] wH, double[] wR, double[] wC, boolean last) {
        DoubleStepArrays d = doubleForward(in, mask, 0, prev);
        double l = 0;
        for (int j = 0; j < N * H; j++) {
            l += wH[j] * d.hidden[j] + (last ? 0 : wR[j] * d.hidden[j] + wC[j] * d.cell[j]);
        }
        return l;
    }

    @Test
    void doubleBackwardIsTheGradientOfTheForwardStep() {
        Random r = new Random(4);
        double[] wH = new double[N * H];
        double[] wR = new double[N * H];
        double[] wC = new double[N * H];
        Arrays.setAll(wH, j -> r.nextGaussian());
        Arrays.setAll(wR, j -> r.nextGaussian());
        Arrays.setAll(wC, j -> r.nextGaussian());
        double[][] masks = {null, {1, 0.5, 0}};
        for (double[] mask : masks) {
            for (boolean prev : new boolean[]{true, false}) {
                for (boolean last : new boolean[]{false, true}) {
                    String what = "mask " + Arrays.toString(mask) + ", prev " + prev + ", last " + last;
                    Step in = Step.random(5);
                    DoubleStepArrays d = doubleForward(in, mask, 0, prev);
                    System.arraycopy(wH, 0, d.eps, 0, N * H);
                    if (last) {
                        Arrays.fill(d.dRec, Double.NaN); // not read at the last step
                        Arrays.fill(d.carry, Double.NaN);
                    } else {
                        System.arraycopy(wR, 0, d.dRec, 0, N * H);
                        System.arraycopy(wC, 0, d.carry, 0, N * H);
                    }
                    double[] db = new double[W];
                    DoubleLstmStep.backward(d, mask, 0, prev, last, db);
                    double step = 1e-6;
                    for (int j = 0; j < N * W; j++) {
                        double z = in.z[j];
                        in.z[j] = z + step;
                        double up = loss(in, mask, prev, wH, wR, wC, last);
                        in.z[j] = z - step;
                        double down = loss(in, mask, prev, wH, wR, wC, last);
                        in.z[j] = z;
                        assertEquals((up - down) / (2 * step), d.dGates[j], 1e-8, what + ": dL/dz[" + j + "]");
                    }
                    // without a previous cell there is no c_{t-1} to pass a gradient to (the carry is unused)
                    for (int j = 0; prev && j < N * H; j++) {
                        double c = in.prevCell[j];
                        in.prevCell[j] = c + step;
                        double up = loss(in, mask, prev, wH, wR, wC, last);
                        in.prevCell[j] = c - step;
                        double down = loss(in, mask, prev, wH, wR, wC, last);
                        in.prevCell[j] = c;
                        assertEquals((up - down) / (2 * step), d.carry[j], 1e-8, what + ": dL/dc_{t-1}[" + j + "]");
                    }
                    for (int k = 0; k < W; k++) {
                        double sum = 0;
                        for (int e = 0; e < N; e++) {
                            sum += d.dGates[e * W + k];
                        }
                        assertEquals(sum, db[k], 1e-15, what + ": bias gradient " + k);
                    }
                }
            }
        }
    }

    @Test
    void floatBackwardAgreesWithTheDoubleOne() {
        Step in = Step.random(6);
        double[] mask = {1, 0.5, 0};
        DoubleStepArrays d = doubleForward(in, mask, 0, true);
        FloatStepArrays f = floatForward(in, mask, 0);
        Random r = new Random(7);
        for (int j = 0; j < N * H; j++) {
            d.eps[j] = r.nextGaussian();
            d.dRec[j] = r.nextGaussian();
            d.carry[j] = r.nextGaussian();
            f.eps[j] = (float) d.eps[j];
            f.dRec[j] = (float) d.dRec[j];
            f.carry[j] = (float) d.carry[j];
        }
        double[] db = new double[W];
        double[] dbF = new double[W];
        dbF[0] = 10; // the float step adds to what is there
        DoubleLstmStep.backward(d, mask, 0, true, false, db);
        FloatLstmStep.backward(f, mask, 0, dbF);
        assertClose(d.dGates, f.dGates, N * W, 1e-5, "dL/dz");
        assertClose(d.carry, f.carry, N * H, 1e-5, "dL/dc_{t-1}");
        db[0] += 10;
        assertClose(db, toFloats(dbF), W, 1e-5, "bias gradient");
        assertTrue(Math.abs(db[1]) > 1e-3, "the check compared something: " + db[1]);
    }

    static float[] toFloats(double[] a) {
        float[] f = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            f[j] = (float) a[j];
        }
        return f;
    }
}
