package org.rnn4j.datasets;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rnn4j.data.LabeledText;

/**
 * Reads your own labelled texts for {@link org.rnn4j.model.SequenceClassifier} from one of three layouts:
 * <ul>
 * <li>a CSV ({@code .csv}) or TSV ({@code .tsv}) file with a header row, the text and the label in named columns;
 * <li>a JSON Lines file ({@code .jsonl}, {@code .ndjson}): one JSON object per line, with the same field names;
 * <li>a folder with one subfolder per class holding UTF-8 {@code .txt} files, one text each (the aclImdb layout:
 *     {@code pos/}, {@code neg/}); other files and subfolders are skipped.
 * </ul>
 *
 * <pre>{@code
 * LabeledTexts data = LabeledTextFiles.read(Path.of("tickets.csv"),
 *         LabeledTextFiles.Options.defaults().classes("bad", "good"));   // label "bad" = 0, "good" = 1
 * LabeledTexts.Split split = data.canonical().split(0.2, 0);
 * }</pre>
 *
 * <p><b>Labels.</b> With classes given, each label is one of the two names (the first is 0, the second 1), or
 * every label is 0 or 1; in a folder, the subfolders named after the classes are read. Without classes, labels 0
 * and 1 are taken as they are (the classes are then named "negative" and "positive"); any other two labels, or
 * the two subfolders, become the classes in sorted order, which {@link LabeledTexts#inferredClasses()} reports.
 *
 * <p><b>Order.</b> Texts come in the file's order; from folders, class 0's files, then class 1's, each in sorted
 * file-name order. {@link LabeledTexts#canonical()} sorts either the same way.
 *
 * <p><b>Errors.</b> Everything is checked while reading, before any training, and each error names the file and,
 * where it applies, the line: a missing column (with the columns found), a label outside the classes, an empty
 * text, a file with texts of one class only (or more than two labels), a malformed CSV quote, invalid UTF-8 (with
 * the byte offset), a JSON Lines line that is not a JSON object.
 */
public final class LabeledTextFiles {
    /** The class names of labels 0 and 1 when none are given. */
    public static final List<String> DEFAULT_CLASSES = List.of("negative", "positive");

    private LabeledTextFiles() {
    }

    /**
     * Where the texts and labels are and what the labels are called.
     *
     * @param textColumn the column (CSV, TSV) or field (JSON Lines) of the texts
     * @param labelColumn the column or field of the labels
     * @param classes the two class names, negative (0) first; empty = take them from the data
     */
    public record Options(String textColumn, String labelColumn, List<String> classes) {
        /** Checks the names. */
        public Options {
            if (textColumn == null || textColumn.isBlank() || labelColumn == null || labelColumn.isBlank()) {
                throw new IllegalArgumentException("the text and label columns must be named, got '" + textColumn
                        + "' and '" + labelColumn + "'");
            }
            classes = List.copyOf(classes);
            if (!classes.isEmpty() && (classes.size() != 2 || classes.get(0).isBlank() || classes.get(1).isBlank()
                    || classes.get(0).equals(classes.get(1)))) {
                throw new IllegalArgumentException("give two distinct, non-empty class names (negative first), got "
                        + classes);
            }
        }

        /** @return columns {@code text} and {@code label}, classes taken from the data */
        public static Options defaults() {
            return new Options("text", "label", List.of());
        }

        /** @param name the text column or field @return options with it */
        public Options textColumn(String name) {
            return new Options(name, labelColumn, classes);
        }

        /** @param name the label column or field @return options with it */
        public Options labelColumn(String name) {
            return new Options(textColumn, name, classes);
        }

        /**
         * @param negative the name of class 0
         * @param positive the name of class 1
         * @return options with these classes
         */
        public Options classes(String negative, String positive) {
            return new Options(textColumn, labelColumn, List.of(negative, positive));
        }
    }

    /**
     * Reads a file or a folder with the default {@link Options}.
     *
     * @param fileOrFolder a {@code .csv}, {@code .tsv}, {@code .jsonl} or {@code .ndjson} file, or a folder of class
     *     subfolders
     * @return the texts and their class names
     * @throws IOException when it is missing or unreadable, a CSV quote is malformed, or the bytes are not UTF-8
     * @throws IllegalArgumentException when a column is missing, a text is empty, or the labels are not two classes
     */
    public static LabeledTexts read(Path fileOrFolder) throws IOException {
        return read(fileOrFolder, Options.defaults());
    }

