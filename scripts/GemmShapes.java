import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-thread ND4J GEMM speed at the character model's shapes (batch 64, 40 steps, embedding 256, LSTM 512, 57
 * characters), with the operands in row- and column-major order, transposed or not: which shapes and layouts are
 * fast. Prints microseconds per call and GFLOP/s (each timed for 1.5 s after 20 warm-up calls), twice.
 *
 * <pre>
 * OMP_NUM_THREADS=1 java -cp rnn-benchmarks/target/benchmarks.jar scripts/GemmShapes.java
 * </pre>
 */
public class GemmShapes {
    interface Op {
        void run();
    }

    /** Times {@code op} for 1.5 s after 20 warm-up calls and prints microseconds per call and GFLOP/s. */
    static void time(String name, double flops, Op op) {
        for (int i = 0; i < 20; i++) {
            op.run();
        }
        int reps = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            op.run();
            reps++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < 1.5e9);
        double us = elapsed / 1e3 / reps;
        System.out.printf("%-60s %9.1f us %6.1f GFLOP/s%n", name, us, flops / us / 1e3);
    }

    public static void main(String[] args) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        int n = 64;
        int h = 512;
        int t = 40;
        int nIn = 256;
        INDArray hidden = Nd4j.rand(DataType.FLOAT, n, h);
        INDArray rwC = Nd4j.rand(DataType.FLOAT, h, 4 * h).dup('c');
        INDArray rwF = rwC.dup('f');
        INDArray rwTC = rwC.transpose().dup('c'); // [4H, H]
        INDArray gates = Nd4j.create(DataType.FLOAT, new long[]{n, 4 * h}, 'c');
        INDArray dz = Nd4j.rand(DataType.FLOAT, n, 4 * h);
        INDArray dh = Nd4j.create(DataType.FLOAT, new long[]{n, h}, 'c');
        INDArray x = Nd4j.rand(DataType.FLOAT, t * n, nIn);
        INDArray w = Nd4j.rand(DataType.FLOAT, nIn, 4 * h).dup('f');
        INDArray wC = w.dup('c');
        INDArray allGates = Nd4j.create(DataType.FLOAT, new long[]{t * n, 4 * h}, 'c');
        INDArray allDz = Nd4j.rand(DataType.FLOAT, t * n, 4 * h);
        INDArray allHidden = Nd4j.rand(DataType.FLOAT, t * n, h);
        INDArray gWf = Nd4j.create(DataType.FLOAT, new long[]{nIn, 4 * h}, 'f');
        INDArray gWc = Nd4j.create(DataType.FLOAT, new long[]{nIn, 4 * h}, 'c');
        INDArray gRWf = Nd4j.create(DataType.FLOAT, new long[]{h, 4 * h}, 'f');
        INDArray gRWc = Nd4j.create(DataType.FLOAT, new long[]{h, 4 * h}, 'c');
        INDArray dX = Nd4j.create(DataType.FLOAT, new long[]{t * n, nIn}, 'c');
        INDArray wOut = Nd4j.rand(DataType.FLOAT, h, 57).dup('f');
        INDArray out = Nd4j.create(DataType.FLOAT, new long[]{t * n, 57}, 'c');
        double step = 2.0 * n * h * 4 * h;
        double input = 2.0 * t * n * nIn * 4 * h;
        double recurrent = 2.0 * t * n * h * 4 * h;
        for (int rep = 0; rep < 2; rep++) {
            time("fwd h x RW (RW c)", step, () -> Nd4j.gemm(hidden, rwC, gates, false, false, 1.0, 1.0));
            time("fwd h x RW (RW f)", step, () -> Nd4j.gemm(hidden, rwF, gates, false, false, 1.0, 1.0));
            time("bwd dz x RW^T (RW f, transB)", step, () -> Nd4j.gemm(dz, rwF, dh, false, true, 1.0, 0.0));
            time("bwd dz x RW^T (RW c, transB)", step, () -> Nd4j.gemm(dz, rwC, dh, false, true, 1.0, 0.0));
            time("bwd dz x RWT (RWT c copy)", step, () -> Nd4j.gemm(dz, rwTC, dh, false, false, 1.0, 0.0));
            time("X x W (W f)", input, () -> Nd4j.gemm(x, w, allGates, false, false, 1.0, 0.0));
            time("X^T dz -> gW f", input, () -> Nd4j.gemm(x, allDz, gWf, true, false, 1.0, 0.0));
            time("X^T dz -> gW c", input, () -> Nd4j.gemm(x, allDz, gWc, true, false, 1.0, 0.0));
            time("H^T dz -> gRW f", recurrent, () -> Nd4j.gemm(allHidden, allDz, gRWf, true, false, 1.0, 0.0));
            time("H^T dz -> gRW c", recurrent, () -> Nd4j.gemm(allHidden, allDz, gRWc, true, false, 1.0, 0.0));
            time("dz W^T (W f)", input, () -> Nd4j.gemm(allDz, w, dX, false, true, 1.0, 0.0));
            time("dz W^T (W c)", input, () -> Nd4j.gemm(allDz, wC, dX, false, true, 1.0, 0.0));
            time("Hs x Wo", 2.0 * t * n * h * 57, () -> Nd4j.gemm(allHidden, wOut, out, false, false, 1.0, 0.0));
        }
    }
}
