package org.rnn4j.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rnn4j.datasets.TextRecords;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.model.SequenceClassifier;

/**
 * {@code sentiment predict --input}: scores a file of texts in a stream, holding one batch at a time, so memory
 * does not grow with the file. Each output row has the text's line in the input, the probability of class 1
 * and the predicted class name, as CSV ({@code line,probability,class}) or JSON Lines.
 */
final class BatchScoring {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SequenceClassifier model;
    private final int batchSize;

    /**
     * @param model the classifier
     * @param batchSize texts scored at once
     */
    BatchScoring(SequenceClassifier model, int batchSize) {
        this.model = model;
        this.batchSize = batchSize;
    }

    /** The output layouts, by the output file's extension. */
    enum Layout {
        CSV, JSON_LINES;

        /** @return the layout of {@code file}'s extension, or {@code null} when it names none */
        static Layout of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? CSV : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON_LINES
                    : null;
        }
    }

    /**
     * Scores {@code input} into {@code output}, written to a temporary file and renamed at the end (so a failure
     * leaves no half-written output and an existing file unchanged).
     *
     * @param input the texts: one a line, or a .csv, .tsv or .jsonl file with the text column
     * @param textColumn the text column or field
     * @param output the result file, .csv or .jsonl
     * @param progress whether to draw a progress bar on standard error
     * @return the number of texts scored
     * @throws IOException when a file cannot be read or written
     */
    long toFile(Path input, String textColumn, Path output, boolean progress) throws IOException {
        long[] n = new long[1];
        AtomicFiles.write(output, out -> n[0] = score(input, textColumn, out, Layout.of(output), progress));
        return n[0];
    }

    /**
     * Scores {@code input} into a stream (standard output) as CSV.
     *
     * @param input the texts
     * @param textColumn the text column or field
     * @param out where the rows go; flushed, not closed
     * @return the number of texts scored
     * @throws IOException when the input cannot be read
     */
    long toStream(Path input, String textColumn, OutputStream out) throws IOException {
        return score(input, textColumn, out, Layout.CSV, false);
    }

    private long score(Path input, String textColumn, OutputStream out, Layout layout, boolean progress)
            throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        CSVPrinter csv = layout == Layout.CSV ? new CSVPrinter(w, CSVFormat.DEFAULT.builder()
                .setRecordSeparator('\n').setHeader("line", "probability", "class").get()) : null;
        long count = 0;
        List<Long> lines = new ArrayList<>(batchSize);
        List<String> texts = new ArrayList<>(batchSize);
        try (TextRecords in = TextRecords.open(input, textColumn, null);
             ProgressBar bar = progress ? bar(input) : null) {
            for (TextRecords.Record r = in.read(); ; r = in.read()) {
                if (r != null) {
                    lines.add(r.line());
                    texts.add(r.text());
                }
                if (texts.size() == batchSize || r == null && !texts.isEmpty()) {
                    float[] p = probabilities(input, lines, texts);
                    for (int i = 0; i < p.length; i++) {
                        String cls = model.className(p[i]);
                        String prob = String.format(Locale.ROOT, "%.6f", p[i]);
                        if (csv != null) {
                            csv.printRecord(lines.get(i), prob, cls);
                        } else {
                            Map<String, Object> row = new LinkedHashMap<>();
                            row.put("line", lines.get(i));
                            row.put("probability", Double.parseDouble(prob));
                            row.put("class", cls);
                            w.write(JSON.writeValueAsString(row));
                            w.write('\n');
                        }
                    }
                    count += p.length;
                    lines.clear();
                    texts.clear();
                    if (bar != null) {
                        bar.stepTo(in.bytesRead());
                        bar.setExtraMessage(String.format(Locale.ROOT, " %,d texts", count));
                    }
                }
                if (r == null) {
                    break;
                }
            }
        }
        w.flush();
        return count;
    }

    /** The batch's probabilities; a text the model cannot score is reported with its line. */
    private float[] probabilities(Path input, List<Long> lines, List<String> texts) {
        try {
            return model.predictProbabilities(texts);
        } catch (IllegalArgumentException e) {
            for (int i = 0; i < texts.size(); i++) {
                try {
                    model.predictProbability(texts.get(i));
                } catch (IllegalArgumentException one) {
                    throw new IllegalArgumentException(input + " line " + lines.get(i) + ": "
                            + one.getMessage().replaceFirst("^text 0 ", "the text "), one);
                }
            }
            throw e;
        }
    }

    /** A bar of the input's bytes (megabytes, speed, time left, texts scored). */
    private static ProgressBar bar(Path input) throws IOException {
        return new ProgressBarBuilder().setTaskName("scoring").setInitialMax(Files.size(input))
                .setUnit(" MB", 1_000_000).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }
}
