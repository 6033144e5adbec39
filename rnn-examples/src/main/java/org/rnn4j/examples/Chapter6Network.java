package org.rnn4j.examples;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnn4j.data.SlidingWindows;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.metrics.RegressionMetrics;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.training.EpochResult;
import org.rnn4j.training.FitOptions;

/**
 * The book's chapter-6 baseline for the stock project: a plain network 37 -> 32 ReLU -> 1 on single rows, Adam
 * 0.3, full-batch steps (a {@link SequenceRegressor} with no LSTM layer), scored on all evaluation rows.
 */
final class Chapter6Network {
    private Chapter6Network() {
    }

    /**
     * Trains and scores it, printing as it goes.
     *
     * @return its figures for the results file
     */
    static Map<String, Object> run(StockDataset train, StockDataset eval, StandardScaler scaler, String evalName,
                                   int steps, int printEvery) {
        SlidingWindows rows = SlidingWindows.of(train.features(), train.close(), 1);
        SlidingWindows evalRows = SlidingWindows.of(eval.features(), eval.close(), 1);
        SequenceRegressor nn = SequenceRegressor.builder(StockDataset.FEATURES.size()).layers(0).denseSize(32)
                .learningRate(0.3).seed(42).featureScaler(scaler).build();
        System.out.printf(Locale.ROOT, "chapter-6 network: %,d parameters, %d full-batch steps of %d rows%n",
                nn.parameterCount(), steps, rows.count());
        long f0 = System.nanoTime();
        List<EpochResult> h = nn.fit(rows, FitOptions.builder().epochs(steps).batchSize(rows.count())
                .listener(new EpochPrinter(printEvery)).build());
        double seconds = (System.nanoTime() - f0) / 1e9;
        RegressionMetrics m = nn.evaluate(evalRows);
        System.out.printf(Locale.ROOT, "chapter-6 network on %d %s rows: R² %.4f  MSE %.1f  RMSE %.2f  MAE %.2f "
                + "(%.1fs; book: R² 0.954, MSE 30,051.6, MAE 137.1 on the 124 test rows)%n", m.count(), evalName,
                m.r2(), m.mse(), m.rmse(), m.mae(), seconds);
        return RunInfo.ordered("parameters", nn.parameterCount(), "steps", steps, "learningRate", 0.3,
                "trainSeconds", seconds, "lossAtStep0", h.get(0).loss(), "finalLoss", h.get(h.size() - 1).loss(),
                evalName + "Rows", m.count(), evalName, m);
    }
}
