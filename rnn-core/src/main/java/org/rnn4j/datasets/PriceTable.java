package org.rnn4j.datasets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A daily price series (open, high, low, close and volume per trading day) read from a CSV file and validated,
 * for any instrument: the book's NASDAQ file ({@link StockDataset#FILE}) or any other daily OHLCV export.
 *
 * <p>The file is UTF-8 CSV with a header row. It needs the columns {@link #REQUIRED} ({@code Date, Open, High,
 * Low, Close, Volume}, spelled exactly so, in any order); an {@value #ADJ_CLOSE} column is optional and, when
 * present, validated like a price but not kept; other columns are ignored. Cells are trimmed. Each data row
 * must have:
 * <ul>
 *   <li>a {@code Date} in ISO {@code YYYY-MM-DD} form, later than the previous row's (ascending, no
 *       duplicates);</li>
 *   <li>prices ({@code Open, High, Low, Close}, and {@code Adj Close} when present) that are finite numbers
 *       &gt; 0;</li>
 *   <li>a {@code Volume} that is a finite number &gt;= 0.</li>
 * </ul>
 * Empty cells and missing-value markers ({@code NaN}, {@code null}, {@code NA}, {@code -}, {@code inf}, ...)
 * are errors, not skipped rows: every {@link IOException} from {@link #read} names the file and, for a bad
 * cell, its line, its column and its value.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.read(Path.of("AAPL.csv"));
 * double[] close = prices.close();            // one per trading day, in date order
 * StockDataset data = StockDataset.of(prices); // the book's 37 features of this series
 * }</pre>
 *
 * <p>Instances are immutable; accessors return copies.
 */
public final class PriceTable {
    /** The columns every price CSV needs. */
    public static final List<String> REQUIRED = List.of("Date", "Open", "High", "Low", "Close", "Volume");
    /** An optional column: validated as a price when present, otherwise unused. */
    public static final String ADJ_CLOSE = "Adj Close";

    private static final List<String> VALUES = List.of("Open", "High", "Low", "Close", "Volume");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern MISSING = Pattern.compile("(?i)nan|null|none|na|n/a|-|#n/a|inf|-inf|infinity");

    private final Path source;
    private final List<LocalDate> dates;
    private final double[][] values;   // [column of VALUES][row]
    private final long[] lines;

    private PriceTable(Path source, List<LocalDate> dates, double[][] values, long[] lines) {
        this.source = source;
        this.dates = dates;
        this.values = values;
        this.lines = lines;
    }

