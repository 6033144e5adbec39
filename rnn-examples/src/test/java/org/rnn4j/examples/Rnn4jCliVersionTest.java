package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code rnn4j --version} prints the pom's version (surefire passes {@code ${project.version}}). */
class Rnn4jCliVersionTest {
    @Test
    void versionIsThePomVersion() {
        String pom = System.getProperty("rnn4j.pomVersion");
        assertNotNull(pom, "surefire sets rnn4j.pomVersion (parent pom)");
        CommandLine cli = Rnn4jCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--version"));
        assertEquals("rnn4j " + pom, out.toString().strip());
    }
}
