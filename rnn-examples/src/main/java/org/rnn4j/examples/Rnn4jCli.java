package org.rnn4j.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnn4j} command: one subcommand per chapter-12 project. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, version = "rnn4j 0.1.0",
        description = "Recurrent sequence models on the JVM: the three projects of chapter 12.",
        subcommands = {SentimentExample.class, StockExample.class, TextExample.class})
public final class Rnn4jCli {
    private Rnn4jCli() {
    }

    /**
     * @param args a subcommand and its options; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Rnn4jCli()).execute(args));
    }
}
