package org.rnn4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a run happened on, as results files record it: the example commands' results JSON (its
 * {@code environment} object) and the benchmarks' environment records both take these facts from here. Each keeps
 * its own JSON key names, which the readers of earlier results expect.
 *
 * @param cpu the CPU model, the first {@code model name} of {@code /proc/cpuinfo} (e.g. {@code AMD EPYC}), or
 *     {@value #UNKNOWN} where there is none (not Linux, or a kernel that does not report it)
 * @param logicalCpus the logical CPUs this JVM may use ({@link Runtime#availableProcessors()})
 * @param os the system property {@code os.name}, a space and {@code os.arch}, e.g. {@code Linux amd64}
 * @param java the JVM's name, a space and the Java version, e.g. {@code OpenJDK 64-Bit Server VM 17.0.15}
 */
public record Machine(String cpu, int logicalCpus, String os, String java) {
    /** The CPU model where it cannot be read. */
    public static final String UNKNOWN = "unknown";

    /** @return this machine, as this JVM sees it */
    public static Machine current() {
        List<String> cpuinfo;
        try {
            cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) { // not Linux
            cpuinfo = List.of();
        }
        return new Machine(cpuModel(cpuinfo), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    /**
     * @param cpuinfo the lines of {@code /proc/cpuinfo}
     * @return the value of the first {@code model name} line, trimmed, or {@value #UNKNOWN}
     */
    static String cpuModel(List<String> cpuinfo) {
        return cpuinfo.stream().filter(l -> l.startsWith("model name") && l.indexOf(':') > 0)
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).filter(s -> !s.isEmpty()).findFirst()
                .orElse(UNKNOWN);
    }
}
