package org.rnn4j.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the texts, and optionally the labels, of a file one record at a time, holding one record in memory:
 * a CSV or TSV file with a header row, a JSON Lines file (one JSON object per line), or a plain file with one text
 * per line. The bytes must be UTF-8 (decoded strictly; a byte order mark is skipped).
 *
 * <pre>{@code
 * try (TextRecords in = TextRecords.open(Path.of("tickets.csv"), "text", null)) {
 *     for (TextRecords.Record r = in.read(); r != null; r = in.read()) {
 *         System.out.println(r.line() + ": " + r.text());
 *     }
 * }
 * }</pre>
 *
 * <p>Every error names the file and, where it applies, the line: a missing column (with the columns found), a
 * record without the text or the label, an empty text or label, a malformed CSV quote, invalid UTF-8 (with the
 * byte offset), a JSON Lines line that is not a JSON object.
 */
public final class TextRecords implements Closeable {
    /** The layouts {@link TextRecords} reads. */
    public enum Format {
        /** Comma-separated values with a header row (RFC 4180 quoting). */
        CSV,
        /** Tab-separated values with a header row (the same quoting as {@link #CSV}). */
        TSV,
        /** One JSON object per line; blank lines are skipped. */
        JSON_LINES,
        /** One text per line, no header, no label; blank lines are skipped. */
        LINES;

