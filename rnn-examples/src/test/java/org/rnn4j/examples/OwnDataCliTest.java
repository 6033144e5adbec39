package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.SequenceClassifier;

/**
 * The worked example of docs/own-data.md: 200 support tickets (good or bad, generated from word lists with a fixed
 * seed) trained through {@code sentiment train --train} and scored through {@code sentiment predict --input}; the
 * same texts laid out as class folders train the same model; the options' checks.
 */
class OwnDataCliTest {
    private static final String[] GOOD = {"thanks", "great", "quick", "helpful", "resolved", "friendly", "fixed",
        "perfect", "fast", "happy"};
    private static final String[] BAD = {"slow", "broken", "refund", "rude", "waiting", "crash", "useless", "error",
        "never", "angry"};
    private static final String[] OTHER = {"the", "support", "ticket", "order", "my", "agent", "app", "was", "team",
        "account", "and", "again"};

    @TempDir
    Path dir;

    /** {@code n} tickets: 4 to 10 words, a third of them words of the ticket's class; labels "good" and "bad". */
    static List<String[]> tickets(int n, long seed) {
        Random r = new Random(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean good = r.nextBoolean();
            StringBuilder b = new StringBuilder();
            int words = 4 + r.nextInt(7);
            for (int w = 0; w < words; w++) {
                String[] list = w == 0 || r.nextInt(3) == 0 ? (good ? GOOD : BAD) : OTHER;
                b.append(w == 0 ? "" : r.nextInt(8) == 0 ? ", " : " ").append(list[r.nextInt(list.length)]);
            }
            out.add(new String[]{b.toString(), good ? "good" : "bad"});
        }
        return out;
    }

    private static Path ticketsCsv(Path file, List<String[]> tickets) throws Exception {
        StringBuilder b = new StringBuilder("id,text,label\n");
        for (int i = 0; i < tickets.size(); i++) {
            b.append(i + 1).append(",\"").append(tickets.get(i)[0]).append("\",").append(tickets.get(i)[1])
                    .append('\n');
        }
        return Files.writeString(file, b);
    }

    private static Object[] run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            var cli = Rnn4jCli.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            cli.setOut(new PrintWriter(new StringWriter()));
            int code = cli.execute(args);
            return new Object[]{code, bytes.toString(StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(saved);
        }
    }

    private static void assertOk(Object[] r) {
        assertEquals(0, r[0], "stdout:\n" + r[1] + "\nstderr:\n" + r[2]);
    }

    @Test
    void trainOnTicketsThenScoreAFile() throws Exception {
        List<String[]> tickets = tickets(200, 42);
        Path csv = ticketsCsv(dir.resolve("tickets.csv"), tickets);
        Path model = dir.resolve("m.rnn4j");
        Path results = dir.resolve("results");
        Object[] r = run("sentiment", "train", "--train", csv.toString(), "--test-split", "0.2", "--classes",
                "bad,good", "--epochs", "3", "--save", model.toString(), "--results", results.toString());
        assertOk(r);
        String out = (String) r[1];
        assertTrue(out.contains("160 train, 0 validation, 40 test texts"), out);
        assertTrue(out.contains("classes: 'bad' = 0"), out);
        assertTrue(out.contains("precision and recall of 'good'"), out);
        String json = Files.readString(results.resolve("sentiment-tickets.json"));
        assertTrue(json.contains("\"own-sentiment\"") && json.replaceAll("\\s", "").contains("\"classes\":[\"bad\","
                + "\"good\"]"), json);
        assertTrue(Files.exists(results.resolve("sentiment-tickets-loss.png")));
        SequenceClassifier m = SequenceClassifier.load(model);
        assertEquals(List.of("bad", "good"), m.classNames());

        List<String> lines = List.of("thanks, quick and helpful support", "", "app crash again, waiting for a refund",
                "my order was fixed fast");
        Path input = Files.write(dir.resolve("new.txt"), lines);
        Path output = dir.resolve("out.csv");
        assertOk(run("sentiment", "predict", "--model", model.toString(), "--input", input.toString(), "--output",
                output.toString()));
        List<String> rows = Files.readAllLines(output);
        assertEquals(List.of("line", "probability", "class"), List.of(rows.get(0).split(",")));
        assertEquals(4, rows.size()); // the blank line is skipped
        List<String> texts = List.of(lines.get(0), lines.get(2), lines.get(3));
        float[] p = m.predictProbabilities(texts);
        int[] lineNumbers = {1, 3, 4};
        for (int i = 0; i < 3; i++) {
            String[] f = rows.get(i + 1).split(",");
            assertEquals(String.valueOf(lineNumbers[i]), f[0]);
            assertEquals(p[i], Double.parseDouble(f[1]), 1e-6);
            assertEquals(m.className(p[i]), f[2]);
        }

        // the same model on the texts as arguments prints the class names
        r = run("sentiment", "predict", "--model", model.toString(), texts.get(0), texts.get(1));
        assertOk(r);
        List<String> printed = ((String) r[1]).lines().toList();
        assertEquals(2, printed.size());
        assertTrue(printed.get(0).endsWith("\t" + m.className(p[0]) + "\t" + texts.get(0)), printed.get(0));

        // JSON Lines output, and a CSV input to standard output
        Path jsonl = dir.resolve("out.jsonl");
        assertOk(run("sentiment", "predict", "--model", model.toString(), "--input", input.toString(), "--output",
                jsonl.toString()));
        List<String> j = Files.readAllLines(jsonl);
        assertEquals(3, j.size());
        assertTrue(j.get(1).startsWith("{\"line\":3,\"probability\":") && j.get(1).endsWith("\"class\":\""
                + m.className(p[1]) + "\"}"), j.get(1));
        r = run("sentiment", "predict", "--model", model.toString(), "--input", csv.toString());
        assertOk(r);
        List<String> stdout = ((String) r[1]).lines().toList();
        assertEquals(201, stdout.size());
        assertEquals("2", stdout.get(1).split(",")[0]); // the first ticket is on line 2, under the header
    }

