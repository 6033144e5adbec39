package org.rnn4j.model;

/** Checks shared by the model builders; each error names the setting and the bad value. */
final class Builders {
    private Builders() {
    }

    static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    static void dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
        }
    }

    static void learningRate(double lr) {
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + lr);
        }
    }
}
