package org.rnn4j.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The distinct rows of a pass's input, when there are so few (an embedding of a small vocabulary) that
 * {@link FusedLstmLayer} projects each once, {@code X W = O (U W)}, and sums the gate gradients per distinct row
 * before the weight-gradient GEMM, {@code X^T dZ = U^T (O^T dZ)}. Found afresh for each forward pass
 * ({@link #find}); held by its {@link RecurrentPass} for the backward pass.
 */
final class RepeatedRows {
    /** [k, nIn] the k distinct input rows, in the order of their first occurrence. */
    final INDArray distinct;
    /** [rows, k] one-hot: row r has a 1 in the column of its distinct row. */
    final INDArray oneHot;
    /** [k] the row where each distinct input first occurs. */
    final int[] firstRows;

    private RepeatedRows(INDArray distinct, INDArray oneHot, int[] firstRows) {
        this.distinct = distinct;
        this.oneHot = oneHot;
        this.firstRows = firstRows;
    }

    /**
     * The distinct rows of the first {@code rows} rows of {@code x} ([rows, nIn], a whole buffer), when there are so
     * few, k, that projecting them and spreading the result costs at most half of projecting every row:
     * k (nIn + rows) &lt;= rows nIn / 2; null otherwise. Rows are compared bit for bit. The arrays are detached from
     * workspaces; {@code oneHot} is of the given type.
     */
    static RepeatedRows find(INDArray x, int rows, int nIn, DataType type) {
        long limit = (long) rows * nIn / (2L * (nIn + rows));
        if (limit < 1) {
            return null;
        }
        // rows are hashed and compared where they lie (bit for bit, exact for float and double), so an input with
        // many distinct rows, such as the stock model's features, is given up after limit + 1 rows
        Rows in = Rows.of(x.data(), nIn);
        Map<Integer, Integer> ids = new HashMap<>();     // a row's hash -> the first distinct row with it
        int[] rowId = new int[rows];
        int[] distinctRow = new int[(int) limit + 1];
        int[] nextWithHash = new int[(int) limit + 1];  // chains distinct rows whose hashes collide
        int k = 0;
        for (int r = 0; r < rows; r++) {
            int hash = in.hash(r);
            Integer head = ids.get(hash);
            int id = head == null ? -1 : head;
            int last = -1;
            while (id >= 0 && !in.same(r, distinctRow[id])) {
                last = id;
                id = nextWithHash[id];
            }
            if (id < 0) {
                if (k == limit) {
                    return null;
                }
                id = k++;
                distinctRow[id] = r;
                nextWithHash[id] = -1;
                if (last < 0) {
                    ids.put(hash, id);
                } else {
                    nextWithHash[last] = id;
                }
            }
            rowId[r] = id;
        }
        int[] first = Arrays.copyOf(distinctRow, k);
        double[] oneHot = new double[rows * k];
        for (int r = 0; r < rows; r++) {
            oneHot[r * k + rowId[r]] = 1;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new RepeatedRows(x.getRows(first), Nd4j.create(oneHot, new long[]{rows, k}, 'c').castTo(type),
                    first);
        }
    }

    /** Frees the native memory of the arrays now (the pass that held them has moved on to the next batch). */
    void release() {
        for (INDArray a : new INDArray[] {distinct, oneHot}) {
            if (!a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }

    /** The rows of a [rows, nIn] row-major buffer, hashed and compared by their bits where they lie. */
    private record Rows(FloatBuffer floats, DoubleBuffer doubles, int nIn) {
        static Rows of(DataBuffer data, int nIn) {
            return data.dataType() == DataType.FLOAT ? new Rows(data.asNioFloat(), null, nIn)
                    : new Rows(null, data.asNioDouble(), nIn);
        }

        int hash(int r) {
            int h = 1;
            for (int i = r * nIn, end = i + nIn; i < end; i++) {
                h = 31 * h + (floats != null ? Float.floatToRawIntBits(floats.get(i))
                        : Long.hashCode(Double.doubleToRawLongBits(doubles.get(i))));
            }
            return h;
        }

        boolean same(int r, int s) {
            for (int i = 0; i < nIn; i++) {
                if (floats != null ? Float.floatToRawIntBits(floats.get(r * nIn + i))
                        != Float.floatToRawIntBits(floats.get(s * nIn + i))
                        : Double.doubleToRawLongBits(doubles.get(r * nIn + i))
                        != Double.doubleToRawLongBits(doubles.get(s * nIn + i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
