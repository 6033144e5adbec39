package org.rnn4j.examples;

import org.rnn4j.model.TargetForm;

/**
 * A resolved stock training recipe: the named recipe's values with the explicitly given options over them.
 *
 * @param lr Adam learning rate
 * @param epochs training epochs
 * @param hidden LSTM units per layer
 * @param layers stacked LSTM layers
 * @param dense dense ReLU units
 * @param dropout dropout rate
 * @param target what the network predicts
 * @param standardizeTargets whether targets are standardised for training
 * @param ensemble models averaged, with seeds seed, seed+1, ...
 */
record StockRecipe(double lr, int epochs, int hidden, int layers, int dense, double dropout, Target target,
                   boolean standardizeTargets, int ensemble) {

    /** The named recipes. */
    enum Name {
        /** the book's: 2 x LSTM 16, dense 16, price target, Adam 0.01, 1,000 epochs */
        book,
        /**
         * chosen with {@code --validate} on the last 124 training rows (2022-07-07..2022-12-30, 119 windows) and
         * nothing else: predict the day's return close(t) / open(t) − 1 instead of the price, standardised, with
         * the book's network, Adam 0.001, and stop after 5 epochs. On that slice, validation R² peaked within 5–10
         * epochs and then fell steadily as the network fitted noise (return target: 0.9492 after 5 epochs, 0.9340
         * after 60; close − open target: 0.9486 after 10, 0.7696 after 100; training on 2012 onwards only: 0.9489
         * after 5, 0.9096 after 40); an ensemble of 5 seeds gave 0.9491. The naive close(t) ≈ open(t) scores
         * 0.9495 there.
         */
        best
    }

    /** What the network predicts; prices are recovered from the day's open, which is an input feature. */
    enum Target {
        /** the raw close (the book) */
        price(TargetForm.ABSOLUTE),
        /** close minus the open of the window's last day */
        diff(TargetForm.DIFFERENCE),
        /** close over the open of the window's last day, minus 1 */
        ret(TargetForm.RETURN);

        final TargetForm form;

        Target(TargetForm form) {
            this.form = form;
        }
    }

    /** @return the named recipe's values */
    static StockRecipe of(Name name) {
        return name == Name.book
                ? new StockRecipe(0.01, 1000, 16, 2, 16, 0, Target.price, false, 1)
                : new StockRecipe(0.001, 5, 16, 2, 16, 0, Target.ret, true, 1);
    }

    /**
     * @return this recipe with the options that were given (non-null) over its values
     */
    StockRecipe with(NetworkOptions net, TrainingOptions training, Integer denseUnits, Target targetForm,
                     Boolean standardize, Integer members) {
        return new StockRecipe(net.learningRate != null ? net.learningRate : lr,
                training.epochs != null ? training.epochs : epochs, net.hidden != null ? net.hidden : hidden,
                net.layers != null ? net.layers : layers, denseUnits != null ? denseUnits : dense,
                net.dropout != null ? net.dropout : dropout, targetForm != null ? targetForm : target,
                standardize != null ? standardize : standardizeTargets, members != null ? members : ensemble);
    }
}
