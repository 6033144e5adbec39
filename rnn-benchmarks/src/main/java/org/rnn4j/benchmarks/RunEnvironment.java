package org.rnn4j.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.rnn4j.io.Machine;

/**
 * What a benchmark ran on: ND4J backend, the native build actually loaded (generic, avx2 or avx512 for the CPU),
 * threads, CPU model, JVM, date and the fork's peak resident memory. JMH forks one JVM per benchmark method and
 * parameter set, so the peak RSS read at the end of a trial belongs to that one workload.
 *
 * <p>{@link #record} prints the record as one line {@code RNN4J-ENV {json}} and, when the environment variable
 * {@code RNN4J_BENCH_ENV_DIR} names a directory, also writes it there as {@code <benchmark>[-<params>].json}
 * ({@code scripts/benchmarks.sh} does, and {@code scripts/benchmark_report.py} reads them).
 */
final class RunEnvironment {
    /** Environment variable naming the directory for the JSON side files. */
    static final String DIR_ENV = "RNN4J_BENCH_ENV_DIR";
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    /** Compact JSON, map entries in insertion order; a NaN or infinite number is written as a string ("NaN"). */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String backend;

    private RunEnvironment() {
    }

    /**
     * Starts ND4J's backend, failing or warning in one clear line instead of a deep ND4J stack trace. A
     * {@code -Pcuda} build holds the CUDA backend alone (the poms swap it for the CPU one), so without a GPU no
     * backend starts and this throws, naming the cause. Were both backends on the classpath, ND4J's CUDA backend
     * would print the loader's {@code UnsatisfiedLinkError} (no {@code libcuda.so.1}) with its stack trace and fall
     * back to the CPU; this captures what ND4J writes to {@code System.err} while it starts and reports that as
     * one line.
     *
     * @return the backend's simple class name ({@code CpuBackend} or {@code JCublasBackend})
     * @throws IllegalStateException when no backend can start (the message names the cause and the remedy)
     */
    static synchronized String checkBackend() {
        if (backend != null) {
            return backend;
        }
        boolean cudaRequested = isPresent(CUDA_BACKEND);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            backend = Nd4j.getBackend().getClass().getSimpleName();
        } catch (Throwable e) { // ND4J wraps the loader's error many levels deep
            throw new IllegalStateException((cudaRequested
                    ? "CUDA backend requested (built with -Pcuda) but ND4J could not start it"
                    : "ND4J could not start its CPU backend") + ": " + rootMessage(e)
                    + (cudaRequested ? ". It needs an NVIDIA GPU, its driver and the CUDA 11.6 runtime libraries;"
                    + " build without -Pcuda to benchmark the CPU." : ""));
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        if (cudaRequested && !backend.startsWith("JCublas")) {
            String reason = log.lines().filter(l -> !l.isBlank() && !l.startsWith("\tat ")).findFirst()
                    .map(l -> " (" + l.trim() + ")").orElse("");
            err.println("CUDA backend requested (built with -Pcuda) but no GPU/driver found" + reason
                    + "; falling back to CPU (" + backend + ")");
        } else {
            err.print(log); // not the known fallback: pass ND4J's output on untouched
        }
        return backend;
    }

    /**
     * @return the native build ND4J loaded, as the platform folder JavaCPP took it from, e.g.
     *     {@code linux-x86_64} (generic), {@code linux-x86_64-avx2} or {@code linux-x86_64-avx512}
     */
    static String nativeClassifier() {
        for (Map.Entry<String, String> lib : Loader.getLoadedLibraries().entrySet()) {
            String path = String.valueOf(lib.getValue()).replace('\\', '/');
            if (path.matches(".*/libjnind4j(cpu|cuda)\\.[a-z]+$") || path.matches(".*/jnind4j(cpu|cuda)\\.dll$")) {
                String dir = path.substring(0, path.lastIndexOf('/'));
                return dir.substring(dir.lastIndexOf('/') + 1);
            }
        }
        return "unknown";
    }

    /**
     * Describes this fork and writes it out (see the class comment).
     *
     * @param params the benchmark and its parameters, from JMH
     * @param extra workload facts to add (e.g. how many reviews an epoch sampled), may be empty
     */
    static void record(BenchmarkParams params, Map<String, Object> extra) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", params.getBenchmark());
        Map<String, Object> p = new LinkedHashMap<>();
        for (String key : params.getParamsKeys()) {
            p.put(key, params.getParam(key));
        }
        r.put("params", p);
        r.put("backend", checkBackend());
        r.put("cudaBackendOnClasspath", isPresent(CUDA_BACKEND));
        r.put("classifier", nativeClassifier());
        r.put("ompNumThreads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        r.put("mallocMmapThreshold", String.valueOf(System.getenv("MALLOC_MMAP_THRESHOLD_")));
        r.put("nd4jMaxThreads", Nd4j.getEnvironment().maxThreads());
        Map<String, Object> nd4j = new TreeMap<>();
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        info.forEach((k, v) -> {
            if (!(v instanceof Map<?, ?>)) { // leaves out the per-device memory-bandwidth tables
                // other values than numbers, booleans and strings (e.g. CUDA's device lists) as their text, as ever
                nd4j.put(String.valueOf(k), v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        });
        r.put("nd4jEnvironment", nd4j);
        Machine machine = Machine.current(); // the examples' results take the same facts (key "availableProcessors")
        r.put("cpu", machine.cpu());
        r.put("cores", machine.logicalCpus());
        r.put("os", machine.os());
        r.put("java", machine.java());
        r.put("date", Instant.now().toString());
        r.put("peakRssMb", peakRssMb());
        r.put("memoryAtPeak", MemorySampler.atPeak());
        r.putAll(extra);
        String json = toJson(r);
        System.out.println("RNN4J-ENV " + json);
        String dir = System.getenv(DIR_ENV);
        if (dir != null && !dir.isBlank()) {
            String name = params.getBenchmark() + (p.isEmpty() ? "" : "-" + p.toString()
                    .replaceAll("[^A-Za-z0-9.=,]", "").replace(',', '_'));
            try {
                Files.createDirectories(Path.of(dir));
                Files.writeString(Path.of(dir, name + ".json"), json + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the environment record to " + dir, e);
            }
        }
    }

    /**
     * @param record an environment record: maps with string keys, strings, numbers and booleans
     * @return compact JSON, keys in the maps' order
     */
    static String toJson(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the environment record as JSON: " + e.getMessage(), e);
        }
    }

    /** @return the process's peak resident set (VmHWM) in MiB, or -1 where /proc is not available */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kb / 1024.0 * 10) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, RunEnvironment.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
