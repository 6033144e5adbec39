package org.rnn4j.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The character vocabulary of a character-level language model (as the book's): every distinct code point of the
 * training text, sorted by code point, index = position. Code points need not be ASCII (War and Peace has
 * {@code à ä é ê} and a byte-order mark).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CharVocabulary {
    private final int[] codePoints;

    private CharVocabulary(int[] sortedDistinct) {
        this.codePoints = sortedDistinct;
    }

    /**
     * The book's text preparation: every CRLF, and every lone CR, becomes LF (Python's universal newlines);
     * everything is lower-cased; a leading byte-order mark is kept.
     *
     * @param raw decoded text
     * @return the normalised text
     */
    public static String normalize(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return raw.replace("\r\n", "\n").replace('\r', '\n').toLowerCase(Locale.ROOT);
    }

    /**
     * @param text the (already normalised) training text
     * @return its distinct code points in code-point order
     * @throws IllegalArgumentException when the text is null or empty
     */
    public static CharVocabulary of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("cannot build a character vocabulary from "
                    + (text == null ? "null" : "empty") + " text");
        }
        return new CharVocabulary(text.codePoints().distinct().sorted().toArray());
    }

    /**
     * Restores a vocabulary from {@link #toString()}-independent storage: the code points in order.
     *
     * @param codePoints distinct code points in ascending order
     * @return the vocabulary
     * @throws IllegalArgumentException when the list is empty, unsorted, repeated or not valid code points
     */
    public static CharVocabulary ofCodePoints(int[] codePoints) {
        if (codePoints == null || codePoints.length == 0) {
            throw new IllegalArgumentException("a character vocabulary needs at least one code point");
        }
        for (int i = 0; i < codePoints.length; i++) {
            if (!Character.isValidCodePoint(codePoints[i])) {
                throw new IllegalArgumentException("invalid code point " + codePoints[i] + " at position " + i);
            }
            if (i > 0 && codePoints[i] <= codePoints[i - 1]) {
                throw new IllegalArgumentException("code points must be strictly ascending; position " + i
                        + " has U+" + Integer.toHexString(codePoints[i]).toUpperCase(Locale.ROOT));
            }
        }
        return new CharVocabulary(codePoints.clone());
    }

    /** @return the number of distinct characters */
    public int size() {
        return codePoints.length;
    }

    /** @return the code points in index order (a copy) */
    public int[] codePoints() {
        return codePoints.clone();
    }

    /**
     * @param codePoint a character
     * @return its index, or -1 when it is not in the vocabulary
     */
    public int indexOf(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /**
     * @param index an index in {@code [0, size())}
     * @return the code point at that index
     */
    public int codePoint(int index) {
        if (index < 0 || index >= codePoints.length) {
            throw new IllegalArgumentException("character index " + index + " is outside [0, " + codePoints.length
                    + ")");
        }
        return codePoints[index];
    }

    /**
     * Encodes a text, every character of which must be in the vocabulary.
     *
     * @param text the text
     * @return one index per code point
     * @throws IllegalArgumentException naming the first unknown character and its position
     */
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int[] cps = text.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int k = indexOf(cps[i]);
            if (k < 0) {
                throw new IllegalArgumentException("character " + describe(cps[i]) + " at position " + i
                        + " is not in the model's vocabulary of " + size() + " characters");
            }
            out[i] = k;
        }
        return out;
    }

    /**
     * @param indices character indices
     * @return the text they spell
     */
    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder(indices.length);
        for (int i : indices) {
            sb.appendCodePoint(codePoint(i));
        }
        return sb.toString();
    }

    /** @return the characters in index order, each described (for logs and errors) */
    @Override
    public String toString() {
        return Arrays.stream(codePoints).mapToObj(CharVocabulary::describe).collect(Collectors.joining(" ", "[", "]"));
    }

    /**
     * @param cp a code point
     * @return it quoted when printable, else as {@code U+XXXX}
     */
    static String describe(int cp) {
        return Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT || Character.isWhitespace(cp)
                ? String.format(Locale.ROOT, "U+%04X", cp) : "'" + new String(Character.toChars(cp)) + "'";
    }
}
