import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whether FusedLstm's small GEMMs would be faster as plain Java loops than through ND4J: C += A B for the stock
 * model's recurrent shapes ([128 x 16] x [16 x 64], [128 x 64] x [64 x 16]), the sentiment model's, the character
 * model's and the stock input projection, timed both ways in one JVM, three rounds. The Java loop is the
 * row-times-matrix form whose inner loop C2 could vectorise. (Answer on 2026-12-03: no, 2-15x slower; docs/stock.md
 * section 2b.)
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 java -cp rnn-benchmarks/target/benchmarks.jar scripts/JavaGemmProbe.java}
 */
public class JavaGemmProbe {
    /** C[m x n] += A[m x k] B[k x n], all row-major. */
    static void javaGemm(float[] a, float[] b, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int p = 0; p < k; p++) {
                float av = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    /** Microseconds per call after as many warm-up calls. */
    static double micros(Runnable r, int reps) {
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        return (System.nanoTime() - t) / 1e3 / reps;
    }

    public static void main(String[] args) {
        int[][] shapes = {{128, 16, 64}, {128, 64, 16}, {32, 50, 200}, {32, 200, 50}, {64, 512, 2048}, {640, 37, 64}};
        for (int round = 0; round < 3; round++) {
            for (int[] s : shapes) {
                int m = s[0];
                int k = s[1];
                int n = s[2];
                INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
                INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
                INDArray c = Nd4j.create(DataType.FLOAT, m, n);
                float[] af = a.data().asFloat();
                float[] bf = b.data().asFloat();
                float[] cf = new float[m * n];
                int reps = Math.max(20, (int) (2e8 / ((long) m * n * k)));
                double nd4j = micros(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 1.0), reps);
                double java = micros(() -> javaGemm(af, bf, cf, m, k, n), reps);
                System.out.printf("%dx%d x %dx%d: nd4j %.1f us  java %.1f us  ratio %.2f%n", m, k, k, n, nd4j, java,
                        java / nd4j);
            }
        }
    }
}
