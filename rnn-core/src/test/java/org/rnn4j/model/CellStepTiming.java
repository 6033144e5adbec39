package org.rnn4j.model;

import java.util.Random;
import org.rnn4j.text.CharVocabulary;
import org.rnn4j.training.FitOptions;

/**
 * Timing harness (not a test): one training step (64 windows of 40 characters, Adam) of the book's character model
 * (embedding 256, one layer of 512, 57 characters) with each cell, and 500 generated characters, in one JVM,
 * alternating the cells so that load from other processes hits them alike. Prints the median milliseconds. Run
 * after {@code mvn -o -pl rnn-core test-compile} with the test classpath
 * ({@code mvn -o -q -pl rnn-core dependency:build-classpath -Dmdep.outputFile=cp.txt}):
 * {@code OMP_NUM_THREADS=1 java -cp rnn-core/target/classes:rnn-core/target/test-classes:$(cat cp.txt)
 * org.rnn4j.model.CellStepTiming [rounds]}.
 */
public final class CellStepTiming {
    private CellStepTiming() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Random r = new Random(0);
        StringBuilder sb = new StringBuilder();
        String chars = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;!?";
        for (int i = 0; i < 200_000; i++) {
            sb.append(chars.charAt(r.nextInt(57)));
        }
        String text = sb.toString();
        CharVocabulary vocab = CharVocabulary.of(text);
        Cell[] cells = Cell.values();
        CharLanguageModel[] models = new CharLanguageModel[cells.length];
        for (int c = 0; c < cells.length; c++) {
            models[c] = CharLanguageModel.builder(vocab).cell(cells[c]).build();
        }
        FitOptions one = FitOptions.builder().epochs(1).stepsPerEpoch(1).batchSize(64).build();
        double[][] step = new double[cells.length][rounds];
        double[][] gen = new double[cells.length][rounds];
        for (int i = 0; i < rounds + 3; i++) {
            for (int c = 0; c < cells.length; c++) {
                long t0 = System.nanoTime();
                models[c].fit(text, null, one);
                long t1 = System.nanoTime();
                models[c].generate("the emperor", 500, Sampling.book());
                long t2 = System.nanoTime();
                if (i >= 3) { // three warm-up rounds
                    step[c][i - 3] = (t1 - t0) / 1e6;
                    gen[c][i - 3] = (t2 - t1) / 1e6;
                }
            }
        }
        for (int c = 0; c < cells.length; c++) {
            System.out.printf("%s: %,d parameters, training step %.1f ms, 500 characters %.1f ms (medians of %d)%n",
                    cells[c], models[c].parameterCount(), median(step[c]), median(gen[c]), rounds);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
