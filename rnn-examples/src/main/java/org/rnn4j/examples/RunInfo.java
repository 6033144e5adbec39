package org.rnn4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.nd4j.linalg.factory.Nd4j;
import org.rnn4j.io.AtomicFiles;
import org.rnn4j.io.Machine;

/** The facts about a run that every results file records, and the atomic JSON writer. */
final class RunInfo {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunInfo() {
    }

    /** @return a map of the alternating keys and values, in the order given */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /**
     * @return machine, backend, threads, git commit and time of this run; {@code gitDirty} says whether tracked
     *     files other than {@code results/} differed from that commit (the results earlier runs of the same batch
     *     wrote do not count, the code and documentation do)
     */
    static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("gitCommit", git("rev-parse", "HEAD"));
        m.put("gitDirty",
                !git("status", "--porcelain", "--untracked-files=no", "--", ":(top,exclude)results").isEmpty());
        Machine machine = Machine.current(); // the benchmarks' records take the same facts (key "cores" there)
        m.put("cpu", machine.cpu());
        m.put("availableProcessors", machine.logicalCpus());
        m.put("os", machine.os());
        m.put("java", machine.java());
        m.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        m.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        m.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
        return m;
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Writes {@code value} as indented JSON, atomically (see {@link AtomicFiles}). */
    static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, out -> JSON.writeValue(out, value));
    }

    /** {@link #writeJson} for listeners, which cannot throw checked exceptions. */
    static void writeJsonUnchecked(Path file, Object value) {
        try {
            writeJson(file, value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a results file written by {@link #writeJson}. */
    static com.fasterxml.jackson.databind.JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }
}
