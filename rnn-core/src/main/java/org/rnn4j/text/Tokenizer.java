package org.rnn4j.text;

import java.util.List;

/** Splits a text into tokens. Implementations are stateless and thread-safe. */
@FunctionalInterface
public interface Tokenizer {
    /**
     * Splits {@code text} into tokens.
     *
     * @param text the text, never {@code null}
     * @return the tokens in order, possibly empty
     */
    List<String> tokenize(String text);
}
