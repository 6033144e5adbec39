package org.rnn4j.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.text.CharVocabulary;

/**
 * A text for a character-level language model, prepared as the book's text-generation project does (universal newlines,
 * lower case, byte-order mark kept) and split into a training part and a held-out part, the last
 * {@value #HELD_OUT_PERCENT}% of the characters, which training never sees.
 *
 * @param text the whole normalised text
 * @param splitIndex code-point index where the held-out part starts
 */
public record TextCorpus(String text, int splitIndex) {
    /** Canonical download URL of War and Peace (Karpathy's char-rnn copy). */
    public static final String WAR_AND_PEACE_URL = "https://cs.stanford.edu/people/karpathy/char-rnn/warpeace_input.txt";
    /** Location of War and Peace inside the data cache. */
    public static final String WAR_AND_PEACE_FILE = "warpeace/warpeace_input.txt";
    /** Share of the text, at its end, held out for validation. */
    public static final int HELD_OUT_PERCENT = 5;

    /**
     * Loads War and Peace from the cache, downloading it when missing.
     *
     * @param home the data cache
     * @return the prepared text
     * @throws IOException when the file is missing and cannot be downloaded, or is not valid UTF-8
     */
    public static TextCorpus warAndPeace(DataHome home) throws IOException {
        return read(home.resolve(WAR_AND_PEACE_FILE, WAR_AND_PEACE_URL));
    }

    /**
     * Reads any UTF-8 text file (the chapter's exercise 3: train on your own text).
     *
     * @param file a UTF-8 text file
     * @return the prepared text
     * @throws IOException when the file is missing or not valid UTF-8
     */
    public static TextCorpus read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("text file not found: " + file);
        }
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("text file " + file + " is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
        try {
            return of(raw);
        } catch (IllegalArgumentException e) {
            throw new IOException("text file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param raw decoded text
     * @return the text normalised ({@link CharVocabulary#normalize(String)}) and split
     * @throws IllegalArgumentException when the text is empty
     */
    public static TextCorpus of(String raw) {
        String text = CharVocabulary.normalize(raw);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the text is empty");
        }
        int n = text.codePointCount(0, text.length());
        return new TextCorpus(text, (int) ((long) n * (100 - HELD_OUT_PERCENT) / 100));
    }

    /** @return the number of characters (code points) */
    public int length() {
        return splitIndex + heldOut().codePointCount(0, heldOut().length());
    }

    /** @return the first {@value #HELD_OUT_PERCENT}%-less part of the text, for training */
    public String training() {
        return text.substring(0, text.offsetByCodePoints(0, splitIndex));
    }

    /** @return the last {@value #HELD_OUT_PERCENT}% of the text, for validation */
    public String heldOut() {
        return text.substring(text.offsetByCodePoints(0, splitIndex));
    }
}
