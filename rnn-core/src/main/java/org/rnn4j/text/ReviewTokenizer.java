package org.rnn4j.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The review tokenizer of the book's sentiment project, quirks included.
 *
 * <ol>
 *   <li>HTML-like tags {@code <...>} are deleted.</li>
 *   <li>Emoticons ({@code :) ;( =-)} ...) are collected from the lower-cased text. Because the text is
 *       already lower case, the book's {@code D}/{@code P} mouths never match.</li>
 *   <li>The lower-cased text has every run of non-word characters (Unicode-aware) replaced by one space.</li>
 *   <li>The emoticons, noses removed, are appended <em>directly</em> (so one may glue onto the last word,
 *       e.g. {@code movie:)}) and joined by spaces.</li>
 *   <li>The result is split on whitespace.</li>
 * </ol>
 */
public final class ReviewTokenizer implements Tokenizer {
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern EMOTICON = Pattern.compile("[:;=]-?[()DP]");
    // Python's Unicode \w is letters, numbers (Nd, Nl, No) and "_"; Java's also takes combining marks
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}_]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /** A shared instance; the tokenizer holds no state. */
    public static final ReviewTokenizer INSTANCE = new ReviewTokenizer();

    @Override
    public List<String> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        String lower = TAG.matcher(text).replaceAll("").toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(NON_WORD.matcher(lower).replaceAll(" "));
        Matcher m = EMOTICON.matcher(lower);
        boolean first = true;
        while (m.find()) {
            if (!first) {
                out.append(' ');
            }
            out.append(m.group().replace("-", ""));
            first = false;
        }
        List<String> tokens = new ArrayList<>();
        for (String t : WHITESPACE.split(out)) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        return tokens;
    }
}
