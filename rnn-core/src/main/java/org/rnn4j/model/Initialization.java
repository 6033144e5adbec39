package org.rnn4j.model;

/**
 * How a model's weights start. The choice changes where training goes (the book's results come from PyTorch's
 * defaults); it is recorded in the model's settings.
 */
public enum Initialization {
    /**
     * DL4J's defaults, rnn4j's default: Xavier-normal weights (embeddings included, unless the classifier's
     * {@code embeddingInitStd} says otherwise), zero biases and an LSTM forget-gate bias of 1.
     */
    DL4J,
    /**
     * PyTorch's defaults, which the book's code uses: embeddings from N(0, 1); LSTM input and recurrent weights
     * from U(-1/&radic;H, 1/&radic;H) for H units, and the bias as the sum of two such draws (PyTorch has two bias
     * vectors, DL4J one); dense and output layers' weights and biases from U(-1/&radic;n, 1/&radic;n) for n inputs
     * ({@code nn.Linear}'s Kaiming-uniform with a = &radic;5). Drawn from a Java generator seeded with the model's
     * seed, so the same seed gives the same weights on every machine.
     */
    PYTORCH
}
