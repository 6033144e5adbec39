package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes and messages of the command line, without training anything. */
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
    }

    @Test
    void readmeShowsTheCurrentHelp() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String[] cmd : new String[][]{{}, {"sentiment", "predict"}, {"text", "generate"}}) {
            CommandLine c = Rnn4jCli.commandLine();
            for (String sub : cmd) {
                c = c.getSubcommands().get(sub);
            }
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF).strip();
            assertTrue(readme.contains(help), "README.md lacks the current help of 'rnn4j " + String.join(" ", cmd)
                    + "':\n" + help);
        }
    }
}
