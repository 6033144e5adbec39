package org.rnn4j.layers;

import java.util.Random;

/**
 * Timing harness (not a test): the float step kernels of the three cells at the book's character-model shape
 * (64 examples, 512 units), forward and backward, in one JVM, alternating. Prints microseconds per step. The
 * kernels are plain Java, so this needs no DL4J: after {@code mvn -o -pl rnn-core test-compile},
 * {@code java -cp rnn-core/target/classes:rnn-core/target/test-classes org.rnn4j.layers.CellKernelTiming}.
 */
public final class CellKernelTiming {
    private CellKernelTiming() {
    }

    public static void main(String[] args) {
        int n = 64;
        int h = 512;
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        FloatStepArrays lstm = filled(new FloatStepArrays(n, h, RecurrentPass.LSTM).use(n), 1);
        FloatStepArrays gru = filled(new FloatStepArrays(n, h, RecurrentPass.GRU).use(n), 2);
        FloatStepArrays rnn = filled(new FloatStepArrays(n, h, RecurrentPass.RNN).use(n), 3);
        lstm.setBias(new double[4 * h]);
        gru.setBias(new double[4 * h]);
        rnn.setBias(new double[h]);
        double[] db = new double[4 * h];
        for (int r = 0; r < rounds; r++) {
            long[] ns = new long[6];
            int reps = 2000;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                FloatLstmStep.forward(lstm, null, 0);
                long t1 = System.nanoTime();
                FloatLstmStep.backward(lstm, null, 0, db);
                long t2 = System.nanoTime();
                FloatGruStep.forward(gru, null, 0);
                long t3 = System.nanoTime();
                FloatGruStep.backward(gru, null, 0, db);
                long t4 = System.nanoTime();
                RnnStep.forward(rnn, null, 0);
                long t5 = System.nanoTime();
                RnnStep.backward(rnn, null, 0, db);
                long t6 = System.nanoTime();
                ns[0] += t1 - t0;
                ns[1] += t2 - t1;
                ns[2] += t3 - t2;
                ns[3] += t4 - t3;
                ns[4] += t5 - t4;
                ns[5] += t6 - t5;
            }
            System.out.printf("round %d  us/step  lstm fwd %.1f bwd %.1f | gru fwd %.1f bwd %.1f | rnn fwd %.1f bwd %.1f%n",
                    r, ns[0] / 1e3 / reps, ns[1] / 1e3 / reps, ns[2] / 1e3 / reps, ns[3] / 1e3 / reps,
                    ns[4] / 1e3 / reps, ns[5] / 1e3 / reps);
        }
    }

    private static FloatStepArrays filled(FloatStepArrays f, long seed) {
        Random r = new Random(seed);
        for (float[] a : new float[][]{f.gates, f.rec, f.prevCell, f.eps, f.dRec, f.carry}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (0.5 * r.nextGaussian());
            }
        }
        return f;
    }
}