        /**
         * @param file a file name
         * @return the format its extension names: {@code .csv}, {@code .tsv}, {@code .jsonl} or {@code .ndjson};
         *     {@link #LINES} for any other
         */
        public static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") ? CSV : name.endsWith(".tsv") ? TSV
                    : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSON_LINES : LINES;
        }
    }

    /**
     * One record.
     *
     * @param line the line where it starts, from 1 (the header is line 1 of a CSV or TSV file)
     * @param text the text, never empty or blank
     * @param label the label, trimmed and not empty; {@code null} when no label column was asked for
     */
    public record Record(long line, String text, String label) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Format format;
    private final String textColumn;
    private final String labelColumn;
    private final Utf8Reader utf8;
    private final BufferedReader lines;
    private final CSVParser csv;
    private final Iterator<CSVRecord> records;
    private long lineNumber;

    private TextRecords(Path file, Format format, String textColumn, String labelColumn) throws IOException {
        this.file = file;
        this.format = format;
        this.textColumn = textColumn;
        this.labelColumn = labelColumn;
        this.utf8 = new Utf8Reader(Files.newInputStream(file), file.toString());
        this.lines = new BufferedReader(utf8, 1 << 16);
        boolean ok = false;
        try {
            if (format == Format.CSV || format == Format.TSV) {
                csv = CSVFormat.DEFAULT.builder().setDelimiter(format == Format.CSV ? ',' : '\t').setHeader()
                        .setSkipHeaderRecord(true).get().parse(lines);
                List<String> header = csv.getHeaderNames();
                for (String column : labelColumn == null ? List.of(textColumn) : List.of(textColumn, labelColumn)) {
                    if (!header.contains(column)) {
                        throw new IllegalArgumentException(file + " has no column '" + column + "'; its header (line "
                                + "1) has " + quoted(header));
                    }
                }
                records = csv.iterator();
                lineNumber = csv.getCurrentLineNumber();
            } else {
                csv = null;
                records = null;
            }
            ok = true;
        } catch (UncheckedIOException e) {
            throw ioError(e);
        } catch (IllegalArgumentException e) {
            throw argumentError(e);
        } catch (IOException e) {
            throw ioError(e);
        } finally {
            if (!ok) {
                lines.close();
            }
        }
    }

    /**
     * Opens a file; its {@link Format} is {@link Format#of its extension}'s.
     *
     * @param file the file
     * @param textColumn the column (CSV, TSV) or field (JSON Lines) of the texts; not used for {@link Format#LINES}
     * @param labelColumn the column or field of the labels, or {@code null} for none; must be null for
     *     {@link Format#LINES}
     * @return the open records
     * @throws IOException when the file cannot be read, or its header is malformed or not UTF-8
     * @throws IllegalArgumentException when a column is missing from the header (the message lists those found)
     */
    public static TextRecords open(Path file, String textColumn, String labelColumn) throws IOException {
        return open(file, Format.of(file), textColumn, labelColumn);
    }

    /**
     * Opens a file in the given format.
     *
     * @param file the file
     * @param format its layout
     * @param textColumn the column or field of the texts; not used for {@link Format#LINES}
     * @param labelColumn the column or field of the labels, or {@code null}
     * @return the open records
     * @throws IOException when the file cannot be read, or its header is malformed or not UTF-8
     * @throws IllegalArgumentException when a column is missing from the header, or a label column is asked of
     *     {@link Format#LINES}
     */
    public static TextRecords open(Path file, Format format, String textColumn, String labelColumn)
            throws IOException {
        if (format == Format.LINES && labelColumn != null) {
            throw new IllegalArgumentException(file + " holds one text per line, without labels; label a text in a "
                    + ".csv, .tsv or .jsonl file, or by its folder");
        }
        if (format != Format.LINES && (textColumn == null || textColumn.isBlank())) {
            throw new IllegalArgumentException("the text column must be named");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("file not found: " + file);
        }
        return new TextRecords(file, format, textColumn, labelColumn);
    }

    /** @return the bytes read from the file so far (read ahead of the records returned; for progress displays) */
    public long bytesRead() {
        return utf8.bytesRead();
    }

    /**
     * @return the next record, or {@code null} at the end of the file
     * @throws IOException on a read error, invalid UTF-8 or a malformed CSV quote (naming the line)
     * @throws IllegalArgumentException on a record without the text or label, with an empty text or label, or a
     *     JSON Lines line that is not a JSON object (naming the line)
     */
    public Record read() throws IOException {
        try {
            return switch (format) {
                case CSV, TSV -> readCsv();
                case JSON_LINES -> readJson();
                case LINES -> readLine();
            };
        } catch (UncheckedIOException e) {
            throw ioError(e);
        } catch (IllegalArgumentException e) {
            throw argumentError(e);
        }
    }

    private Record readCsv() {
        long start = lineNumber + 1;
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord r = records.next();
        lineNumber = csv.getCurrentLineNumber();
        String text = r.isSet(textColumn) ? r.get(textColumn) : null;
        String label = labelColumn == null ? null : r.isSet(labelColumn) ? r.get(labelColumn) : null;
        if (text == null || labelColumn != null && label == null) {
            throw new IllegalArgumentException(file + " line " + start + " has " + r.size() + (r.size() == 1 ? " field" : " fields")
                    + ", fewer than the header's " + csv.getHeaderNames().size() + ": no column '" + (text == null ? textColumn
                    : labelColumn) + "'");
        }
        return record(start, text, label);
    }

    private Record readJson() throws IOException {
        String s;
        do {
            s = lines.readLine();
            lineNumber++;
        } while (s != null && s.isBlank());
        if (s == null) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not valid JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + " is not a JSON object but "
                    + (node.isArray() ? "an array" : "a " + node.getNodeType().toString().toLowerCase(Locale.ROOT))
                    + "; a JSON Lines file holds one object per line, e.g. {\"" + textColumn + "\": \"...\"}");
        }
        String text = field(node, textColumn, true);
        String label = labelColumn == null ? null : field(node, labelColumn, false);
        return record(lineNumber, text, label);
    }

    private String field(JsonNode node, String name, boolean text) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            throw new IllegalArgumentException(file + " line " + lineNumber + " has no field '" + name + "'; it has "
                    + quoted(names));
        }
        if (v.isContainerNode() || text && !v.isTextual()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": field '" + name + "' is "
                    + v.getNodeType().toString().toLowerCase(Locale.ROOT) + ", not " + (text ? "a string"
                    : "a string or a number"));
        }
        return v.asText();
    }

    private Record readLine() throws IOException {
        String s;
        do {
            s = lines.readLine();
            lineNumber++;
        } while (s != null && s.isBlank());
        return s == null ? null : new Record(lineNumber, s, null);
    }

    private Record record(long line, String text, String label) {
        if (text.isBlank()) {
            throw new IllegalArgumentException(file + " line " + line + ": the text ('" + textColumn + "') is empty");
        }
        if (label != null) {
            label = label.strip();
            if (label.isEmpty()) {
                throw new IllegalArgumentException(file + " line " + line + ": the label ('" + labelColumn
                        + "') is empty");
            }
        }
        return new Record(line, text, label);
    }

    /**
     * commons-csv reports a read error or a malformed quote as an {@link UncheckedIOException} (or, while reading
     * the header, an {@link IOException}): the file's name and the line are added, with commons-csv's message;
     * invalid UTF-8 keeps the decoder's message, which names the file, the byte offset and the line.
     */
    private IOException ioError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Utf8Reader.Malformed m) {
                return m;
            }
        }
        Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
        return new IOException(file + ": malformed " + format + " near line " + (lineNumber + 1) + " ("
                + cause.getMessage() + ")", e);
    }

    /** Adds the file's name to a message that lacks it (commons-csv's, for a duplicate or empty header name). */
    private IllegalArgumentException argumentError(IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                : new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }

    private static String quoted(List<String> names) {
        return names.isEmpty() ? "none" : "'" + String.join("', '", names) + "'";
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
