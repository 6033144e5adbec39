package org.rnn4j.examples;

import org.rnn4j.datasets.DataHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rnn4j} command: one subcommand per chapter-12 project. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Recurrent sequence models on the JVM: the three projects of chapter 12.",
        footer = "Exit codes: 0 done, 1 unexpected error, 2 bad usage or input, 3 missing or corrupt file.",
        subcommands = {SentimentExample.class, StockExample.class, TextExample.class})
public final class Rnn4jCli {
    private Rnn4jCli() {
    }

    /**
     * @param args a subcommand and its options; {@code --help} lists them
     */
    public static void main(String[] args) {
        DataHome.setDefaultProgress(DownloadProgressBar.onStandardError()); // dataset downloads draw a progress bar
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with rnn4j's exit codes: 0 success, 2 bad usage or bad input (the message names it), 3 a
     * missing, unreadable or corrupt file (dataset, model, checkpoint), 1 anything unexpected (with its stack
     * trace).
     *
     * @return the configured command line
     */
    static CommandLine commandLine() {
        return new CommandLine(new Rnn4jCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("rnn4j " + cmd.getCommandName() + ": " + e.getMessage());
                return e instanceof IllegalArgumentException ? 2 : 3;
            }
            e.printStackTrace(cmd.getErr());
            return 1;
        });
    }
}
