import java.lang.reflect.Field;
import java.util.Random;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.training.FitOptions;

/**
 * The book's stock model (2 x LSTM 16, dense 16, batch 128) trained one epoch at a time over 8,056 synthetic windows
 * of 5 x 37, alternating two identical models in one JVM: one through {@code DirectRegressorStep} (the default),
 * one through DL4J's {@code ComputationGraph.fit} (the package-private switch {@code directSteps}, set here by
 * reflection). Prints each epoch's milliseconds for both and, after the first third, the ratio of their sums.
 * Alternating in one process makes the ratio robust to a busy machine. Run against a built jar:
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp rnn-benchmarks/target/benchmarks.jar scripts/StockDirectStepAB.java 30
 * </pre>
 */
public class StockDirectStepAB {
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int n = 8_056;
        int days = 5;
        int features = 37;
        Random r = new Random(1);
        double[][][] x = new double[n][days][features];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < days; t++) {
                for (int f = 0; f < features; f++) {
                    x[i][t][f] = r.nextGaussian();
                }
            }
            y[i][0] = x[i][days - 1][0] + 0.1 * x[i][0][1];
        }
        SequenceRegressor direct = SequenceRegressor.builder(features).build();
        SequenceRegressor graph = SequenceRegressor.builder(features).build();
        Field directSteps = SequenceRegressor.class.getDeclaredField("directSteps");
        directSteps.setAccessible(true);
        directSteps.setBoolean(graph, false);
        FitOptions one = FitOptions.builder().epochs(1).batchSize(128).build();
        double sumDirect = 0;
        double sumGraph = 0;
        for (int e = 0; e < epochs; e++) {
            double d = direct.fit(x, y, one).get(0).seconds() * 1000;
            double g = graph.fit(x, y, one).get(0).seconds() * 1000;
            if (e >= epochs / 3) {
                sumDirect += d;
                sumGraph += g;
            }
            System.out.printf("epoch %d: direct step %.1f ms, ComputationGraph.fit %.1f ms%n", e + 1, d, g);
        }
        System.out.printf("after the first third: direct / graph = %.3f%n", sumDirect / sumGraph);
    }
}
