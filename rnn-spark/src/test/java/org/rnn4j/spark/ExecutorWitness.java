package org.rnn4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A worker listener that records, in a shared directory, which JVM trained an iteration and with which layer
 * implementations: one line per iteration in a file named after the process id.
 */
final class ExecutorWitness extends BaseTrainingListener implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String directory;

    ExecutorWitness(Path directory) {
        this.directory = directory.toString();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        String layers = Arrays.stream(((ComputationGraph) model).getLayers())
                .map(l -> l.getClass().getName()).collect(Collectors.joining(","));
        Path file = Path.of(directory, "pid-" + ProcessHandle.current().pid());
        try {
            Files.writeString(file, iteration + " " + layers + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
