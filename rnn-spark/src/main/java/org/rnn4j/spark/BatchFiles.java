package org.rnn4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** Training batches as files on a file system every executor reads (HDFS, S3, a shared mount): one file a batch. */
final class BatchFiles {
    static final String PREFIX = "batch-";
    static final String SUFFIX = ".mds";

    private BatchFiles() {
    }

    /** Writes each batch to its own file (temporary name, then a rename); returns the number written. */
    static int write(JavaSparkContext sc, List<MultiDataSet> batches, String directoryUri) throws IOException {
        Path dir = new Path(URI.create(directoryUri));
        FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
        fs.mkdirs(dir);
        for (int i = 0; i < batches.size(); i++) {
            String name = String.format("%s%07d%s", PREFIX, i, SUFFIX);
            Path tmp = new Path(dir, "." + name + ".tmp");
            try (OutputStream out = fs.create(tmp, true)) {
                batches.get(i).save(out);
            }
            Path target = new Path(dir, name);
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
        }
        return batches.size();
    }

    /** @return the batch files of a directory, sorted by name */
    static List<String> list(JavaSparkContext sc, String directoryUri) throws IOException {
        Path dir = new Path(URI.create(directoryUri));
        FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
        if (!fs.exists(dir)) {
            throw new IOException("no batch directory " + directoryUri);
        }
        List<String> out = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
                out.add(s.getPath().toString());
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no batch files (" + PREFIX + "*" + SUFFIX + ") in " + directoryUri);
        }
        out.sort(null);
        return out;
    }
}
