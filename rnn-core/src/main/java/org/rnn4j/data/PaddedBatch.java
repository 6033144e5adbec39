package org.rnn4j.data;

/**
 * A batch of token sequences right-padded with 0 to the longest one, with a mask marking real tokens.
 *
 * @param ids {@code [batch][maxLength]} token ids, 0 after each sequence's end
 * @param mask {@code [batch][maxLength]}, 1 for real tokens and 0 for padding
 * @param lengths true length of each sequence
 * @param labels one label per sequence, or {@code null} for unlabeled batches
 * @param indices position of each sequence in the list the batch was drawn from
 */
public record PaddedBatch(float[][] ids, float[][] mask, int[] lengths, float[] labels, int[] indices) {

    /** @return the number of sequences */
    public int size() {
        return lengths.length;
    }

    /** @return the padded length (the longest sequence) */
    public int maxLength() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** @return the number of real tokens over the number of padded slots, in (0, 1] */
    public double fillRatio() {
        long real = 0;
        for (int l : lengths) {
            real += l;
        }
        return (double) real / ((long) size() * maxLength());
    }

    /**
     * Pads sequences.
     *
     * @param sequences the token-id sequences, each non-empty
     * @param labels their labels (or {@code null})
     * @param indices the positions they came from
     * @return the padded, masked batch
     */
    public static PaddedBatch of(int[][] sequences, float[] labels, int[] indices) {
        int max = 0;
        for (int[] s : sequences) {
            max = Math.max(max, s.length);
        }
        float[][] ids = new float[sequences.length][max];
        float[][] mask = new float[sequences.length][max];
        int[] lengths = new int[sequences.length];
        for (int i = 0; i < sequences.length; i++) {
            int[] s = sequences[i];
            lengths[i] = s.length;
            for (int t = 0; t < s.length; t++) {
                ids[i][t] = s[t];
                mask[i][t] = 1f;
            }
        }
        return new PaddedBatch(ids, mask, lengths, labels, indices);
    }
}
