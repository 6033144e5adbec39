package org.rnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlidingWindowsTest {
    /** Row i = {i, 10 i}; target i = 100 i. */
    static double[][] rows(int n) {
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            r[i] = new double[] {i, 10 * i};
        }
        return r;
    }

    static double[] targets(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 100 * i;
        }
        return t;
    }

    @Test
    void bookLayoutDropsTheLastWindowAndLabelsTheLastRow() {
        SlidingWindows w = SlidingWindows.of(rows(10), targets(10), SlidingWindows.Options.BOOK);
        assertEquals(5, w.count(), "10 rows - 5 = 5 windows (the book's loop stops one start early)");
        assertEquals(5, w.length());
        assertEquals(2, w.width());
        assertArrayEquals(new double[] {0, 0}, w.window(0)[0]);
        assertArrayEquals(new double[] {4, 40}, w.window(0)[4]);
        assertArrayEquals(new double[] {400}, w.target(0));
        assertEquals(4, w.lastRow(0));
        assertArrayEquals(new double[] {800}, w.target(4), "last window ends at row 8; row 9 is never a label");
        assertThrows(IndexOutOfBoundsException.class, () -> w.window(5));
    }

    @Test
    void withoutDroppingEveryStartIsUsed() {
        SlidingWindows w = SlidingWindows.of(rows(10), targets(10), 5);
        assertEquals(6, w.count());
        assertArrayEquals(new double[] {900}, w.target(5));
        assertEquals(10, SlidingWindows.of(rows(10), targets(10), 1).count());
    }

    @Test
    void horizonTakesTheFollowingTargets() {
        SlidingWindows w = SlidingWindows.of(rows(10), targets(10), new SlidingWindows.Options(3, 5, false));
        assertEquals(4, w.count(), "10 - 3 - 5 + 2");
        assertArrayEquals(new double[] {200, 300, 400, 500, 600}, w.target(0));
        assertArrayEquals(new double[] {500, 600, 700, 800, 900}, w.target(3));
        assertEquals(5, w.targets()[0].length);
        assertEquals(3, w.windows()[3].length);
    }

    @Test
    void copiesItsInputAndOutputs() {
        double[][] r = rows(6);
        SlidingWindows w = SlidingWindows.of(r, targets(6), 3);
        r[0][0] = 99;
        assertEquals(0, w.window(0)[0][0]);
        w.window(0)[0][0] = 42;
        w.target(0)[0] = 42;
        assertEquals(0, w.window(0)[0][0]);
        assertEquals(200, w.target(0)[0]);
    }

    @Test
    void fewerRowsThanTheWindowIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(rows(4), targets(4), SlidingWindows.Options.BOOK));
        assertTrue(e.getMessage().contains("has 4 rows, fewer than the window length 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(rows(5), targets(5), SlidingWindows.Options.BOOK));
        assertTrue(e.getMessage().contains("too few for one window") && e.getMessage().contains("at least 6"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(rows(6), targets(6), new SlidingWindows.Options(5, 5, false)));
        assertTrue(e.getMessage().contains("at least 9"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindows.Options(0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindows.Options(5, 0, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlidingWindows.of(rows(10), targets(9), 5));
        assertTrue(e.getMessage().contains("9 targets for 10 rows"), e.getMessage());
        double[][] ragged = rows(10);
        ragged[7] = new double[] {1};
        e = assertThrows(IllegalArgumentException.class, () -> SlidingWindows.of(ragged, targets(10), 5));
        assertTrue(e.getMessage().contains("row 7 has 1 values, expected 2"), e.getMessage());
    }
}
