package org.rnn4j.examples;

import java.nio.file.Path;
import org.rnn4j.training.FitOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The training options of every {@code train} command: epochs, batch size, early stopping, and where the run's
 * results go. Values are checked when the command line is parsed, before any data is read.
 */
final class TrainingOptions {
    /** Where runs go unless {@code --results} says otherwise: git ignores it, so no run overwrites a cited file. */
    static final Path DEFAULT_RESULTS = Path.of("runs");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    Integer epochs;
    Integer batch;
    int patience;
    @Option(names = "--variant", description = "name used in the results file (default: derived from the options)")
    String variant;
    @Option(names = "--results", paramLabel = "DIR", description = "results directory (default: ${DEFAULT-VALUE}, "
            + "which git ignores)")
    Path results = DEFAULT_RESULTS;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: the book's)")
    void epochs(int n) {
        this.epochs = positive("--epochs", n);
    }

    @Option(names = "--batch", paramLabel = "N", description = "examples per batch (default: the book's)")
    void batch(int n) {
        this.batch = positive("--batch", n);
    }

    @Option(names = "--patience", paramLabel = "N", description = "early stopping: stop when the validation loss "
            + "has not fallen for N epochs and keep the best epoch's weights (needs a validation set); 0 = off "
            + "(default: 0)")
    void patience(int n) {
        if (n < 0) {
            throw bad("--patience must be >= 0, got " + n);
        }
        this.patience = n;
    }

    /**
     * @param defaultEpochs the recipe's epochs
     * @param defaultBatch the recipe's batch size
     * @return options with the given values over the recipe's, and early stopping
     */
    FitOptions.Builder fitOptions(int defaultEpochs, int defaultBatch) {
        return FitOptions.builder().epochs(epochsOr(defaultEpochs)).batchSize(batchOr(defaultBatch))
                .earlyStopping(patience);
    }

    /** @param recipe the recipe's epochs @return {@code --epochs}, or the recipe's */
    int epochsOr(int recipe) {
        return epochs != null ? epochs : recipe;
    }

    /** @param recipe the recipe's batch size @return {@code --batch}, or the recipe's */
    int batchOr(int recipe) {
        return batch != null ? batch : recipe;
    }

    /**
     * @param project the file name's prefix, e.g. "sentiment"
     * @param derived the variant derived from the options
     * @param suffix what follows the variant, e.g. ".json"
     * @return the results file of this run
     */
    Path file(String project, String derived, String suffix) {
        return results.resolve(project + "-" + name(derived) + suffix);
    }

    /** @param derived the variant derived from the options @return {@code --variant}, or the derived one */
    String name(String derived) {
        return variant != null ? variant : derived;
    }

    ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int positive(String name, int value) {
        if (value < 1) {
            throw bad(name + " must be >= 1, got " + value);
        }
        return value;
    }
}
