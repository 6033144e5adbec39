package org.rnn4j.layers;

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
        // rows are read one at a time (exact for float and double), so an input with many distinct rows, such as
        // the stock model's features, is given up after limit + 1 rows instead of being copied whole
        DataBuffer data = x.data();
        Map<RowKey, Integer> ids = new HashMap<>();
        int[] rowId = new int[rows];
        for (int r = 0; r < rows; r++) {
            Integer id = ids.putIfAbsent(new RowKey(data.getDoublesAt((long) r * nIn, nIn)), ids.size());
            rowId[r] = id == null ? ids.size() - 1 : id;
            if (ids.size() > limit) {
                return null;
            }
        }
        int k = ids.size();
        int[] first = new int[k];
        Arrays.fill(first, -1);
        double[][] oneHot = new double[rows][k];
        for (int r = 0; r < rows; r++) {
            oneHot[r][rowId[r]] = 1;
            if (first[rowId[r]] < 0) {
                first[rowId[r]] = r;
            }
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new RepeatedRows(x.getRows(first), Nd4j.create(oneHot).castTo(type), first);
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

    /** A row of an array, compared and hashed by its bits. */
    private record RowKey(double[] row) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowKey k && Arrays.equals(row, k.row);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(row);
        }
    }
}
