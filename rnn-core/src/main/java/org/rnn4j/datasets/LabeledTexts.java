package org.rnn4j.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.rnn4j.data.LabeledText;

/**
 * Labelled texts with the names of their two classes, as {@link LabeledTextFiles} reads them.
 *
 * @param texts the texts; label 0 is {@code classes.get(0)}, label 1 is {@code classes.get(1)}
 * @param classes the two class names, negative (0) first
 * @param inferredClasses whether the class names were not given but taken from the data: the two distinct labels,
 *     or the two subfolders, in sorted order (so the second in sorted order is the "positive" class, 1)
 */
public record LabeledTexts(List<LabeledText> texts, List<String> classes, boolean inferredClasses) {
    /** The texts in sorted order: by label, then by text ({@link String#compareTo}). */
    public static final Comparator<LabeledText> CANONICAL_ORDER =
            Comparator.comparingInt(LabeledText::label).thenComparing(LabeledText::text);

    /** Copies the lists and checks that there are two distinct class names. */
    public LabeledTexts {
        texts = List.copyOf(texts);
        classes = List.copyOf(classes);
        if (classes.size() != 2 || classes.get(0).equals(classes.get(1))) {
            throw new IllegalArgumentException("two distinct class names are needed, got " + classes);
        }
    }

    /**
     * @param texts the texts
     * @param classes the two class names, negative (0) first
     */
    public LabeledTexts(List<LabeledText> texts, List<String> classes) {
        this(texts, classes, false);
    }

    /** @return how many texts there are */
    public int size() {
        return texts.size();
    }

    /**
     * @param label 0 or 1
     * @return how many texts have that label
     */
    public int count(int label) {
        return (int) texts.stream().filter(t -> t.label() == label).count();
    }

    /**
     * The same texts in {@link #CANONICAL_ORDER}: class 0 first, each class's texts sorted. Texts read from a CSV
     * file, a JSON Lines file or class folders come in the file's order; sorted, the same texts give the same
     * list whatever their layout, so a seeded model trained on them is the same.
     *
     * @return the sorted texts, with the same classes
     */
    public LabeledTexts canonical() {
        List<LabeledText> sorted = new ArrayList<>(texts);
        sorted.sort(CANONICAL_ORDER);
        return new LabeledTexts(sorted, classes, inferredClasses);
    }

    /**
     * A training set and a test set.
     *
     * @param train the training texts
     * @param test the held-out texts
     */
    public record Split(LabeledTexts train, LabeledTexts test) {
    }

    /**
     * Splits the texts, stratified: of each class, a share {@code testShare} (rounded, at least one text and at most
     * all but one) drawn at random from the seed goes to the test set. Both sets keep this list's order.
     *
     * @param testShare the share of each class held out, in (0, 1)
     * @param seed the seed of the draw
     * @return the training and test texts, with this list's classes
     * @throws IllegalArgumentException when the share is not in (0, 1), or a class has fewer than two texts
     */
    public Split split(double testShare, long seed) {
        if (!(testShare > 0 && testShare < 1)) {
            throw new IllegalArgumentException("the test share must be in (0, 1), got " + testShare);
        }
        boolean[] test = new boolean[texts.size()];
        Random random = new Random(seed);
        for (int label = 0; label < 2; label++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).label() == label) {
                    members.add(i);
                }
            }
            if (members.size() < 2) {
                throw new IllegalArgumentException("class '" + classes.get(label) + "' has " + members.size()
                        + " text(s); a split needs at least two of each class");
            }
            Collections.shuffle(members, random);
            long n = Math.max(1, Math.min(members.size() - 1, Math.round(members.size() * testShare)));
            for (int k = 0; k < n; k++) {
                test[members.get(k)] = true;
            }
        }
        List<LabeledText> a = new ArrayList<>();
        List<LabeledText> b = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            (test[i] ? b : a).add(texts.get(i));
        }
        return new Split(new LabeledTexts(a, classes, inferredClasses), new LabeledTexts(b, classes, inferredClasses));
    }
}
