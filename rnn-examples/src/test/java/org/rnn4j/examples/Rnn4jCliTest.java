package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.StandardScaler;
import org.rnn4j.datasets.StockDataset;
import org.rnn4j.model.CharLanguageModel;
import org.rnn4j.model.SequenceRegressor;
import org.rnn4j.model.TargetForm;
import org.rnn4j.text.CharVocabulary;
import picocli.CommandLine;

/** Exit codes, messages and output of the command line, without training anything. */
class Rnn4jCliTest {

    private static Object[] run(String... args) {
        CommandLine cli = Rnn4jCli.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        return new Object[]{code, out.toString(), err.toString()};
    }

    @Test
    void helpListsEverySubcommand() {
        Object[] r = run("--help");
        assertEquals(0, r[0]);
        for (String sub : new String[]{"sentiment", "stock", "text"}) {
            assertTrue(((String) r[1]).contains(sub), (String) r[1]);
        }
        assertEquals(0, run("text", "train", "--help")[0]);
        assertEquals(0, run("sentiment", "predict", "--help")[0]);
        assertEquals(0, run("sentiment", "train", "--help")[0]);
        assertEquals(0, run("stock", "forecast", "--help")[0]);
    }

    /** A random walk of business days from 2021 to mid-2023: enough rows for the 252-day features and a test. */
    private static Path syntheticPrices(Path csv) throws Exception {
        StringBuilder b = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        Random r = new Random(5);
        double close = 10_000;
        for (LocalDate d = LocalDate.of(2021, 1, 4); !d.isAfter(LocalDate.of(2023, 6, 30)); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            double open = close * (1 + 0.005 * r.nextGaussian());
            close = open * (1 + 0.01 * r.nextGaussian());
            b.append(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.2f,%.2f,%.2f,%d%n", d, open,
                    Math.max(open, close) * 1.01, Math.min(open, close) * 0.99, close, close, 1_000_000 + r.nextInt(9)));
        }
        return Files.writeString(csv, b);
    }

    /** Runs the command line with System.out captured (the commands print their tables there). */
    private static Object[] runCapturingStdout(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Object[] r = run(args);
            r[1] = bytes.toString(StandardCharsets.UTF_8);
            return r;
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void stockEvaluateAndForecastUseASavedModel(@TempDir Path dir) throws Exception {
        Path csv = syntheticPrices(dir.resolve("prices.csv"));
        StockDataset data = StockDataset.read(csv);
        SequenceRegressor m = SequenceRegressor.builder(StockDataset.FEATURES.size()).lstmSize(4).denseSize(4)
                .featureScaler(StandardScaler.fit(data.features()))
                .target(TargetForm.RETURN, StockDataset.featureIndex("open")).build();
        Path model = dir.resolve("m.rnn4j");
        m.save(model);

        Object[] r = runCapturingStdout("stock", "forecast", "--model", model.toString(), "--csv", csv.toString(),
                "--days", "3");
        assertEquals(0, r[0], (String) r[2]);
        List<String> lines = ((String) r[1]).lines().toList();
        assertEquals(4, lines.size(), (String) r[1]);
        int n = data.size();
        double[][] lastWindow = new double[5][];
        for (int t = 0; t < 5; t++) {
            lastWindow[t] = data.features(n - 5 + t);
        }
        String expected = String.format(Locale.ROOT, "%s %9.2f   %11.2f %9.2f", data.date(n - 1),
                data.features(n - 1)[StockDataset.featureIndex("open")], m.predict(lastWindow)[0], data.close(n - 1));
        assertEquals(expected, lines.get(3));

        r = runCapturingStdout("stock", "evaluate", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(0, r[0], (String) r[2]);
        int windows = data.bookSplit().test().size() - 5; // the book drops the last window
        assertTrue(((String) r[1]).contains("test (" + windows + " windows, "), (String) r[1]);
        assertTrue(((String) r[1]).contains("naive close(t)≈open(t)"), (String) r[1]);

        r = run("stock", "forecast", "--model", model.toString(), "--csv", csv.toString(), "--days", "0");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--days must be in [1, "), (String) r[2]);
        r = run("stock", "evaluate", "--model", dir.resolve("none.rnn4j").toString(), "--csv", csv.toString());
        assertEquals(3, r[0]);
        assertTrue(((String) r[2]).contains("model file not found"), (String) r[2]);
        SequenceRegressor.builder(3).build().save(dir.resolve("three.rnn4j"));
        r = run("stock", "forecast", "--model", dir.resolve("three.rnn4j").toString(), "--csv", csv.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("reads 3 features per day, not the stock project's 37"), (String) r[2]);
    }

    @Test
    void textEvaluateScoresAFileByBothProtocols(@TempDir Path dir) throws Exception {
        String text = "the emperor said to the prince that the army would march at dawn.\n".repeat(30);
        Path file = Files.writeString(dir.resolve("small.txt"), text);
        CharLanguageModel m = CharLanguageModel.builder(CharVocabulary.of(text)).embeddingSize(8).lstmSize(16)
                .sequenceLength(10).seed(1).build();
        m.save(dir.resolve("m.ckpt"));
        Object[] r = runCapturingStdout("text", "evaluate", "--model", dir.resolve("m.ckpt").toString(), "--file",
                file.toString(), "--whole");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains(String.format(Locale.ROOT, "%,d characters (whole text)", text.length())), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "windows of 10 from a zero state      %.4f nats",
                m.evaluate(text).nats())), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "streaming (state carried throughout) %.4f nats",
                m.streamingCrossEntropy(text))), out);
    }

    @Test
    void missingOrCorruptModelFilesExitWith3AndNameTheFile(@TempDir Path dir) throws Exception {
        Object[] r = run("sentiment", "predict", "--model", dir.resolve("none.rnn4j").toString(), "great film");
        assertEquals(3, r[0]);
        assertTrue(((String) r[2]).contains("model file not found"), (String) r[2]);
        Path junk = Files.writeString(dir.resolve("junk.ckpt"), "junk");
        r = run("text", "generate", "--model", junk.toString());
        assertEquals(3, r[0]);
        assertTrue(((String) r[2]).contains("not an rnn4j model file"), (String) r[2]);
    }

    @Test
    void badUsageAndBadValuesExitWith2() {
        assertEquals(2, run("sentiment", "predict", "great film")[0]); // --model missing
        Object[] r = run("text", "train", "--steps", "0", "--file", "pom.xml");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("steps must be >= 1, got 0"), (String) r[2]);
        r = run("sentiment", "train", "--patience", "2");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--patience 2 needs --validation-split"), (String) r[2]);
        r = run("sentiment", "train", "--validation-split", "1.5");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--validation-split must be in [0, 1), got 1.5"), (String) r[2]);
    }

    @Test
    void everyTrainCommandChecksItsOptionsBeforeReadingData() {
        // these values are rejected while the command line is parsed (picocli calls the options' setters), so no
        // command reaches its call(), where the data is read
        String[][] cases = {
            {"--lr must be > 0, got -1.0", "sentiment", "train", "--lr", "-1"},
            {"--epochs must be >= 1, got 0", "sentiment", "train", "--epochs", "0"},
            {"--dropout must be in [0, 1), got 1.0", "stock", "train", "--dropout", "1"},
            {"--layers must be >= 1, got 0", "text", "train", "--layers", "0"},
            {"--patience 2 needs --validate", "stock", "train", "--patience", "2"},
            {"--batch must be >= 1, got 0", "text", "train", "--batch", "0"},
        };
        for (String[] c : cases) {
            Object[] r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r[0], String.join(" ", c) + ": " + r[2]);
            assertTrue(((String) r[2]).contains(c[0]), (String) r[2]);
        }
    }

    @Test
    void anUnknownCellOrACellWithDl4jsLstmIsRejectedWhileParsing() {
        for (String project : new String[]{"sentiment", "stock", "text"}) {
            Object[] r = run(project, "train", "--cell", "lstn");
            assertEquals(2, r[0], (String) r[2]);
            assertTrue(((String) r[2]).contains("--cell: unknown cell 'lstn'; valid cells: lstm, gru, rnn"),
                    (String) r[2]);
        }
        Object[] r = run("text", "train", "--cell", "gru", "--dl4j-lstm");
        assertEquals(2, r[0], (String) r[2]);
        assertTrue(((String) r[2]).contains("--dl4j-lstm selects DL4J's LSTM layer, which exists for the LSTM only"),
                (String) r[2]);
    }

    @Test
    void aGruCheckpointResumedAsAnLstmIsRefused(@TempDir Path dir) throws Exception {
        String text = "the emperor said to the prince that the army would march at dawn.\n".repeat(20);
        Path file = Files.writeString(dir.resolve("t.txt"), text);
        Path ckpt = dir.resolve("gru.ckpt");
        CharLanguageModel.builder(CharVocabulary.of(text)).embeddingSize(4).lstmSize(6)
                .cell(org.rnn4j.model.Cell.GRU).build().save(ckpt);
        Object[] r = run("text", "train", "--file", file.toString(), "--steps", "1", "--validate-every", "1",
                "--checkpoint-every", "1", "--results", dir.toString(), "--checkpoint", ckpt.toString(), "--resume",
                "--cell", "lstm");
        assertEquals(2, r[0], (String) r[2]);
        assertTrue(((String) r[2]).contains("holds a GRU model, but --cell lstm asks for an LSTM"), (String) r[2]);
    }

    @Test
    void aTextOfOneDistinctCharacterIsRejectedClearly(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("aaa.txt"), "a".repeat(500));
        Object[] r = run("text", "train", "--file", file.toString(), "--steps", "1", "--results", dir.toString(),
                "--checkpoint", dir.resolve("c.ckpt").toString());
        assertEquals(2, r[0], (String) r[2]);
        assertTrue(((String) r[2]).contains("has 1 distinct character"), (String) r[2]);
    }

    @Test
    void readmeShowsTheCurrentHelpOfEveryCommand() throws Exception {
        String readme = Files.readString(Path.of("docs", "cli.md"));
        List<CommandLine> all = new java.util.ArrayList<>(List.of(Rnn4jCli.commandLine()));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        assertEquals(13, all.size(), "rnn4j, 3 projects and 9 subcommands");
        for (CommandLine c : all) {
            assertContainsHelp("docs/cli.md (run scripts/cli_help.sh)", readme, c);
        }
    }

    private static void assertContainsHelp(String where, String text, CommandLine c) {
        String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF).strip();
        assertTrue(text.contains(help), where + " lacks the current help of '" + c.getCommandSpec().qualifiedName()
                + "':\n" + help);
    }
}