    /**
     * Reads and validates a daily price CSV.
     *
     * @param csv the file
     * @return its rows, in file order (which is date order)
     * @throws IOException when the file is missing or unreadable, is not valid CSV, lacks a required column or
     *     has one twice, has a row with too few cells, an empty, missing (NaN), non-numeric or out-of-range cell,
     *     a price &lt;= 0, a negative volume, an invalid, duplicate or out-of-order date, or no data row; the
     *     message names the file and, for a bad row, its line, column and value
     */
    public static PriceTable read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("price CSV not found: " + csv);
        }
        List<LocalDate> dates = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser parser = format.parse(in)) {
            List<String> header = parser.getHeaderNames();
            List<String> columns = columns(csv, header);
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                for (String column : columns) {
                    if (!r.isSet(column)) {
                        throw new IOException(where(csv, line) + " has " + r.size() + " cells, too few for column '"
                                + column + "' (header has " + header.size() + ")");
                    }
                }
                LocalDate date = date(csv, line, r.get("Date"));
                if (!dates.isEmpty()) {
                    checkOrder(csv, line, date, dates.get(dates.size() - 1), lines.get(lines.size() - 1));
                }
                double[] row = new double[VALUES.size()];
                for (int k = 0; k < row.length; k++) {
                    row[k] = number(csv, line, VALUES.get(k), r.get(VALUES.get(k)));
                }
                if (columns.contains(ADJ_CLOSE)) {
                    number(csv, line, ADJ_CLOSE, r.get(ADJ_CLOSE));
                }
                dates.add(date);
                rows.add(row);
                lines.add(line);
            }
        } catch (UncheckedIOException e) {
            throw new IOException("price CSV " + csv + " is not valid CSV (" + e.getCause().getMessage() + ")", e);
        }
        if (rows.isEmpty()) {
            throw new IOException("price CSV " + csv + " has a header but no data rows");
        }
        double[][] values = new double[VALUES.size()][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < values.length; k++) {
                values[k][i] = rows.get(i)[k];
            }
        }
        return new PriceTable(csv, List.copyOf(dates), values, lines.stream().mapToLong(Long::longValue).toArray());
    }

    /** The columns to read: the required ones, and Adj Close when the header has it; each exactly once. */
    private static List<String> columns(Path csv, List<String> header) throws IOException {
        List<String> columns = new ArrayList<>(REQUIRED);
        if (header.contains(ADJ_CLOSE)) {
            columns.add(ADJ_CLOSE);
        }
        for (String column : columns) {
            int n = Collections.frequency(header, column);
            if (n == 0) {
                throw new IOException("price CSV " + csv + " has no '" + column + "' column (header: "
                        + String.join(",", header) + "; required: " + String.join(",", REQUIRED) + ")");
            }
            if (n > 1) {
                throw new IOException("price CSV " + csv + " has " + n + " '" + column + "' columns");
            }
        }
        return columns;
    }

    private static String where(Path csv, long line) {
        return "price CSV " + csv + " line " + line;
    }

    private static void checkOrder(Path csv, long line, LocalDate date, LocalDate previous, long previousLine)
            throws IOException {
        if (date.equals(previous)) {
            throw new IOException(where(csv, line) + ": date " + date + " repeats line " + previousLine
                    + " (duplicate dates)");
        }
        if (date.isBefore(previous)) {
            throw new IOException(where(csv, line) + ": date " + date + " comes after " + previous + " on line "
                    + previousLine + "; rows must be sorted by ascending date");
        }
    }

    private static LocalDate date(Path csv, long line, String cell) throws IOException {
        if (cell.isEmpty()) {
            throw new IOException(where(csv, line) + ", column 'Date' is empty");
        }
        try {
            return LocalDate.parse(cell);
        } catch (DateTimeParseException e) {
            throw new IOException(where(csv, line) + ", column 'Date': '" + cell + "' is not a date in YYYY-MM-DD form",
                    e);
        }
    }

    private static double number(Path csv, long line, String column, String cell) throws IOException {
        String where = where(csv, line) + ", column '" + column + "'";
        if (cell.isEmpty()) {
            throw new IOException(where + " is empty (missing value)");
        }
        if (MISSING.matcher(cell).matches()) {
            throw new IOException(where + " is '" + cell + "' (a missing or non-finite value)");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new IOException(where + ": '" + cell + "' is not a number");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new IOException(where + ": '" + cell + "' is out of range");
        }
        boolean volume = column.equals("Volume");
        if (volume ? v < 0 : v <= 0) {
            throw new IOException(where + ": " + cell + " must be " + (volume ? ">= 0" : "> 0"));
        }
        return v;
    }

    /** @return the file the rows were read from */
    public Path source() {
        return source;
    }

    /** @return the number of data rows (trading days), at least 1 */
    public int size() {
        return dates.size();
    }

    /** @return the dates, strictly ascending (unmodifiable) */
    public List<LocalDate> dates() {
        return dates;
    }

    /**
     * @param i row index
     * @return the row's date
     */
    public LocalDate date(int i) {
        return dates.get(i);
    }

    /**
     * @param i row index
     * @return the line of the file the row was read from (the header is line 1)
     */
    public long line(int i) {
        return lines[i];
    }

    /** @return a copy of the opening prices, one per row */
    public double[] open() {
        return values[0].clone();
    }

    /** @return a copy of the highs, one per row */
    public double[] high() {
        return values[1].clone();
    }

    /** @return a copy of the lows, one per row */
    public double[] low() {
        return values[2].clone();
    }

    /** @return a copy of the closing prices, one per row */
    public double[] close() {
        return values[3].clone();
    }

    /** @return a copy of the volumes, one per row */
    public double[] volume() {
        return values[4].clone();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PriceTable[%s, %d rows, %s..%s]", source, size(), dates.get(0),
                dates.get(size() - 1));
    }
}
