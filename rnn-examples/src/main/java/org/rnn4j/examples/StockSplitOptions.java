package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.StockDataset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which price file {@code stock train} reads and which of its rows train, validate and test: the book's NASDAQ
 * file and split by default, or any daily price CSV ({@code --csv}) split at dates ({@code --test-from},
 * {@code --val-from}). The options are checked together before any data is read ({@link #check}); the dates
 * against the file right after it is read, before any training ({@link #read}).
 */
final class StockSplitOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    @Option(names = "--csv", paramLabel = "FILE", description = "train on this daily price CSV (columns Date, Open, "
            + "High, Low, Close, Volume, in any order) instead of the book's NASDAQ file; needs --test-from")
    Path csv;
    @Option(names = "--test-from", paramLabel = "YYYY-MM-DD", description = "rows dated from this day on are the "
            + "test set, the rows before it train (default: the book's split, test from 2023-01-01)")
    LocalDate testFrom;
    @Option(names = "--val-from", paramLabel = "YYYY-MM-DD", description = "rows dated from this day up to "
            + "--test-from validate: scored after every epoch and watched by --patience; training ends the day "
            + "before")
    LocalDate valFrom;
    @Option(names = "--validate", description = "hold out the last --val-rows training rows, train on the rows "
            + "before them and score them after every epoch (and for --patience); the test period is not used")
    boolean validate;
    @Option(names = "--val-rows", description = "rows held out by --validate (default: ${DEFAULT-VALUE})")
    int valRows = 124;
    @Option(names = "--train-from", description = "use only training rows dated from this day on (YYYY-MM-DD; "
            + "default: all, from 1991-01-03)")
    LocalDate trainFrom;

    /**
     * The rows of one run.
     *
     * @param data every complete row of the file
     * @param label what the printout calls the series: "NASDAQ" or the file's name
     * @param train the training rows
     * @param validation the rows scored after every epoch, or {@code null}
     * @param eval the rows scored at the end: the test rows, or with {@code --validate} the validation rows
     * @param evalName "test" or "validation"
     */
    record Rows(StockDataset data, String label, StockDataset train, StockDataset validation, StockDataset eval,
                String evalName) {
        /** @return whether validation rows are scored besides the evaluation rows (with --val-from) */
        boolean validationBesidesEval() {
            return validation != null && validation != eval;
        }
    }

    /**
     * Checks the options together, before any data is read.
     *
     * @param training the shared training options (for {@code --patience})
     * @throws ParameterException when a combination is invalid
     */
    void check(TrainingOptions training) {
        if (valRows < 1) {
            throw bad("--val-rows must be >= 1, got " + valRows);
        }
        if (csv != null && testFrom == null) {
            throw bad("--csv " + csv + " needs --test-from YYYY-MM-DD: the rows dated from that day on are the test "
                    + "set (the book's 2023-01-01 split is for the book's file)");
        }
        if (validate && valFrom != null) {
            throw bad("--validate and --val-from both choose validation rows; give one of them");
        }
        LocalDate test = testFrom != null ? testFrom : StockDataset.TEST_START;
        if (valFrom != null && !valFrom.isBefore(test)) {
            throw bad("--val-from " + valFrom + " must come before the test start " + test
                    + (testFrom == null ? " (the book's; set it with --test-from)" : ""));
        }
        LocalDate heldOut = valFrom != null ? valFrom : test;
        if (trainFrom != null && !trainFrom.isBefore(heldOut)) {
            throw bad("--train-from " + trainFrom + " must come before "
                    + (valFrom != null ? "--val-from " : "the test start ") + heldOut);
        }
        if (training.patience > 0 && !validate && valFrom == null) {
            throw bad("--patience " + training.patience + " needs --validate or --val-from: early stopping watches "
                    + "a validation slice, and must not see the test period");
        }
    }

    /** @return whether the run uses the book's file and split */
    boolean bookSplit() {
        return csv == null && testFrom == null && valFrom == null;
    }

    /**
     * Reads the file and splits it, checking that every part gives a window before any training.
     *
     * @param layout how the windows are cut
     * @return the rows
     * @throws IOException when the file is missing or invalid
     * @throws IllegalArgumentException when a date leaves a part empty or too short for one window
     */
    Rows read(SlidingWindows.Options layout) throws IOException {
        StockDataset data = csv != null ? StockDataset.read(csv) : StockDataset.load(DataHome.fromEnvironment());
        String label = csv != null ? String.valueOf(csv.getFileName()) : "NASDAQ";
        String which = csv != null ? " (" + csv + ")" : " (the book's NASDAQ file)";
        StockDataset.Split split;
        try {
            split = bookSplit() ? data.bookSplit() : valFrom != null
                    ? data.splitAt(valFrom, testFrom != null ? testFrom : StockDataset.TEST_START)
                    : data.splitAt(testFrom);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dates() + which + ": " + e.getMessage(), e);
        }
        StockDataset train = split.train();
        StockDataset validation = split.validation();
        if (validate) {
            if (valRows >= train.size() - layout.length()) {
                throw new IllegalArgumentException("--val-rows " + valRows + " leaves too few training rows (the "
                        + "training rows are " + train.period() + ")");
            }
            validation = train.rows(train.size() - valRows, train.size());
            train = train.rows(0, train.size() - valRows);
        }
        if (trainFrom != null) {
            try {
                train = train.between(trainFrom, train.date(train.size() - 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--train-from " + trainFrom + which + ": " + e.getMessage(), e);
            }
        }
        try {
            new StockDataset.Split(train, validation, split.test()).requireWindows(layout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dates() + which + ": " + e.getMessage(), e);
        }
        return validate ? new Rows(data, label, train, validation, validation, "validation")
                : new Rows(data, label, train, validation, split.test(), "test");
    }

    /** @return the options that chose the split, for messages */
    private String dates() {
        if (bookSplit()) {
            return validate ? "the book's split with --val-rows " + valRows : "the book's split";
        }
        return (valFrom != null ? "--val-from " + valFrom + " " : "")
                + (testFrom != null ? "--test-from " + testFrom : "the book's test start " + StockDataset.TEST_START);
    }

    /** @return the part of the results file's name that says which file and dates, e.g. "-walk-test2023-01-02" */
    String nameSuffix() {
        StringBuilder b = new StringBuilder();
        if (csv != null) {
            b.append('-').append(String.valueOf(csv.getFileName()).replaceFirst("\\.[^.]*$", ""));
        }
        if (valFrom != null) {
            b.append("-val").append(valFrom);
        }
        if (testFrom != null) {
            b.append("-test").append(testFrom);
        }
        if (trainFrom != null) {
            b.append("-from").append(trainFrom.getYear());
        }
        return b.toString();
    }

    /** @return what the results file records about the file and the dates ({@code --train-from} is in "training") */
    Map<String, Object> describe() {
        return RunInfo.ordered("file", csv != null ? csv.toString() : StockDataset.FILE, "split",
                bookSplit() ? "book" : "dates", "testFrom", (testFrom != null ? testFrom : StockDataset.TEST_START)
                        .toString(), "valFrom", valFrom == null ? null : valFrom.toString(), "valRows",
                validate ? valRows : null);
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
