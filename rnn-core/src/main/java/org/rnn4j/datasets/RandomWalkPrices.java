package org.rnn4j.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic daily price series in the CSV form {@link PriceTable} reads: a seeded geometric random walk over
 * business days (Monday to Friday), for trying the stock project on data other than the book's, in tests and
 * examples. The same arguments give the same file on every machine.
 *
 * <p>Each day's open is the previous close with an overnight gap, {@code open = close(t-1) * exp(0.25 sigma
 * e1)}; the close follows from the open, {@code close = open * exp(mu - sigma^2 / 2 + sigma e2)}; the high and
 * the low lie {@code |0.5 sigma e3|} and {@code |0.5 sigma e4|} (in log terms) beyond them; the volume is
 * {@code round(1e6 exp(0.3 e5))} (the {@code e}s are standard normal). Prices are printed with 4 decimals.
 *
 * <pre>{@code
 * Files.writeString(Path.of("walk.csv"), RandomWalkPrices.csv(1500, 7, 90));
 * }</pre>
 *
 * <p>From the command line: {@code java -cp rnn-examples/target/rnn4j-examples.jar
 * org.rnn4j.datasets.RandomWalkPrices walk.csv 1500 7 90} (file, days, seed, first close).
 */
public final class RandomWalkPrices {
    /** The first day of the series: the first business day of 2018. */
    public static final LocalDate START = LocalDate.of(2018, 1, 2);
    /** The daily drift {@code mu} of the log price (about 5% a year). */
    public static final double DRIFT = 0.0002;
    /** The daily volatility {@code sigma} of the log price (about 24% a year). */
    public static final double VOLATILITY = 0.015;

    private RandomWalkPrices() {
    }

    /**
     * @param days trading days, &gt;= 1
     * @param seed the random seed
     * @param firstClose the close before the first day, &gt; 0
     * @return the CSV text: a {@code Date,Open,High,Low,Close,Volume} header and one row per day
     * @throws IllegalArgumentException when {@code days} or {@code firstClose} is out of range
     */
    public static String csv(int days, long seed, double firstClose) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1, got " + days);
        }
        if (!(firstClose > 0 && Double.isFinite(firstClose))) {
            throw new IllegalArgumentException("firstClose must be finite and > 0, got " + firstClose);
        }
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder("Date,Open,High,Low,Close,Volume\n");
        double close = firstClose;
        LocalDate day = START;
        for (int i = 0; i < days; i++) {
            while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            double open = close * Math.exp(0.25 * VOLATILITY * r.nextGaussian());
            close = open * Math.exp(DRIFT - VOLATILITY * VOLATILITY / 2 + VOLATILITY * r.nextGaussian());
            double high = Math.max(open, close) * Math.exp(Math.abs(0.5 * VOLATILITY * r.nextGaussian()));
            double low = Math.min(open, close) * Math.exp(-Math.abs(0.5 * VOLATILITY * r.nextGaussian()));
            long volume = Math.round(1e6 * Math.exp(0.3 * r.nextGaussian()));
            b.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%d\n", day, open, high, low, close, volume));
            day = day.plusDays(1);
        }
        return b.toString();
    }

    /**
     * Writes {@link #csv(int, long, double)} to a file.
     *
     * @param file the file to write (replaced when it exists)
     * @param days trading days
     * @param seed the random seed
     * @param firstClose the close before the first day
     * @return the file
     * @throws IOException when the file cannot be written
     */
    public static Path write(Path file, int days, long seed, double firstClose) throws IOException {
        return Files.writeString(file, csv(days, seed, firstClose), StandardCharsets.UTF_8);
    }

    /**
     * Writes a series: {@code FILE [DAYS [SEED [FIRST_CLOSE]]]} (defaults 1500, 7, 90).
     *
     * @param args the file, and optionally the days, the seed and the first close
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: RandomWalkPrices FILE [DAYS [SEED [FIRST_CLOSE]]]  (defaults 1500, 7, 90)");
            System.exit(2);
        }
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
        double firstClose = args.length > 3 ? Double.parseDouble(args[3]) : 90;
        Path file = write(Path.of(args[0]), days, seed, firstClose);
        System.out.println("wrote " + days + " days to " + file);
    }
}
