package org.rnn4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link FloatTanh} against {@link Math#tanh}: the error bound its Javadoc gives, the edges and the array form. */
class FloatTanhTest {
    @Test
    void withinItsStatedErrorEverywhere() {
        double worst = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1e-5f; // [-20, 20], past the clamp
            double exact = Math.tanh(x);
            double rel = Math.abs(FloatTanh.tanh(x) - exact) / Math.max(Math.abs(exact), 1e-30);
            worst = Math.max(worst, x == 0 ? 0 : rel);
        }
        assertTrue(worst < 3.6e-7, "largest relative error " + worst);
        assertTrue(worst > 1e-8, "a float formula cannot be exact: " + worst); // the loop did measure something
    }

    @Test
    void tinyArgumentsAndEdges() {
        assertEquals(0f, FloatTanh.tanh(0f));
        assertEquals(1e-20f, FloatTanh.tanh(1e-20f), 1e-26f);
        assertEquals(-3e-8f, FloatTanh.tanh(-3e-8f), 1e-14f);
        assertEquals(1f, FloatTanh.tanh(Float.POSITIVE_INFINITY), 1e-7f);
        assertEquals(-1f, FloatTanh.tanh(Float.NEGATIVE_INFINITY), 1e-7f);
        assertEquals(-FloatTanh.tanh(0.7f), FloatTanh.tanh(-0.7f), "odd");
        assertTrue(Float.isNaN(FloatTanh.tanh(Float.NaN)), "NaN is not clamped away");
    }

    @Test
    void gatesAreTanhWhereTheScaleIsOneAndSigmoidWhereItIsAHalf() {
        int len = 4001;
        float[] z = new float[len];
        float[] bias = new float[len];
        float[] scale = new float[len];
        for (int j = 0; j < len; j++) {
            z[j] = (j - 2000) * 0.01f; // [-20, 20]
            bias[j] = 0.25f;
            scale[j] = j % 4 == 0 ? 1f : 0.5f;
        }
        float[] out = new float[len];
        FloatTanh.gates(z, bias, scale, out, len);
        for (int j = 0; j < len; j++) {
            double v = z[j] + 0.25;
            double exact = scale[j] == 1f ? Math.tanh(v) : 1 / (1 + Math.exp(-v));
            assertEquals(exact, out[j], 4e-7, "at z = " + z[j] + ", scale " + scale[j]);
        }
        float[] inPlace = z.clone();
        FloatTanh.gates(inPlace, bias, scale, inPlace, len);
        assertTrue(java.util.Arrays.equals(out, inPlace), "in place gives the same values");
    }

    @Test
    void arrayFormEqualsTheScalarOne() {
        float[] x = new float[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 500) * 0.023f;
        }
        float[] y = new float[x.length];
        FloatTanh.tanh(x, y, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(FloatTanh.tanh(x[i]), y[i], "at " + i);
        }
        assertEquals(0f, y[1000], "only len elements are written");
    }
}
