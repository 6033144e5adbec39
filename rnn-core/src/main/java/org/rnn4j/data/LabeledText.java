package org.rnn4j.data;

/**
 * A text with a binary label: 1 = positive, 0 = negative.
 *
 * @param text the text, not {@code null}
 * @param label 0 or 1
 */
public record LabeledText(String text, int label) {
    /** Validates the text and the label. */
    public LabeledText {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 (negative) or 1 (positive), got " + label);
        }
    }
}
