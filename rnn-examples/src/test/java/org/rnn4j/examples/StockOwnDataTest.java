package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.RandomWalkPrices;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.model.TargetForm;
import picocli.CommandLine;

/**
 * {@code stock train --csv FILE --test-from DAY} and {@code stock forecast} on a series other than the book's: a
 * seeded random walk near 90 (the worked example of docs/own-data-stock.md, trained for 3 epochs), the checks of
 * the dates and options, and the warning of a forecast on a series far outside the model's training range.
 */
class StockOwnDataTest {
    @TempDir
    Path dir;

    /** Runs the command line; returns {exit code, standard output, standard error}. */
    private static Object[] run(String... args) {
        CommandLine cli = Rnn4jCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute(args);
            return new Object[] {code, bytes.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(saved);
        }
    }

    /** The worked example: 1,500 days of a walk from 90, trained through the CLI, saved, then forecast. */
    @Test
    void trainsOnAPriceFileSplitAtADateAndForecastsWithTheSavedModel() throws Exception {
        Path csv = RandomWalkPrices.write(dir.resolve("walk.csv"), 1500, 7, 90);
        StockDataset data = StockDataset.read(csv);
        Path model = dir.resolve("m.rnn4j");
        Object[] r = run("stock", "train", "--csv", csv.toString(), "--test-from", "2023-06-01", "--recipe", "best",
                "--epochs", "3", "--no-baseline-nn", "--save", model.toString(), "--results", dir.toString());
        assertEquals(0, r[0], r[1] + "\n" + r[2]);
        StockDataset.Split split = data.splitAt(LocalDate.of(2023, 6, 1));
        String out = (String) r[1];
        assertTrue(out.contains("walk.csv: " + data.size() + " complete rows; train " + split.train().size()
                + " rows (" + split.train().date(0) + ".."), out);
        Path results = dir.resolve("stock-best-walk-test2023-06-01-seed0.json");
        assertTrue(Files.isRegularFile(results), out);
        JsonNode json = RunInfo.readJson(results);
        JsonNode dataset = json.get("dataset");
        assertEquals(csv.toString(), dataset.get("file").asText());
        assertEquals("dates", dataset.get("split").asText());
        assertEquals("2023-06-01", dataset.get("testFrom").asText());
        assertTrue(dataset.get("valFrom").isNull());
        assertEquals(split.train().size(), dataset.get("trainRows").asInt());
        assertEquals(split.test().size(), dataset.get("testRows").asInt());
        assertEquals(split.test().size() - 5, dataset.get("testWindows").asInt());
        assertEquals(split.test().date(0) + ".." + split.test().date(split.test().size() - 1),
                dataset.get("testPeriod").asText());
        assertTrue(json.get("test").get("r2").isNumber());
        assertEquals(3, json.get("members").get(0).get("lossByEpoch").size());

        r = run("stock", "evaluate", "--model", model.toString(), "--csv", csv.toString(), "--test-from",
                "2023-06-01");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains(String.format(java.util.Locale.ROOT, "test (%d windows, %s..%s): R² %.4f",
                split.test().size() - 5, split.test().date(4), split.test().date(split.test().size() - 2),
                json.get("test").get("r2").asDouble())), (String) r[1]);

