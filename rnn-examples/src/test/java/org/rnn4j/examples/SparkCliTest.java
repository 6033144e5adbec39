package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.CharLanguageModel;
import picocli.CommandLine;

/** {@code --spark MASTER} on the train commands: its checks, and one small run on {@code local[2]}. */
class SparkCliTest {
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
    void sparkOptionsAreCheckedBeforeAnyDataIsRead() {
        String[][] cases = {
            {"need --spark MASTER", "sentiment", "train", "--workers", "2"},
            {"--validation-split does not apply with --spark", "sentiment", "train", "--spark", "local[2]",
                "--validation-split", "0.1"},
            {"--patience does not apply with --spark", "stock", "train", "--spark", "local[2]", "--validate",
                "--patience", "2"},
            {"--spark-checkpoint (text train checkpoints with --checkpoint) does not apply", "text", "train",
                "--spark", "local[2]", "--spark-checkpoint", "x.ckpt", "--file", "pom.xml"},
            {"--averaging-frequency and --workers must be >= 1", "stock", "train", "--spark", "local[2]",
                "--averaging-frequency", "0"},
        };
        for (String[] c : cases) {
            Object[] r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(2, r[0], String.join(" ", c) + ": " + r[2]);
            assertTrue(((String) r[2]).contains(c[0]), (String) r[2]);
        }
    }

    @Test
    void textTrainRunsOnLocalSparkAndCheckpointsEveryRound(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            b.append("the emperor sat on the mat and the dog sat on the log. ");
        }
        Path text = Files.writeString(dir.resolve("t.txt"), b.toString());
        Path ckpt = dir.resolve("t.ckpt");
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Object[] r;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            r = run("text", "train", "--file", text.toString(), "--steps", "20", "--validate-every", "10",
                    "--hidden", "16", "--embedding", "8", "--seq-length", "10", "--batch", "8", "--length", "20",
                    "--checkpoint", ckpt.toString(), "--results", dir.toString(), "--spark", "local[2]",
                    "--averaging-frequency", "2");
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, r[0], out + "\n" + r[2]);
        assertTrue(out.contains("Spark local[2]: 2 workers x 2 batches of 8 per round, 5 rounds"), out);
        assertTrue(out.contains("round 5/5"), out);
        assertEquals(10, CharLanguageModel.load(ckpt).trainedSteps());
        assertTrue(out.contains("results written to " + dir.resolve("chargen-1layer-20steps.json")), out);
    }
}
