package org.rnn4j.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.DistributedTraining;
import org.rnn4j.text.CharVocabulary;

/**
 * The character model's training text on the executors: each partition of a text file (read from a URI that every
 * executor can read) is normalised and encoded where it lies, and each round's windows are cut there, from a seed
 * of (model seed, round, batch) only, so that a resumed job draws the windows the uninterrupted one would have.
 * Windows do not cross partition boundaries (nor does the line break at one).
 */
final class TextWindows {
    private final JavaRDD<int[]> encoded;
    /** Indices of the partitions that hold at least one window, and their lengths. */
    private final int[] usable;
    private final long characters;

    TextWindows(JavaSparkContext sc, String uri, int minPartitions, CharLanguageModel model) {
        int[] codePoints = model.vocabulary().codePoints();
        int t = model.settings().sequenceLength();
        this.encoded = sc.textFile(uri, minPartitions).mapPartitionsWithIndex(
                (Function2<Integer, Iterator<String>, Iterator<int[]>>) (p, lines) -> encode(p, lines, codePoints),
                true).cache();
        List<long[]> lengths = encoded.mapPartitionsWithIndex(
                (Function2<Integer, Iterator<int[]>, Iterator<long[]>>) (p, it) -> it.hasNext()
                        ? List.of(new long[] {p, it.next().length}).iterator()
                        : Collections.<long[]>emptyIterator(), true).collect();
        List<Integer> ok = new ArrayList<>();
        long total = 0;
        for (long[] l : lengths) {
            total += l[1];
            if (l[1] > t) {
                ok.add((int) l[0]);
            }
        }
        if (ok.isEmpty()) {
            throw new IllegalArgumentException("the text at " + uri + " (" + total + " characters in "
                    + lengths.size() + " partitions) holds no window of " + t + " characters plus the next one");
        }
        this.usable = ok.stream().mapToInt(Integer::intValue).toArray();
        this.characters = total;
    }

    /** @return the characters of the text, as read on the executors */
    long characters() {
        return characters;
    }

    /**
     * @return {@code batches} batches of random windows for one round, made on the executors; batch {@code j}
     *     comes from usable partition {@code j mod usable}
     */
    JavaRDD<MultiDataSet> round(int round, int batches, int batchSize, int sequenceLength, int vocabularySize,
                                long seed) {
        int[] parts = usable;
        return encoded.mapPartitionsWithIndex((Function2<Integer, Iterator<int[]>, Iterator<MultiDataSet>>) (p, it) -> {
            int u = java.util.Arrays.binarySearch(parts, p);
            if (u < 0 || !it.hasNext()) {
                return Collections.emptyIterator();
            }
            int[] text = it.next();
            List<MultiDataSet> out = new ArrayList<>();
            for (int j = u; j < batches; j += parts.length) {
                SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L
                        + round * 0xC2B2AE3D27D4EB4FL + j);
                out.add(DistributedTraining.languageModelBatch(text, batchSize, sequenceLength, vocabularySize,
                        random));
            }
            return out.iterator();
        }, true);
    }

    void release() {
        encoded.unpersist(false);
    }

    private static Iterator<int[]> encode(int partition, Iterator<String> lines, int[] codePoints) {
        StringBuilder b = new StringBuilder();
        while (lines.hasNext()) {
            b.append(lines.next());
            if (lines.hasNext()) {
                b.append('\n'); // the line breaks inside the partition; none is added after its last line
            }
        }
        if (b.length() == 0) {
            return Collections.emptyIterator();
        }
        String text = CharVocabulary.normalize(b.toString());
        try {
            return List.of(CharVocabulary.ofCodePoints(codePoints).encode(text)).iterator();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("partition " + partition + " of the training text: " + e.getMessage(),
                    e);
        }
    }
}
