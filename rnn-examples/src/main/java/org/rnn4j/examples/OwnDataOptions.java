package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rnn4j.datasets.LabeledTextFiles;
import org.rnn4j.datasets.LabeledTexts;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sentiment train}'s options for training on your own labelled texts instead of IMDb: a CSV, TSV or JSON
 * Lines file, or a folder of class subfolders ({@link LabeledTextFiles}), with a test file or a held-out share.
 * Values are checked when the command line is parsed, the combination before any data is read.
 */
final class OwnDataOptions {
    /** The test share when {@code --train} comes without {@code --test} or {@code --test-split}. */
    static final double DEFAULT_TEST_SPLIT = 0.2;
    /** Salt of the test split's seed (the other shuffles of {@code sentiment train} use 17 and 29). */
    static final long SPLIT_SALT = 31;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    Path train;
    Path test;
    Double testSplit;
    String textColumn;
    String labelColumn;
    List<String> classes;

    @Option(names = "--train", paramLabel = "FILE_OR_DIR", description = "train on your own labelled texts instead "
            + "of IMDb: a .csv, .tsv or .jsonl file (columns --text-column and --label-column) or a folder with one "
            + "subfolder of .txt files per class")
    void train(Path p) {
        this.train = existing("--train", p);
    }

    @Option(names = "--test", paramLabel = "FILE_OR_DIR", description = "with --train: the test texts, in any of "
            + "--train's layouts, with the same classes")
    void test(Path p) {
        this.test = existing("--test", p);
    }

    @Option(names = "--test-split", paramLabel = "SHARE", description = "with --train: hold out this share of each "
            + "class as the test set (seeded by --seed; default " + DEFAULT_TEST_SPLIT + " without --test)")
    void testSplit(double share) {
        if (!(share > 0 && share < 1)) {
            throw bad("--test-split must be in (0, 1), got " + share);
        }
        this.testSplit = share;
    }

    @Option(names = "--text-column", paramLabel = "NAME", description = "with --train: the column or JSON field of "
            + "the texts (default: text)")
    void textColumn(String name) {
        this.textColumn = named("--text-column", name);
    }

    @Option(names = "--label-column", paramLabel = "NAME", description = "with --train: the column or JSON field of "
            + "the labels (default: label)")
    void labelColumn(String name) {
        this.labelColumn = named("--label-column", name);
    }

    @Option(names = "--classes", paramLabel = "NEG,POS", description = "with --train: the two labels (or subfolder "
            + "names); the first is class 0, the second class 1, whose probability the model predicts (default: "
            + "labels 0 and 1, or the two labels in sorted order)")
    void classes(String list) {
        String[] parts = list.split(",", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()
                || parts[0].strip().equals(parts[1].strip())) {
            throw bad("--classes takes two different names separated by a comma, negative first (e.g. --classes "
                    + "bad,good), got '" + list + "'");
        }
        this.classes = List.of(parts[0].strip(), parts[1].strip());
    }

    /** Rejects options that need {@code --train}, and {@code --test} with {@code --test-split}. */
    void check() {
        if (train == null && (test != null || testSplit != null || textColumn != null || labelColumn != null
                || classes != null)) {
            throw bad("--test, --test-split, --text-column, --label-column and --classes need --train (without it "
                    + "the command trains on IMDb)");
        }
        if (test != null && testSplit != null) {
            throw bad("give --test or --test-split, not both");
        }
    }

    /** @return whether {@code --train} was given */
    boolean given() {
        return train != null;
    }

    /** @return the loaders' options: the columns and classes given */
    LabeledTextFiles.Options options() {
        LabeledTextFiles.Options o = LabeledTextFiles.Options.defaults();
        o = textColumn != null ? o.textColumn(textColumn) : o;
        o = labelColumn != null ? o.labelColumn(labelColumn) : o;
        return classes != null ? o.classes(classes.get(0), classes.get(1)) : o;
    }

    /**
     * Reads the training texts, and the test texts or a stratified seeded share of the training texts, each in
     * {@link LabeledTexts#canonical() canonical order} (so a CSV file and class folders of the same texts train the
     * same model).
     *
     * @param seed the run's seed
     * @return the training and test texts, with the classes
     * @throws IOException when a file cannot be read
     */
    LabeledTexts.Split load(long seed) throws IOException {
        LabeledTexts all = LabeledTextFiles.read(train, options()).canonical();
        if (all.inferredClasses()) {
            System.out.printf(Locale.ROOT, "%s: no --classes given, so the two labels in sorted order are the "
                    + "classes: '%s' = 0, '%s' = 1 (the model predicts the probability of '%s')%n", train,
                    all.classes().get(0), all.classes().get(1), all.classes().get(1));
        }
        if (test == null) {
            return all.split(testSplit != null ? testSplit : DEFAULT_TEST_SPLIT, seed + SPLIT_SALT);
        }
        LabeledTexts t = LabeledTextFiles.read(test, options().classes(all.classes().get(0),
                all.classes().get(1))).canonical();
        return new LabeledTexts.Split(all, t);
    }

    /** @return a name for results files: the training file's name without its extension */
    String stem() {
        String name = train.toAbsolutePath().normalize().getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private Path existing(String option, Path p) {
        if (!Files.exists(p)) {
            throw bad(option + ": no such file or folder: " + p);
        }
        return p;
    }

    private String named(String option, String name) {
        if (name.isBlank()) {
            throw bad(option + " must name a column");
        }
        return name;
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
