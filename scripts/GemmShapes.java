import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
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
  interface Op { void run(); }
  static double time(String name, double flops, Op op) {
    for (int i = 0; i < 20; i++) op.run();
    int reps = 0; long t0 = System.nanoTime(); long el;
    do { op.run(); reps++; el = System.nanoTime() - t0; } while (el < 1.5e9);
    double us = el / 1e3 / reps;
    System.out.printf("%-60s %9.1f us %6.1f GFLOP/s%n", name, us, flops / us / 1e3);
    return us;
  }
  public static void main(String[] a) {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    int N = 64, H = 512, T = 40, I = 256;
    INDArray h = Nd4j.rand(DataType.FLOAT, N, H);
    INDArray rwC = Nd4j.rand(DataType.FLOAT, H, 4 * H).dup('c');
    INDArray rwF = rwC.dup('f');
    INDArray rwTC = rwC.transpose().dup('c'); // [4H, H]
    INDArray g = Nd4j.create(DataType.FLOAT, new long[]{N, 4 * H}, 'c');
    INDArray dz = Nd4j.rand(DataType.FLOAT, N, 4 * H);
    INDArray dh = Nd4j.create(DataType.FLOAT, new long[]{N, H}, 'c');
    double f1 = 2.0 * N * H * 4 * H;
    for (int rep = 0; rep < 2; rep++) {
    time("fwd h x RW (RW c)", f1, () -> Nd4j.gemm(h, rwC, g, false, false, 1.0, 1.0));
    time("fwd h x RW (RW f)", f1, () -> Nd4j.gemm(h, rwF, g, false, false, 1.0, 1.0));
    time("bwd dz x RW^T (RW f, transB)", f1, () -> Nd4j.gemm(dz, rwF, dh, false, true, 1.0, 0.0));
    time("bwd dz x RW^T (RW c, transB)", f1, () -> Nd4j.gemm(dz, rwC, dh, false, true, 1.0, 0.0));
    time("bwd dz x RWT (RWT c copy)", f1, () -> Nd4j.gemm(dz, rwTC, dh, false, false, 1.0, 0.0));
    INDArray X = Nd4j.rand(DataType.FLOAT, T * N, I);
    INDArray W = Nd4j.rand(DataType.FLOAT, I, 4 * H).dup('f');
    INDArray G = Nd4j.create(DataType.FLOAT, new long[]{T * N, 4 * H}, 'c');
    INDArray DZ = Nd4j.rand(DataType.FLOAT, T * N, 4 * H);
    INDArray HS = Nd4j.rand(DataType.FLOAT, T * N, H);
    INDArray gWf = Nd4j.create(DataType.FLOAT, new long[]{I, 4 * H}, 'f');
    INDArray gWc = Nd4j.create(DataType.FLOAT, new long[]{I, 4 * H}, 'c');
    INDArray gRWf = Nd4j.create(DataType.FLOAT, new long[]{H, 4 * H}, 'f');
    INDArray gRWc = Nd4j.create(DataType.FLOAT, new long[]{H, 4 * H}, 'c');
    INDArray dX = Nd4j.create(DataType.FLOAT, new long[]{T * N, I}, 'c');
    double fX = 2.0 * T * N * I * 4 * H, fH = 2.0 * T * N * H * 4 * H;
    time("X x W (W f)", fX, () -> Nd4j.gemm(X, W, G, false, false, 1.0, 0.0));
    time("X^T dz -> gW f", fX, () -> Nd4j.gemm(X, DZ, gWf, true, false, 1.0, 0.0));
    time("X^T dz -> gW c", fX, () -> Nd4j.gemm(X, DZ, gWc, true, false, 1.0, 0.0));
    time("H^T dz -> gRW f", fH, () -> Nd4j.gemm(HS, DZ, gRWf, true, false, 1.0, 0.0));
    time("H^T dz -> gRW c", fH, () -> Nd4j.gemm(HS, DZ, gRWc, true, false, 1.0, 0.0));
    time("dz W^T (W f)", fX, () -> Nd4j.gemm(DZ, W, dX, false, true, 1.0, 0.0));
    INDArray Wc = W.dup('c');
    time("dz W^T (W c)", fX, () -> Nd4j.gemm(DZ, Wc, dX, false, true, 1.0, 0.0));
    // output layer
    INDArray Wo = Nd4j.rand(DataType.FLOAT, H, 57).dup('f');
    INDArray O = Nd4j.create(DataType.FLOAT, new long[]{T * N, 57}, 'c');
    time("Hs x Wo", 2.0 * T * N * H * 57, () -> Nd4j.gemm(HS, Wo, O, false, false, 1.0, 0.0));
    }
  }
}
