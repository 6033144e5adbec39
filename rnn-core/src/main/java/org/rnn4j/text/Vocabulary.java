package org.rnn4j.text;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A word vocabulary: token to index, with {@code <pad>} = 0 and {@code <unk>} = 1 (the book's sentiment project).
 *
 * <p>Built from training texts only: tokens are ordered by descending count, ties keep the order in
 * which tokens were first seen. Unknown tokens map to {@link #UNK}. Instances are immutable and
 * thread-safe.
 */
public final class Vocabulary {
    /** Index of the padding token. */
    public static final int PAD = 0;
    /** Index of the unknown-token marker. */
    public static final int UNK = 1;
    /** Text of the padding token. */
    public static final String PAD_TOKEN = "<pad>";
    /** Text of the unknown-token marker. */
    public static final String UNK_TOKEN = "<unk>";

    private final List<String> tokens;
    private final Map<String, Integer> index;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.index = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (index.putIfAbsent(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: '" + tokens.get(i) + "'");
            }
        }
    }

    /** @return a builder with no frequency or size limit (the book's settings) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the number of entries, {@code <pad>} and {@code <unk>} included */
    public int size() {
        return tokens.size();
    }

    /**
     * @param token a token
     * @return its index, or {@link #UNK} when the token is not in the vocabulary
     */
    public int indexOf(String token) {
        return index.getOrDefault(token, UNK);
    }

    /**
     * @param id an index in {@code [0, size())}
     * @return the token at that index
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token index " + id + " is outside [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /**
     * @param tokens tokens to encode
     * @return their indices, unknown tokens as {@link #UNK}
     */
    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = indexOf(tokens.get(i));
        }
        return ids;
    }

    /**
     * Writes one token per line, in index order.
     *
     * @param out where to write; not closed
     * @throws IOException on a write failure
     */
    public void write(Writer out) throws IOException {
        BufferedWriter w = new BufferedWriter(out);
        for (String t : tokens) {
            w.write(t);
            w.write('\n');
        }
        w.flush();
    }

    /**
     * Reads a vocabulary written by {@link #write(Writer)}.
     *
     * @param in the reader; not closed
     * @return the vocabulary
     * @throws IOException on a read failure or when the content is not a vocabulary
     */
    public static Vocabulary read(Reader in) throws IOException {
        BufferedReader r = new BufferedReader(in);
        List<String> tokens = new ArrayList<>();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            tokens.add(line);
        }
        if (tokens.size() < 2 || !PAD_TOKEN.equals(tokens.get(0)) || !UNK_TOKEN.equals(tokens.get(1))) {
            throw new IOException("not a vocabulary: it must start with " + PAD_TOKEN + " and " + UNK_TOKEN);
        }
        try {
            return new Vocabulary(tokens);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt vocabulary: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link Vocabulary} from tokenized training texts. */
    public static final class Builder {
        private int minFrequency = 1;
        private int maxSize = Integer.MAX_VALUE;
        private final LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param minFrequency keep only tokens seen at least this often (default 1: keep all)
         * @return this builder
         */
        public Builder minFrequency(int minFrequency) {
            this.minFrequency = minFrequency;
            return this;
        }

        /**
         * @param maxSize the largest vocabulary size, {@code <pad>} and {@code <unk>} included
         *     (default: unlimited)
         * @return this builder
         */
        public Builder maxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        /**
         * Counts the tokens of one training text.
         *
         * @param tokens the text's tokens
         * @return this builder
         */
        public Builder add(List<String> tokens) {
            for (String t : tokens) {
                counts.computeIfAbsent(t, k -> new int[1])[0]++;
            }
            return this;
        }

        /**
         * @return the vocabulary of the tokens added so far
         * @throws IllegalArgumentException when a setting is invalid
         */
        public Vocabulary build() {
            if (minFrequency < 1) {
                throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
            }
            if (maxSize < 2) {
                throw new IllegalArgumentException("maxSize must be >= 2 (<pad> and <unk>), got " + maxSize);
            }
            List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
            // List.sort is stable: equal counts keep first-seen order
            entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
            List<String> tokens = new ArrayList<>(Math.min(entries.size() + 2, maxSize));
            tokens.add(PAD_TOKEN);
            tokens.add(UNK_TOKEN);
            for (Map.Entry<String, int[]> e : entries) {
                if (tokens.size() >= maxSize || e.getValue()[0] < minFrequency) {
                    break;
                }
                if (!e.getKey().equals(PAD_TOKEN) && !e.getKey().equals(UNK_TOKEN)) {
                    tokens.add(e.getKey());
                }
            }
            return new Vocabulary(tokens);
        }
    }
}
