package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The price CSV reader on a few hand-made rows: what it keeps, and one test per kind of bad input. */
class PriceTableTest {
    static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume";
    /** Four valid days; data row i is file line i + 2. */
    static final List<String> ROWS = List.of(
            "2024-01-02,10.5,11,10,10.75,10.75,1000",
            "2024-01-03,10.8,12,10.5,11.5,11.5,1500",
            "2024-01-04,11.5,11.75,11,11.25,11.25,0",
            "2024-01-05,11.25,11.5,9.5,10,10,2000");

    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path f = dir.resolve("prices.csv");
        Files.writeString(f, String.join("\n", lines));
        return f;
    }

    /** The fixture with one cell of data row {@code row} (0-based) replaced. */
    private Path withCell(int row, int column, String value) throws IOException {
        List<String> lines = new ArrayList<>(ROWS);
        String[] cells = lines.get(row).split(",", -1);
        cells[column] = value;
        lines.set(row, String.join(",", cells));
        lines.add(0, HEADER);
        return write(lines.toArray(String[]::new));
    }

    private static String failure(Path f) {
        return assertThrows(IOException.class, () -> PriceTable.read(f)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' not in: " + message);
        }
    }

    @Test
    void readsTheColumnsInDateOrder() throws IOException {
        List<String> lines = new ArrayList<>(ROWS);
        lines.add(0, HEADER);
        Path f = write(lines.toArray(String[]::new));
        PriceTable t = PriceTable.read(f);
        assertEquals(4, t.size());
        assertEquals(f, t.source());
        assertEquals(List.of(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 4),
                LocalDate.of(2024, 1, 5)), t.dates());
        assertArrayEquals(new double[] {10.5, 10.8, 11.5, 11.25}, t.open());
        assertArrayEquals(new double[] {11, 12, 11.75, 11.5}, t.high());
        assertArrayEquals(new double[] {10, 10.5, 11, 9.5}, t.low());
        assertArrayEquals(new double[] {10.75, 11.5, 11.25, 10}, t.close());
        assertArrayEquals(new double[] {1000, 1500, 0, 2000}, t.volume(), "a zero volume is allowed");
        assertEquals(2, t.line(0));
        assertEquals(5, t.line(3));
        t.close()[0] = -1;
        assertEquals(10.75, t.close()[0], "accessors return copies");
    }

    @Test
    void columnsMayComeInAnyOrderAdjCloseIsOptionalAndExtraColumnsAreIgnored() throws IOException {
        Path f = write("Volume,Close,Ticker,Low,High,Open,Date",
                " 700 , 20.5 ,XYZ, 19 , 21 , 20 , 2024-03-01 ",
                "800,\"21\",XYZ,20,22,20.5,2024-03-04");
        PriceTable t = PriceTable.read(f);
        assertEquals(LocalDate.of(2024, 3, 4), t.date(1));
        assertArrayEquals(new double[] {20, 20.5}, t.open());
        assertArrayEquals(new double[] {20.5, 21}, t.close());
        assertArrayEquals(new double[] {700, 800}, t.volume());
    }

    @Test
    void aBadNumberNamesFileLineColumnAndValue() throws IOException {
        Path f = withCell(2, 4, "11.2x");
        assertMentions(failure(f), "price CSV " + f, "line 4, column 'Close': '11.2x' is not a number");
    }

    @Test
    void missingValuesAreErrorsNotSkippedRows() throws IOException {
        assertMentions(failure(withCell(1, 6, "NaN")), "line 3, column 'Volume' is 'NaN'");
        assertMentions(failure(withCell(1, 2, "null")), "line 3, column 'High' is 'null'");
        assertMentions(failure(withCell(0, 1, "")), "line 2, column 'Open' is empty");
        assertMentions(failure(withCell(3, 3, "1e400")), "line 5, column 'Low': '1e400' is out of range");
    }

    @Test
    void pricesMustBePositiveAndVolumesNotNegative() throws IOException {
        assertMentions(failure(withCell(3, 3, "0")), "line 5, column 'Low': 0 must be > 0");
        assertMentions(failure(withCell(0, 4, "-2.5")), "line 2, column 'Close': -2.5 must be > 0");
        assertMentions(failure(withCell(2, 6, "-1")), "line 4, column 'Volume': -1 must be >= 0");
        assertMentions(failure(withCell(1, 5, "0")), "line 3, column 'Adj Close': 0 must be > 0");
    }

    @Test
    void datesMustBeIsoAndStrictlyAscending() throws IOException {
        assertMentions(failure(withCell(2, 0, "2024/01/04")), "line 4, column 'Date': '2024/01/04' is not a date");
        assertMentions(failure(withCell(2, 0, "")), "line 4, column 'Date' is empty");
        assertMentions(failure(withCell(2, 0, "2024-01-03")), "line 4: date 2024-01-03 repeats line 3");
        assertMentions(failure(withCell(2, 0, "2023-12-29")),
                "line 4: date 2023-12-29 comes after 2024-01-03 on line 3", "sorted by ascending date");
    }

    @Test
    void requiredColumnsMustBeThereOnce() throws IOException {
        assertMentions(failure(write("Date,Open,High,Low,Close", ROWS.get(0))), "has no 'Volume' column",
                "required: Date,Open,High,Low,Close,Volume");
        assertMentions(failure(write("Date,Open,High,Low,Close,Close,Volume", ROWS.get(0))),
                "has 2 'Close' columns");
        assertMentions(failure(write("")), "has no 'Date' column");
        assertMentions(failure(write(HEADER)), "has a header but no data rows");
    }

    @Test
    void shortOrMalformedRowsAreErrors() throws IOException {
        assertMentions(failure(write(HEADER, ROWS.get(0), "2024-01-03,10.8,12,10.5")),
                "line 3 has 4 cells, too few for column 'Close'");
        assertMentions(failure(write(HEADER, ROWS.get(0), ROWS.get(1) + ",\"unterminated")), "not valid CSV");
    }

    @Test
    void aMissingFileIsAnError() {
        assertMentions(failure(dir.resolve("nope.csv")), "not found", "nope.csv");
    }
}
