package org.rnn4j.model;

/**
 * The seed handed to ND4J's native random generator. In ND4J 1.0.0-M2.1 a seed of 0 does not fix the generator:
 * {@code Nd4j.getRandom().setSeed(0)} gives different numbers on every call, so a model built with seed 0 got
 * different weights in every run. rnn4j's default seed is 0, so 0 is mapped to a fixed non-zero value; every
 * other seed is passed through unchanged (results recorded with non-zero seeds stay reproducible).
 */
final class NativeSeed {
    /** What seed 0 becomes: the 64-bit golden ratio, an arbitrary fixed non-zero value. */
    static final long FOR_ZERO = 0x9E3779B97F4A7C15L;

    private NativeSeed() {
    }

    /** The seed to give ND4J for the user's {@code seed}: never 0. */
    static long of(long seed) {
        return seed == 0 ? FOR_ZERO : seed;
    }
}
