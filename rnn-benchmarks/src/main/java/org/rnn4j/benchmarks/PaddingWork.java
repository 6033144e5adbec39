package org.rnn4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.rnn4j.data.Batcher;
import org.rnn4j.data.LabeledText;
import org.rnn4j.data.PaddedBatch;
import org.rnn4j.datasets.DataHome;
import org.rnn4j.datasets.ImdbDataset;
import org.rnn4j.text.ReviewTokenizer;

/**
 * Counts the LSTM time steps one sentiment epoch computes (batch x padded length, summed over batches) with and
 * without length bucketing, over the real IMDb training set. The LSTM's cost is proportional to this count.
 *
 * <p>Run: {@code java -cp rnn-benchmarks/target/benchmarks.jar org.rnn4j.benchmarks.PaddingWork}
 */
public final class PaddingWork {
    private PaddingWork() {
    }

    public static void main(String[] args) throws Exception {
        List<LabeledText> train = ImdbDataset.load(DataHome.fromEnvironment()).train();
        List<int[]> seqs = new ArrayList<>();
        long real = 0;
        for (LabeledText t : train) {
            int n = ReviewTokenizer.INSTANCE.tokenize(t.text()).size();
            seqs.add(new int[n]);
            real += n;
        }
        System.out.printf(Locale.ROOT, "real tokens per epoch: %,d (%d reviews, batch 32)%n", real, seqs.size());
        for (boolean bucketing : new boolean[] {false, true}) {
            long slots = 0;
            for (PaddedBatch b : new Batcher(32, true, bucketing, 0).batches(seqs, null, new Random(0))) {
                slots += (long) b.size() * b.maxLength();
            }
            System.out.printf(Locale.ROOT, "bucketing=%s: padded time steps %,d, work / real = %.2f%n", bucketing,
                    slots, (double) slots / real);
        }
    }
}
