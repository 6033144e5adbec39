package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.SlidingWindows;

/** Date-based splits ({@link StockDataset#splitAt}) on a synthetic business-day series, 2018-01-02..2023-09. */
class StockSplitTest {
    @TempDir
    static Path dir;
    static StockDataset data;

    @BeforeAll
    static void read() throws IOException {
        data = StockDataset.read(RandomWalkPrices.write(dir.resolve("walk.csv"), 1500, 7, 90));
    }

    /** The index of the first row dated {@code day} or later, found the slow way. */
    private static int firstFrom(LocalDate day) {
        int i = 0;
        while (data.date(i).isBefore(day)) {
            i++;
        }
        return i;
    }

    @Test
    void rowsBeforeTheDateTrainAndTheRestTest() {
        LocalDate testFrom = LocalDate.of(2023, 4, 1);   // a Saturday: the test starts on Monday 2023-04-03
        StockDataset.Split s = data.splitAt(testFrom);
        int t = firstFrom(testFrom);
        assertFalse(s.hasValidation());
        assertEquals(t, s.train().size());
        assertEquals(data.size() - t, s.test().size());
        assertEquals(LocalDate.of(2023, 3, 31), s.train().date(t - 1));
        assertEquals(LocalDate.of(2023, 4, 3), s.test().date(0));
        assertEquals(data.dates().get(data.size() - 1), s.test().date(s.test().size() - 1));
        assertArrayEquals(data.rows(0, t).features(), s.train().features());
        assertArrayEquals(data.rows(t, data.size()).close(), s.test().close());
        assertEquals(s.train().size() + " training rows and " + s.test().size() + " test rows",
                s.counts().replace(",", ""));
    }

    @Test
    void threePartsAreContiguousAndCoverEveryRow() {
        LocalDate valFrom = LocalDate.of(2022, 10, 3);
        LocalDate testFrom = LocalDate.of(2023, 1, 1);
        StockDataset.Split s = data.splitAt(valFrom, testFrom);
        assertTrue(s.hasValidation());
        int v = firstFrom(valFrom);
        int t = firstFrom(testFrom);
        assertEquals(v, s.train().size());
        assertEquals(t - v, s.validation().size());
        assertEquals(data.size() - t, s.test().size());
        assertTrue(s.train().date(v - 1).isBefore(valFrom));
        assertEquals(valFrom, s.validation().date(0));
        assertTrue(s.validation().date(t - v - 1).isBefore(testFrom));
        assertEquals(LocalDate.of(2023, 1, 2), s.test().date(0));
        assertArrayEquals(data.rows(v, t).features(), s.validation().features());
        assertSame(s, s.requireWindows(SlidingWindows.Options.BOOK));
        // without validation, the training rows are those of the two parts together
        assertArrayEquals(data.rows(0, t).features(), data.splitAt(testFrom).train().features());
    }

    /** The book's split and the split at its first test day cut the same rows (and so the same windows). */
    @Test
    void splitAtTheBooksTestStartIsTheBooksSplit() throws IOException {
        String csv = RandomWalkPrices.csv(1500, 7, 5000).lines()
                .filter(l -> l.startsWith("Date")
                        || !LocalDate.parse(l.substring(0, 10)).isAfter(StockDataset.TEST_END))
                .collect(Collectors.joining("\n"));
        StockDataset d = StockDataset.read(Files.writeString(dir.resolve("to-2023-06-30.csv"), csv));
        assertSameRowsAndWindows(d.bookSplit(), d.splitAt(StockDataset.TEST_START));
    }

    /** Asserts that two splits hold the same rows and cut the same book windows. */
    static void assertSameRowsAndWindows(StockDataset.Split expected, StockDataset.Split actual) {
        for (StockDataset[] part : new StockDataset[][] {{expected.train(), actual.train()},
            {expected.test(), actual.test()}}) {
            assertEquals(part[0].dates(), part[1].dates());
            assertArrayEquals(part[0].features(), part[1].features());
            assertArrayEquals(part[0].close(), part[1].close());
            SlidingWindows a = part[0].windows(SlidingWindows.Options.BOOK);
            SlidingWindows b = part[1].windows(SlidingWindows.Options.BOOK);
            assertEquals(a.count(), b.count());
            assertArrayEquals(a.windows(), b.windows());
            assertArrayEquals(a.targets(), b.targets());
        }
    }

    @Test
    void emptyPartsAreErrorsThatNameTheCountsAndTheDates() {
        String first = data.date(0).toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.splitAt(data.date(0)));
        assertTrue(e.getMessage().contains("no training rows: none of the "
                + String.format(Locale.ROOT, "%,d", data.size()) + " complete rows (" + first + ".."), e.getMessage());
        assertTrue(e.getMessage().contains("the first complete row is the 255th trading day"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> data.splitAt(LocalDate.of(2030, 1, 1)));
        assertTrue(e.getMessage().startsWith("no test rows: ") && e.getMessage().contains("2030-01-01 or later"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> data.splitAt(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 1)));
        assertEquals("the validation start 2023-01-01 must come before the test start 2023-01-01", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,   // a weekend holds no validation day
                () -> data.splitAt(LocalDate.of(2022, 12, 31), LocalDate.of(2023, 1, 2)));
        assertTrue(e.getMessage().startsWith("no validation rows: ")
                && e.getMessage().contains("dated 2022-12-31..2023-01-01"), e.getMessage());
    }

    @Test
    void aPartTooShortForOneWindowIsAnErrorThatNamesTheCounts() {
        int n = data.size();
        StockDataset.Split s = data.splitAt(data.date(n - 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.requireWindows(SlidingWindows.Options.BOOK));
        assertEquals("the test rows (" + data.date(n - 3) + ".." + data.date(n - 1) + ", 3 rows) give no window: "
                + "one window of 5 days with horizon 1, the last window dropped, needs at least 6 rows; the split has "
                + String.format(Locale.ROOT, "%,d", n - 3) + " training rows and 3 test rows", e.getMessage());
        StockDataset.Split six = data.splitAt(data.date(n - 6));
        assertEquals(1, six.requireWindows(SlidingWindows.Options.BOOK).test()
                .windows(SlidingWindows.Options.BOOK).count());
        StockDataset.Split early = data.splitAt(data.date(4), data.date(n - 10));
        e = assertThrows(IllegalArgumentException.class, () -> early.requireWindows(SlidingWindows.Options.BOOK));
        assertTrue(e.getMessage().startsWith("the training rows (" + data.date(0) + ".." + data.date(3)
                + ", 4 rows) give no window"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the split has 4 training rows, " + String.format(Locale.ROOT, "%,d", n - 14)
                + " validation rows and 10 test rows"), e.getMessage());
    }
}
