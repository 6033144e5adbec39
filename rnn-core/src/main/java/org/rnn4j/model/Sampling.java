package org.rnn4j.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * How {@link CharLanguageModel#generate} picks each next character from the model's logits: scale by
 * {@code 1/temperature}, keep the {@code topK} most likely characters, then keep the smallest set of the most
 * likely ones whose probability reaches {@code topP} (nucleus sampling), renormalise and draw with a generator
 * seeded by {@code seed}. The defaults (temperature 1, no top-k, top-p 1) are the book's plain categorical
 * sampling (the book's text-generation project); a temperature near 0, or {@code topK(1)}, gives the greedy path.
 *
 * <pre>{@code
 * Sampling s = Sampling.builder().temperature(0.8).topP(0.95).seed(7).build();
 * }</pre>
 *
 * @param temperature divides the logits; {@code > 0}
 * @param topK characters kept before top-p, {@code >= 1}; {@link Integer#MAX_VALUE} = all
 * @param topP probability mass kept, in {@code (0, 1]}
 * @param seed seed of the draws; the same seed, model and prefix give the same text
 */
public record Sampling(double temperature, int topK, double topP, long seed) {

    /** Validates. @throws IllegalArgumentException naming the bad setting and its value */
    public Sampling {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0 (and finite), got " + temperature);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be >= 1, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
    }

    /** @return the book's sampling: temperature 1, no top-k or top-p, seed 0 */
    public static Sampling book() {
        return builder().build();
    }

    /** @return a builder with the book's settings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a random-number generator for one generation, seeded with {@link #seed()} */
    SplittableRandom newRandom() {
        return new SplittableRandom(seed);
    }

    /**
     * The distribution this sampling draws from, given a step's logits: temperature, then top-k, then top-p,
     * renormalised. Ties in probability keep the lower index first.
     *
     * @param logits raw scores, one per character
     * @return probabilities, zero outside the kept set, summing to 1
     */
    public double[] distribution(float[] logits) {
        int n = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        double[] out = new double[n];
        double kept = 0;
        for (int r = 0; r < Math.min(topK, n); r++) {
            int i = order[r];
            out[i] = p[i];
            kept += p[i];
            if (kept >= topP - 1e-6) { // tolerance for float logits
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] /= kept;
        }
        return out;
    }

    /**
     * Draws one index from {@link #distribution(float[])}.
     *
     * @param logits raw scores
     * @param random the generation's generator
     * @return the chosen index
     */
    int sample(float[] logits, SplittableRandom random) {
        double[] p = distribution(logits);
        double u = random.nextDouble();
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                last = i;
                u -= p[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Builder of {@link Sampling}; values are checked when built. */
    public static final class Builder {
        private double temperature = 1;
        private int topK = Integer.MAX_VALUE;
        private double topP = 1;
        private long seed;

        private Builder() {
        }

        /** @param t logit divisor, {@code > 0} (default 1) @return this builder */
        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        /** @param k keep only the k most likely characters, {@code >= 1} (default all) @return this builder */
        public Builder topK(int k) {
            this.topK = k;
            return this;
        }

        /** @param p nucleus mass in {@code (0, 1]} (default 1 = off) @return this builder */
        public Builder topP(double p) {
            this.topP = p;
            return this;
        }

        /** @param seed seed of the draws (default 0) @return this builder */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @return the sampling @throws IllegalArgumentException naming the bad setting and its value */
        public Sampling build() {
            return new Sampling(temperature, topK, topP, seed);
        }
    }
}
