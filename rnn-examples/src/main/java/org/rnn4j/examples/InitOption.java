package org.rnn4j.examples;

import org.rnn4j.model.Initialization;
import picocli.CommandLine.Option;

/** The {@code --init} option of every training command. */
final class InitOption {
    @Option(names = "--init", paramLabel = "<init>", description = "how the weights start: DL4J (Xavier, "
            + "forget-gate bias 1) or PYTORCH (PyTorch's defaults, which the book's code uses) "
            + "(default: ${DEFAULT-VALUE})")
    Initialization value = Initialization.DL4J;

    /** @return "-pytorchinit" for PyTorch's initialisation, "" for the default: the results file name's part */
    String suffix() {
        return value == Initialization.PYTORCH ? "-pytorchinit" : "";
    }
}
