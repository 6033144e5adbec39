package org.rnn4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.rnn4j.metrics.Metrics;

/** The loop on its own, with a scripted model: epochs, resuming, early stopping and the listeners' events. */
class TrainingLoopTest {
    /** A model whose "weights" are its step count, and whose validation losses follow a script. */
    private static final class Scripted implements Trainable, TrainingTask {
        final int batches;
        final double[] validationLoss; // by epoch, from 1; null = no validation set
        final List<String> calls = new ArrayList<>();
        long steps;
        long weights;

        Scripted(int batches, double... validationLoss) {
            this.batches = batches;
            this.validationLoss = validationLoss.length == 0 ? null : validationLoss;
        }

        @Override
        public long trainedSteps() {
            return steps;
        }

        @Override
        public long parameterCount() {
            return 1;
        }

        @Override
        public void save(Path file) {
            calls.add("save " + steps);
        }

        @Override
        public int batchesPerEpoch() {
            return batches;
        }

        @Override
        public void startEpoch(int epoch) {
            calls.add("start " + epoch);
        }

        @Override
        public BatchResult trainBatch(int batch) {
            steps++;
            weights = steps;
            return new BatchResult(1.0 / steps, 2, 1);
        }

        @Override
        public Metrics validate() {
            if (validationLoss == null) {
                return null;
            }
            double loss = validationLoss[(int) (steps / batches) - 1];
            return new Metrics() {
                @Override
                public double loss() {
                    return loss;
                }

                @Override
                public String summary() {
                    return String.format(Locale.ROOT, "loss %.1f", loss);
                }
            };
        }

        @Override
        public Object copyWeights() {
            return weights;
        }

        @Override
        public void restoreWeights(Object w) {
            weights = (Long) w;
        }
    }

    @Test
    void trainsEpochsOfBatchesAndTellsListeners() {
        Scripted m = new Scripted(3);
        List<String> events = new ArrayList<>();
        List<EpochResult> results = TrainingLoop.run(m, m, FitOptions.builder().epochs(2).listener(
                new TrainingListener() {
                    @Override
                    public void onBatchEnd(TrainingEvent e) {
                        events.add("batch " + e.epoch() + "." + e.batch() + "/" + e.batches() + " step " + e.step());
                    }

                    @Override
                    public void onEpochEnd(TrainingEvent e) {
                        events.add("epoch " + e.epoch() + "/" + e.lastEpoch());
                    }
                }).build());
        assertEquals(List.of("batch 1.1/3 step 1", "batch 1.2/3 step 2", "batch 1.3/3 step 3", "epoch 1/2",
                "batch 2.1/3 step 4", "batch 2.2/3 step 5", "batch 2.3/3 step 6", "epoch 2/2"), events);
        assertEquals(2, results.size());
        assertEquals(6, results.get(1).step());
        assertEquals(6, results.get(1).examples());
        assertEquals(0.5, results.get(1).accuracy(), 1e-12, "1 of every 2 examples correct");
        assertEquals((1.0 / 4 + 1.0 / 5 + 1.0 / 6) / 3, results.get(1).loss(), 1e-12);
        assertEquals(null, results.get(1).validation());
    }

    @Test
    void aResumedModelFinishesItsEpochFirst() {
        Scripted m = new Scripted(4);
        m.steps = 6; // stopped in epoch 2, after its second batch
        List<EpochResult> results = TrainingLoop.run(m, m, FitOptions.builder().epochs(2).build());
        assertEquals(List.of("start 2", "start 3"), m.calls);
        assertEquals(2, results.size());
        assertEquals(2, results.get(0).epoch());
        assertEquals(2, results.get(0).batches(), "the rest of epoch 2");
        assertEquals(12, m.steps, "ends at the end of epoch 3");
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
        Scripted m = new Scripted(2, 0.9, 0.5, 0.7, 0.5, 0.8, 0.1);
        List<EpochResult> results = TrainingLoop.run(m, m, FitOptions.builder().epochs(6).earlyStopping(3).build());
        assertEquals(5, results.size(), "epochs 3, 4 and 5 did not beat epoch 2 (an equal loss is no better)");
        assertEquals(2, TrainingLoop.bestValidationEpoch(results));
        assertEquals(4L, m.weights, "the weights after epoch 2 (step 4)");
        assertEquals(10, m.steps);
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        FitOptions o = FitOptions.builder().earlyStopping(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingLoop.checkOptions(o, false));
        assertEquals("early stopping (patience 2) needs a validation set", e.getMessage());
        TrainingLoop.checkOptions(o, true);
    }

    @Test
    void aCheckpointIsWrittenEveryNEpochsAndAtTheEnd() {
        Scripted m = new Scripted(1);
        TrainingLoop.run(m, m, FitOptions.builder().epochs(5).listener(new Checkpoint(Path.of("x"), 2)).build());
        assertEquals(List.of("save 2", "save 4", "save 5"), m.calls.stream().filter(c -> c.startsWith("save"))
                .toList());
    }

    @Test
    void optionsNameTheirBadValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().epochs(0).build())
                .getMessage().contains("epochs must be >= 1, got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().stepsPerEpoch(-1)
                .build()).getMessage().contains("stepsPerEpoch must be >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Checkpoint(Path.of("x"), 0))
                .getMessage().contains("checkpoint interval must be >= 1 epoch, got 0"));
    }
}