        r = run("stock", "forecast", "--model", model.toString(), "--csv", csv.toString(), "--days", "3");
        assertEquals(0, r[0], (String) r[2]);
        List<String> lines = ((String) r[1]).lines().toList();
        assertEquals(4, lines.size(), (String) r[1]);
        int n = data.size();
        assertTrue(lines.get(3).startsWith(data.date(n - 1).toString()), lines.get(3));
        assertEquals("", r[2], "the walk's last days lie within the range of its training rows");
    }

    /** With --val-from the validation rows are scored every epoch and recorded; the test rows are scored last. */
    @Test
    void validationRowsBetweenTheTwoDates() throws Exception {
        Path csv = RandomWalkPrices.write(dir.resolve("walk.csv"), 1500, 7, 90);
        Object[] r = run("stock", "train", "--csv", csv.toString(), "--val-from", "2023-03-01", "--test-from",
                "2023-06-01", "--recipe", "best", "--epochs", "2", "--patience", "1", "--no-baseline-nn", "--variant",
                "v", "--results", dir.toString());
        assertEquals(0, r[0], r[1] + "\n" + r[2]);
        StockDataset.Split split = StockDataset.read(csv).splitAt(LocalDate.of(2023, 3, 1), LocalDate.of(2023, 6, 1));
        JsonNode json = RunInfo.readJson(dir.resolve("stock-v.json"));
        JsonNode dataset = json.get("dataset");
        assertEquals("2023-03-01", dataset.get("valFrom").asText());
        assertEquals(split.train().size(), dataset.get("trainRows").asInt());
        assertEquals(split.validation().size(), dataset.get("validationRows").asInt());
        assertEquals(split.test().size(), dataset.get("testRows").asInt());
        JsonNode member = json.get("members").get(0);
        assertTrue(member.get("validation").get("r2").isNumber(), member.toString());
        assertTrue(member.get("test").get("r2").isNumber(), member.toString());
        assertTrue(member.get("validationCurve").size() >= 1, member.toString());
    }

    @Test
    void datesAndOptionsAreCheckedBeforeTraining() throws Exception {
        Path csv = RandomWalkPrices.write(dir.resolve("walk.csv"), 1500, 7, 90);
        StockDataset data = StockDataset.read(csv);
        String[][] cases = {
            {"2", "--csv " + csv + " needs --test-from", "--csv", csv.toString()},
            {"2", "--validate and --val-from both choose validation rows", "--validate", "--val-from", "2022-01-03"},
            {"2", "--val-from 2023-02-01 must come before the test start 2023-01-01", "--csv", csv.toString(),
                "--val-from", "2023-02-01", "--test-from", "2023-01-01"},
            {"2", "--val-from 2023-02-01 must come before the test start 2023-01-01 (the book's", "--val-from",
                "2023-02-01"},
            {"2", "--train-from 2023-05-01 must come before the test start 2023-01-01", "--train-from", "2023-05-01"},
            {"2", "--patience 3 needs --validate or --val-from", "--patience", "3", "--csv", csv.toString(),
                "--test-from", "2023-01-01"},
            {"2", "--test-from 2030-01-01 (" + csv + "): no test rows: none of the", "--csv", csv.toString(),
                "--test-from", "2030-01-01"},
            {"2", "--test-from " + data.date(data.size() - 3) + " (" + csv + "): the test rows ("
                + data.date(data.size() - 3) + ".." + data.date(data.size() - 1) + ", 3 rows) give no window",
                "--csv", csv.toString(), "--test-from", data.date(data.size() - 3).toString()},
            {"2", "no training rows", "--csv", csv.toString(), "--test-from", "2018-06-01"},
            {"3", "price CSV not found", "--csv", dir.resolve("none.csv").toString(), "--test-from", "2023-01-01"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length - 2 + 4];
            args[0] = "stock";
            args[1] = "train";
            System.arraycopy(c, 2, args, 2, c.length - 2);
            args[args.length - 2] = "--results";
            args[args.length - 1] = dir.resolve("runs").toString();
            Object[] r = run(args);
            assertEquals(Integer.parseInt(c[0]), r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(((String) r[2]).contains(c[1]), String.join(" ", args) + ": " + r[2]);
        }
        assertTrue(Files.notExists(dir.resolve("runs")), "nothing was trained or written");
    }

    /**
     * A model whose scaler was fitted on a series near 5,000, shown a series near 90: the forecast warns, one line
     * per feature (at most 10) and a summary line; on a series within range it does not.
     */
    @Test
    void forecastWarnsWhenTheSeriesLiesFarOutsideTheTrainingRange() throws Exception {
        Path near5000 = RandomWalkPrices.write(dir.resolve("index.csv"), 400, 1, 5000);
        Path near90 = RandomWalkPrices.write(dir.resolve("share.csv"), 400, 2, 90);
        SequenceRegressor m = SequenceRegressor.builder(StockDataset.FEATURES.size()).lstmSize(4).denseSize(4)
                .featureScaler(StandardScaler.fit(StockDataset.read(near5000).features()))
                .featureNames(StockDataset.FEATURES).windowLength(5)
                .target(TargetForm.RETURN, StockDataset.featureIndex("open")).build();
        Path model = dir.resolve("index.rnn4j");
        m.save(model);

        Object[] r = run("stock", "forecast", "--model", model.toString(), "--csv", near90.toString(), "--days", "3");
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(4, ((String) r[1]).lines().count(), "the forecasts are still printed");
        List<String> warnings = ((String) r[2]).lines().toList();
        assertTrue(warnings.size() >= 2 && warnings.size() <= StockExample.MAX_RANGE_WARNINGS + 2,
                String.join("\n", warnings));
        StockDataset share = StockDataset.read(near90);
        int n = share.size();
        assertTrue(warnings.get(0).startsWith("warning: feature "), warnings.get(0));
        assertTrue(warnings.stream().anyMatch(l -> l.startsWith("warning: feature open: ") && l.contains(" sd below "
                + "the training mean")), String.join("\n", warnings));
        String summary = warnings.get(warnings.size() - 1);
        assertTrue(summary.contains("features of the 7 rows this forecast reads (" + share.date(n - 7) + ".."
                + share.date(n - 1) + ") lie more than 6 sd from the mean of the model's training rows"), summary);
        assertTrue(summary.contains("its forecasts from them are extrapolations"), summary);

        r = run("stock", "forecast", "--model", model.toString(), "--csv", near5000.toString(), "--days", "3");
        assertEquals(0, r[0], (String) r[2]);
        assertEquals("", r[2]);
    }

    /**
     * A price-target model whose forecasts lie far from the day's open (here an untrained network, which outputs
     * numbers near 0 for a share near 90) gets one warning line, though its features are within range.
     */
    @Test
    void forecastWarnsWhenForecastsStrayFarFromTheOpen() throws Exception {
        Path csv = RandomWalkPrices.write(dir.resolve("share.csv"), 400, 2, 90);
        StockDataset share = StockDataset.read(csv);
        SequenceRegressor m = SequenceRegressor.builder(StockDataset.FEATURES.size()).lstmSize(4).denseSize(4)
                .featureScaler(StandardScaler.fit(share.features())).featureNames(StockDataset.FEATURES)
                .windowLength(5).build();
        Path model = dir.resolve("price.rnn4j");
        m.save(model);
        Object[] r = run("stock", "forecast", "--model", model.toString(), "--csv", csv.toString(), "--days", "3");
        assertEquals(0, r[0], (String) r[2]);
        List<String> warnings = ((String) r[2]).lines().toList();
        assertEquals(1, warnings.size(), (String) r[2]);
        assertTrue(warnings.get(0).startsWith("warning: 3 of 3 forecasts lie more than 1.5 times above or below the "
                + "day's open (the furthest: close(t) "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("the model is likely reading a series or price level it was not trained "
                + "on"), warnings.get(0));
    }
}
