package org.rnn4j.layers;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Timing harness (not a test): DL4J's LSTM against {@link FusedLstm} in the book's character model (vocabulary 57,
 * embedding 256, one LSTM of 512, float, Adam 0.003, batch 64 x 40 steps), in one JVM, alternating the two so that
 * load from other processes hits both alike. Prints ms per training step and ms per 500 generated characters
 * ({@code rnnTimeStep}: an 11-character prefix, then one character at a time, greedy).
 *
 * <p>Run from the repository root after {@code mvn -o -pl rnn-core test-compile}:
 * {@code OMP_NUM_THREADS=1 java -cp rnn-core/target/classes:rnn-core/target/test-classes:$(cat cp.txt)
 * org.rnn4j.layers.FusedLstmTiming [warmup timed genRounds]}.
 */
public final class FusedLstmTiming {
    static final int VOCAB = 57;
    static final int BATCH = 64;
    static final int STEPS = 40;

    private FusedLstmTiming() {
    }

    static ComputationGraph book(boolean fused) {
        LSTM.Builder lstm = fused ? new FusedLstm.Builder() : new LSTM.Builder();
        var conf = new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).updater(new Adam(0.003))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("chars")
                .addLayer("embedding", new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(256).build(), "chars")
                .addLayer("lstm0", lstm.nIn(256).nOut(512).activation(Activation.TANH).build(), "embedding")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(512).nOut(VOCAB)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "lstm0")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    static double trainStep(ComputationGraph net, INDArray x, INDArray y) {
        long t0 = System.nanoTime();
        net.fit(new INDArray[]{x}, new INDArray[]{y});
        return (System.nanoTime() - t0) / 1e6;
    }

    static double generate(ComputationGraph net, int chars) {
        long t0 = System.nanoTime();
        net.rnnClearPreviousState();
        float[] prefix = new float[11];
        for (int i = 0; i < prefix.length; i++) {
            prefix[i] = (i * 7) % VOCAB;
        }
        INDArray out = net.rnnTimeStep(Nd4j.create(prefix, new long[]{1, prefix.length}, 'c'))[0];
        int next = Nd4j.argMax(out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(10)))
                .getInt(0);
        for (int k = 1; k < chars; k++) {
            float[] p = net.rnnTimeStep(Nd4j.create(new float[]{next}, new long[]{1, 1}, 'c'))[0].data().asFloat();
            int best = 0;
            for (int v = 1; v < p.length; v++) {
                if (p[v] > p[best]) {
                    best = v;
                }
            }
            next = best;
        }
        net.rnnClearPreviousState();
        return (System.nanoTime() - t0) / 1e6;
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int timed = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int genRounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Nd4j.getEnvironment().setMaxThreads(1);
        ComputationGraph dl4j = book(false);
        ComputationGraph fused = book(true);
        fused.setParams(dl4j.params().dup());
        SplittableRandom r = new SplittableRandom(1);
        float[] f = new float[BATCH * STEPS];
        float[] l = new float[BATCH * VOCAB * STEPS];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < STEPS; j++) {
                f[i * STEPS + j] = r.nextInt(VOCAB);
                l[(i * VOCAB + r.nextInt(VOCAB)) * STEPS + j] = 1;
            }
        }
        INDArray x = Nd4j.create(f, new long[]{BATCH, STEPS}, 'c');
        INDArray y = Nd4j.create(l, new long[]{BATCH, VOCAB, STEPS}, 'c');
        System.out.printf("threads: OMP_NUM_THREADS=%s, ND4J max threads %d%n", System.getenv("OMP_NUM_THREADS"),
                Nd4j.getEnvironment().maxThreads());
        double sumA = 0;
        double sumB = 0;
        for (int i = 0; i < warmup + timed; i++) {
            double a = trainStep(dl4j, x, y);
            double b = trainStep(fused, x, y);
            boolean counted = i >= warmup;
            if (counted) {
                sumA += a;
                sumB += b;
            }
            System.out.printf("train step %2d%s: DL4J LSTM %7.1f ms   FusedLstm %7.1f ms   scores %.5f / %.5f%n", i,
                    counted ? "" : " (warm-up)", a, b, dl4j.score(), fused.score());
        }
        System.out.printf("TRAIN ms/step over %d steps: DL4J LSTM %.1f   FusedLstm %.1f   ratio DL4J/fused %.2f%n",
                timed, sumA / timed, sumB / timed, sumA / sumB);
        double genA = 0;
        double genB = 0;
        for (int i = 0; i < genRounds + 1; i++) {
            double a = generate(dl4j, 500);
            double b = generate(fused, 500);
            if (i > 0) {
                genA += a;
                genB += b;
            }
            System.out.printf("generate 500 %d%s: DL4J LSTM %7.1f ms   FusedLstm %7.1f ms%n", i,
                    i == 0 ? " (warm-up)" : "", a, b);
        }
        System.out.printf("GENERATE ms/500 chars over %d rounds: DL4J LSTM %.1f   FusedLstm %.1f   ratio %.2f%n",
                genRounds, genA / genRounds, genB / genRounds, genA / genB);
    }
}
