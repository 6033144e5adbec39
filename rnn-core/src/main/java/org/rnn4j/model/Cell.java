package org.rnn4j.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The recurrent cell of a model's recurrent layers ({@link LstmBuilder#cell(Cell)}), as chapter 12 presents them.
 * Every cell is computed by rnn4j's fused layers ({@link org.rnn4j.layers.FusedLstm}, {@link
 * org.rnn4j.layers.FusedGru}, {@link org.rnn4j.layers.FusedRnn}) with PyTorch's equations, so weights move between
 * rnn4j and {@code torch.nn.LSTM}, {@code GRU} and {@code RNN} ({@link org.rnn4j.layers.TorchWeights}). For H units
 * and nIn inputs a layer has {@code g (nIn H + H H + H)} parameters, g = 4, 3, 1 (plus H for the GRU's separate
 * {@code b_hn}).
 */
public enum Cell {
    /** Long short-term memory (the default): input, forget and output gates and a cell state. */
    LSTM(4),
    /** Gated recurrent unit with PyTorch's equations (reset gate applied to {@code W_hn h + b_hn}). */
    GRU(3),
    /** The vanilla (Elman) RNN with tanh, {@code h' = tanh(W x + U h + b)}. */
    RNN(1);

    private final int gates;

    Cell(int gates) {
        this.gates = gates;
    }

    /** @return the blocks of H columns in the layer's weight matrices: 4, 3 or 1 */
    public int gates() {
        return gates;
    }

    /** @return the name on the command line and in results files: {@code lstm}, {@code gru} or {@code rnn} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code lstm}, {@code gru} or {@code rnn}, in any case
     * @return the cell
     * @throws IllegalArgumentException naming the valid cells for any other name
     */
    public static Cell parse(String name) {
        for (Cell c : values()) {
            if (c.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + name + "'; valid cells: " + valid());
    }

    /** @return the valid names, comma separated: {@code lstm, gru, rnn} */
    public static String valid() {
        return Arrays.stream(values()).map(Cell::label).collect(Collectors.joining(", "));
    }
}