    /**
     * Reads a file or a folder.
     *
     * @param fileOrFolder a {@code .csv}, {@code .tsv}, {@code .jsonl} or {@code .ndjson} file, or a folder of class
     *     subfolders
     * @param options the columns and the classes
     * @return the texts and their class names
     * @throws IOException when it is missing or unreadable, a CSV quote is malformed, or the bytes are not UTF-8
     * @throws IllegalArgumentException when a column is missing, a text is empty, a label is not a class, the labels
     *     are not two classes, or the file's extension names no layout
     */
    public static LabeledTexts read(Path fileOrFolder, Options options) throws IOException {
        if (Files.isDirectory(fileOrFolder)) {
            return readFolders(fileOrFolder, options);
        }
        if (!Files.isRegularFile(fileOrFolder)) {
            throw new IOException("no such file or folder: " + fileOrFolder);
        }
        if (TextRecords.Format.of(fileOrFolder) == TextRecords.Format.LINES) {
            throw new IllegalArgumentException("cannot tell the layout of " + fileOrFolder + ": give a .csv, .tsv, "
                    + ".jsonl or .ndjson file, or a folder with one subfolder of .txt files per class");
        }
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (TextRecords in = TextRecords.open(fileOrFolder, options.textColumn(), options.labelColumn())) {
            for (TextRecords.Record r = in.read(); r != null; r = in.read()) {
                texts.add(r.text());
                labels.add(r.label());
                lines.add(r.line());
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(fileOrFolder + " holds no texts");
        }
        return label(fileOrFolder, texts, labels, lines, options.classes());
    }

    /** Maps the labels to 0 and 1 (see the class comment) and checks that both classes have texts. */
    private static LabeledTexts label(Path file, List<String> texts, List<String> labels, List<Long> lines,
                                      List<String> classes) {
        Map<String, Integer> firstIndex = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            firstIndex.putIfAbsent(labels.get(i), i);
        }
        Set<String> distinct = firstIndex.keySet();
        boolean binary = Set.of("0", "1").containsAll(distinct);
        List<String> names;
        boolean byName;
        if (!classes.isEmpty()) {
            names = classes;
            byName = classes.containsAll(distinct) || !binary;
            if (byName && !classes.containsAll(distinct)) {
                int i = firstIndex.entrySet().stream().filter(e -> !classes.contains(e.getKey()))
                        .mapToInt(Map.Entry::getValue).min().orElseThrow();
                throw new IllegalArgumentException(file + " line " + lines.get(i) + ": label '" + labels.get(i)
                        + "' is not one of the classes '" + classes.get(0) + "', '" + classes.get(1) + "'");
            }
        } else if (binary) {
            names = DEFAULT_CLASSES;
            byName = false;
        } else {
            names = List.copyOf(distinct);
            byName = true;
            if (names.size() > 2) {
                int third = firstIndex.values().stream().sorted().skip(2).findFirst().orElseThrow();
                throw new IllegalArgumentException(file + " has " + names.size() + " different labels ("
                        + abbreviate(names) + "; the third first appears at line " + lines.get(third) + "); a binary "
                        + "classifier needs two: give the two classes, or relabel");
            }
            if (names.size() == 1) {
                throw new IllegalArgumentException(file + " holds texts of one class only (every label is '"
                        + names.get(0) + "', " + texts.size() + " texts); a classifier needs texts of both classes");
            }
        }
        List<LabeledText> out = new ArrayList<>(texts.size());
        int[] counts = new int[2];
        for (int i = 0; i < texts.size(); i++) {
            int label = byName ? names.indexOf(labels.get(i)) : Integer.parseInt(labels.get(i));
            counts[label]++;
            out.add(new LabeledText(texts.get(i), label));
        }
        requireBothClasses(file, names, counts);
        return new LabeledTexts(out, names, classes.isEmpty() && byName);
    }

    private static void requireBothClasses(Path file, List<String> names, int[] counts) {
        for (int label = 0; label < 2; label++) {
            if (counts[label] == 0) {
                throw new IllegalArgumentException(file + " holds texts of one class only ('" + names.get(1 - label)
                        + "', " + counts[1 - label] + " texts; none of '" + names.get(label) + "'); a classifier "
                        + "needs texts of both classes");
            }
        }
    }

    private static LabeledTexts readFolders(Path root, Options options) throws IOException {
        List<String> found;
        try (Stream<Path> s = Files.list(root)) {
            found = s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
        List<String> names;
        if (!options.classes().isEmpty()) {
            names = options.classes();
            for (String c : names) {
                if (!found.contains(c)) {
                    throw new IllegalArgumentException(root + " has no subfolder '" + c + "' for class '" + c
                            + "'; its subfolders are " + (found.isEmpty() ? "none" : "'" + String.join("', '", found)
                            + "'"));
                }
            }
        } else if (found.size() == 2) {
            names = found;
        } else {
            throw new IllegalArgumentException(root + " has " + (found.isEmpty() ? "no subfolders" : found.size()
                    + " subfolder" + (found.size() == 1 ? "" : "s") + " (" + abbreviate(found) + ")")
                    + (found.size() == 1 ? ": texts of one class only; a classifier needs two classes" : "; "
                    + "give the two class names, or keep one subfolder of .txt files per class"));
        }
        List<LabeledText> out = new ArrayList<>();
        int[] counts = new int[2];
        for (int label = 0; label < 2; label++) {
            for (Path f : textFiles(root.resolve(names.get(label)))) {
                String text = readUtf8(f);
                if (text.isBlank()) {
                    throw new IllegalArgumentException(f + " is empty: each .txt file holds one text");
                }
                out.add(new LabeledText(text, label));
                counts[label]++;
            }
            if (counts[label] == 0) {
                throw new IllegalArgumentException(root.resolve(names.get(label)) + " holds no .txt files, so there "
                        + "are texts of one class only; a classifier needs texts of both classes");
            }
        }
        return new LabeledTexts(out, names, options.classes().isEmpty());
    }

    /** The {@code .txt} files of a folder, sorted by name. */
    private static List<Path> textFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
    }

    /** A whole file, decoded strictly (an error names the byte offset and line). */
    static String readUtf8(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        try (Reader in = new Utf8Reader(Files.newInputStream(file), file.toString())) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                b.append(buf, 0, n);
            }
        }
        return b.toString();
    }

    private static String abbreviate(List<String> names) {
        String shown = "'" + String.join("', '", names.subList(0, Math.min(5, names.size()))) + "'";
        return names.size() <= 5 ? shown : shown + ", ...";
    }
}
