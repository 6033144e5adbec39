package org.rnn4j.examples;

import java.nio.file.Path;
import org.rnn4j.model.Cell;
import org.rnn4j.model.Initialization;
import org.rnn4j.model.LstmBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The network options of every {@code train} command: recurrent cell, depth, width, dropout, learning rate, seed,
 * initialisation and LSTM implementation. An option left out keeps the command's recipe value (the book's); values are
 * checked when the command line is parsed, before any data is read.
 */
final class NetworkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;
    Integer layers;
    Integer hidden;
    Double dropout;
    Double learningRate;
    long seed;
    @Option(names = "--init", paramLabel = "<init>", description = "how the weights start: DL4J (Xavier, "
            + "forget-gate bias 1) or PYTORCH (PyTorch's defaults, which the book's code uses) "
            + "(default: ${DEFAULT-VALUE})")
    Initialization init = Initialization.DL4J;
    boolean dl4jLstm;
    /** The cell given with --cell; null when left out (the model's default, LSTM, or a checkpoint's own). */
    Cell cell;

    @Option(names = "--cell", paramLabel = "<cell>", description = "recurrent cell: lstm, gru (PyTorch's "
            + "equations) or rnn (vanilla, tanh) (default: lstm; a resumed checkpoint keeps its own)")
    void cell(String name) {
        try {
            this.cell = Cell.parse(name);
        } catch (IllegalArgumentException e) {
            throw bad("--cell: " + e.getMessage());
        }
        checkDl4jCell();
    }

    @Option(names = "--dl4j-lstm", description = "use DL4J's LSTM layer instead of rnn4j's FusedLstm (the same "
            + "function, 2-10x slower to train; LSTM only)")
    void dl4jLstm(boolean dl4j) {
        this.dl4jLstm = dl4j;
        checkDl4jCell();
    }

    private void checkDl4jCell() {
        if (dl4jLstm && cell != null && cell != Cell.LSTM) {
            throw bad("--dl4j-lstm selects DL4J's LSTM layer, which exists for the LSTM only; --cell "
                    + cell.label() + " is computed by rnn4j's fused layers");
        }
    }

    @Option(names = "--layers", paramLabel = "N", description = "stacked recurrent layers (default: the book's)")
    void layers(int n) {
        this.layers = atLeast("--layers", n, 0);
    }

    @Option(names = "--hidden", paramLabel = "N", description = "units per recurrent layer and direction (default: "
            + "the book's)")
    void hidden(int n) {
        this.hidden = atLeast("--hidden", n, 1);
    }

    @Option(names = "--dropout", paramLabel = "RATE", description = "dropout rate in [0, 1) on the input of every "
            + "recurrent layer above the first and of the layer after the stack (default: the book's)")
    void dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw bad("--dropout must be in [0, 1), got " + rate);
        }
        this.dropout = rate;
    }

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate, > 0 (default: the book's)")
    void learningRate(double lr) {
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw bad("--lr must be > 0, got " + lr);
        }
        this.learningRate = lr;
    }

    @Option(names = "--seed", paramLabel = "N", description = "seed of the weights, the batch order and dropout "
            + "(default: 0)")
    void seed(long seed) {
        this.seed = seed;
    }

    /**
     * Applies the options that were given, over the builder's recipe values.
     *
     * @param builder a model builder
     * @param <B> its type
     * @return the builder
     */
    <B extends LstmBuilder<B>> B apply(B builder) {
        if (layers != null) {
            builder.layers(layers);
        }
        if (hidden != null) {
            builder.lstmSize(hidden);
        }
        if (dropout != null) {
            builder.dropout(dropout);
        }
        if (learningRate != null) {
            builder.learningRate(learningRate);
        }
        if (cell != null) {
            builder.cell(cell);
        }
        return builder.seed(seed).fusedLstm(!dl4jLstm).initialization(init);
    }

    /**
     * Rejects a depth the command's model cannot have; call before reading data.
     *
     * @param min the model's least number of LSTM layers
     */
    void requireLayers(int min) {
        if (layers != null) {
            atLeast("--layers", layers, min);
        }
    }

    /**
     * @return the results file name's part for the cell and initialisation: "-gru" or "-rnn" for those cells, then
     *     "-pytorchinit" for PyTorch's initialisation; "" for the defaults (the LSTM's names are as they were)
     */
    String initSuffix() {
        return (cell == null || cell == Cell.LSTM ? "" : "-" + cell.label())
                + (init == Initialization.PYTORCH ? "-pytorchinit" : "");
    }

    /**
     * Refuses to resume a checkpoint as another cell than the one it was trained with.
     *
     * @param saved the checkpoint's cell
     * @param file the checkpoint
     * @throws IllegalArgumentException when --cell names another cell
     */
    void checkResumedCell(Cell saved, Path file) {
        if (cell != null && cell != saved) {
            throw new IllegalArgumentException("checkpoint " + file + " holds a " + saved + " model, but --cell "
                    + cell.label() + " asks for a" + (cell == Cell.LSTM ? "n " : " ") + cell + ": a checkpoint "
                    + "resumes with its own cell (leave out --cell, pass --cell " + saved.label()
                    + ", or choose another --checkpoint)");
        }
    }

    private int atLeast(String name, int value, int min) {
        if (value < min) {
            throw bad(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