    @Test
    void classFoldersOfTheSameTicketsTrainTheSameModel() throws Exception {
        List<String[]> tickets = tickets(120, 7);
        Path csv = ticketsCsv(dir.resolve("tickets.csv"), tickets);
        for (int i = 0; i < tickets.size(); i++) {
            Path f = dir.resolve("folders").resolve(tickets.get(i)[1]).resolve(String.format("%04d.txt", i));
            Files.createDirectories(f.getParent());
            Files.writeString(f, tickets.get(i)[0]);
        }
        Path input = Files.write(dir.resolve("new.txt"), List.of("great support", "rude agent, broken app", "order"));
        List<List<String>> outputs = new ArrayList<>();
        for (String source : List.of(csv.toString(), dir.resolve("folders").toString())) {
            Path model = dir.resolve("m" + outputs.size() + ".rnn4j");
            Path out = dir.resolve("out" + outputs.size() + ".csv");
            assertOk(run("sentiment", "train", "--train", source, "--epochs", "2", "--hidden", "8", "--seed", "5",
                    "--save", model.toString(), "--results", dir.resolve("r").toString()));
            assertOk(run("sentiment", "predict", "--model", model.toString(), "--input", input.toString(),
                    "--output", out.toString()));
            outputs.add(Files.readAllLines(out));
        }
        assertEquals(outputs.get(0), outputs.get(1));
        assertTrue(outputs.get(0).get(1).endsWith(",good") || outputs.get(0).get(1).endsWith(",bad"));
    }

    @Test
    void optionsAreCheckedBeforeAnyDataIsRead() throws Exception {
        Path csv = ticketsCsv(dir.resolve("t.csv"), tickets(10, 1));
        Path txt = Files.writeString(dir.resolve("in.txt"), "hello\n");
        String[][] bad = {
            {"sentiment", "train", "--train", csv.toString(), "--test", csv.toString(), "--test-split", "0.2"},
            {"sentiment", "train", "--train", csv.toString(), "--test-split", "1.5"},
            {"sentiment", "train", "--train", csv.toString(), "--classes", "good"},
            {"sentiment", "train", "--train", csv.toString(), "--classes", "good,good"},
            {"sentiment", "train", "--train", dir.resolve("missing.csv").toString()},
            {"sentiment", "train", "--classes", "bad,good"},
            {"sentiment", "train", "--text-column", "body"},
            {"sentiment", "predict", "--model", "m.rnn4j", "--input", txt.toString(), "--output", "out.txt"},
            {"sentiment", "predict", "--model", "m.rnn4j", "--input", dir.resolve("none.txt").toString()},
            {"sentiment", "predict", "--model", "m.rnn4j", "--input", txt.toString(), "--text-column", "body"},
            {"sentiment", "predict", "--model", "m.rnn4j"},
            {"sentiment", "predict", "--model", "m.rnn4j", "--input", txt.toString(), "a text"},
            {"sentiment", "predict", "--model", "m.rnn4j", "--input", txt.toString(), "--batch", "0"},
        };
        for (String[] args : bad) {
            Object[] r = run(args);
            assertEquals(2, r[0], String.join(" ", args) + "\n" + r[2]);
            assertFalse(((String) r[2]).contains("model file not found"), (String) r[2]); // rejected before loading
        }
    }

    @Test
    void loaderErrorsAreBadInput() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "body,label\nfine,good\n");
        Object[] r = run("sentiment", "train", "--train", csv.toString());
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("no column 'text'") && ((String) r[2]).contains("'body', 'label'"),
                (String) r[2]);
        Path broken = Files.writeString(dir.resolve("b.csv"), "text,label\n\"open,good\n");
        r = run("sentiment", "train", "--train", broken.toString());
        assertEquals(3, r[0]);
        assertTrue(((String) r[2]).contains("malformed CSV"), (String) r[2]);
    }
}
