package org.rnn4j.model;

/**
 * What the network is trained to output, given a target y and the reference value r (a feature of the window's
 * last row, raw units). {@code predict} always maps back to y's units.
 */
public enum TargetForm {
    /** y itself (the book) */
    ABSOLUTE,
    /** y − r */
    DIFFERENCE,
    /** y / r − 1; r must not be 0 */
    RETURN;

    double encode(double y, double r) {
        return switch (this) {
            case ABSOLUTE -> y;
            case DIFFERENCE -> y - r;
            case RETURN -> y / r - 1;
        };
    }

    double decode(double v, double r) {
        return switch (this) {
            case ABSOLUTE -> v;
            case DIFFERENCE -> r + v;
            case RETURN -> r * (1 + v);
        };
    }
}
