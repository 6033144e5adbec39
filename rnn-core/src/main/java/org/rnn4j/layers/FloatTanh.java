package org.rnn4j.layers;

/**
 * tanh for float networks as a rational function, {@code tanh(x) ~ x P(x^2) / Q(x^2)} with P and Q of degree 4 in
 * {@code x^2}, the argument clamped to [-9, 9] (where float tanh is 1 to within 2 ulp). Largest error 3.5e-7
 * relative (6 float ulp) over the whole range; the coefficients and that figure come from
 * {@code scripts/fit_tanh.py}.
 *
 * <p>Why not {@link Math#exp}: it is a call per element that C2 (Java 17) does not vectorise, and an LSTM step
 * needs five per unit. This formula is multiplications, additions, one division and a min/max, which C2 turns
 * into SIMD code in a plain counted loop. A stock-model step's gate activations took 0.35 ns per value this way
 * against 5.4 ns with {@code Math.exp} in double (rnn-benchmarks' {@code GateActivationBenchmark}, 2026-12-03,
 * 2-vCPU AMD EPYC with AVX-512, idle). Sigmoids use
 * {@code sigmoid(x) = (1 + tanh(x / 2)) / 2}, whose error is absolute (at most 2e-7), as the gates need.
 */
final class FloatTanh {
    private static final float CLAMP = 9f;
    private static final float P0 = 0.9999999794583363f;
    private static final float P1 = 0.13381073183112613f;
    private static final float P2 = 0.0034956445978228559f;
    private static final float P3 = 2.0610011469982415e-05f;
    private static final float P4 = 1.3355948541571294e-08f;
    private static final float Q1 = 0.4671438878674895f;
    private static final float Q2 = 0.025877197026697708f;
    private static final float Q3 = 0.00032857271676988104f;
    private static final float Q4 = 7.7770851609690328e-07f;

    private FloatTanh() {
    }

    /** tanh(x); NaN stays NaN. */
    static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float u = v * v;
        float p = (((P4 * u + P3) * u + P2) * u + P1) * u + P0;
        float q = (((Q4 * u + Q3) * u + Q2) * u + Q1) * u + 1f;
        return v * p / q;
    }

    /** sigmoid(x) = (1 + tanh(x / 2)) / 2, absolute error at most 2e-7. */
    static float sigmoid(float x) {
        return 0.5f * tanh(0.5f * x) + 0.5f;
    }

    /**
     * An LSTM step's gate activations in one loop C2 vectorises: {@code out[j] = tanh((z[j] + bias[j]) s) s + 1 - s}
     * with {@code s = scale[j]}, which is the tanh where s = 1 and the sigmoid where s = 1/2. {@code out} may be
     * {@code z}.
     */
    static void gates(float[] z, float[] bias, float[] scale, float[] out, int len) {
        for (int j = 0; j < len; j++) {
            float s = scale[j];
            out[j] = tanh((z[j] + bias[j]) * s) * s + (1 - s);
        }
    }

    /** {@code y[j] = tanh(x[j])} for j &lt; len, in one loop C2 vectorises. */
    static void tanh(float[] x, float[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] = tanh(x[j]);
        }
    }
}
