package org.rnn4j.benchmarks;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.memory.AllocationsTracker;
import org.nd4j.linalg.api.memory.enums.AllocationKind;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Where a fork's memory is when its resident set peaks: a daemon thread reads the resident set every 20 ms and,
 * whenever it is the highest yet, notes beside it the Java heap (committed and used) and the native memory that
 * JavaCPP tracks ({@link Pointer#totalBytes}) and ND4J's own count of its native allocations by kind (arrays,
 * workspaces, constants; {@link AllocationsTracker}). The rest of the resident set is
 * the JVM itself (code, class metadata, GC structures, threads) and native libraries' own allocations (OpenBLAS,
 * libnd4j). Started once per fork by {@link Fixtures#prepare}; {@link RunEnvironment#record} writes
 * {@link #atPeak()}.
 */
final class MemorySampler {
    private static final long PERIOD_MS = 20;
    private static final double MIB = 1024.0 * 1024.0;
    private static Thread thread;
    private static volatile Map<String, Object> atPeak = Map.of();
    private static long peakKb;

    private MemorySampler() {
    }

    /** Starts the sampling thread (once per JVM). */
    static synchronized void start() {
        if (thread != null || residentKb() < 0) {
            return;
        }
        thread = new Thread(() -> {
            while (true) {
                sample();
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rnn4j-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the breakdown at the highest resident set seen so far, in MiB (empty when not sampled) */
    static Map<String, Object> atPeak() {
        sample();
        return atPeak;
    }

    private static synchronized void sample() {
        long kb = residentKb();
        if (kb <= peakKb) {
            return;
        }
        peakKb = kb;
        Runtime rt = Runtime.getRuntime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rssMb", mib(kb * 1024));
        m.put("heapCommittedMb", mib(rt.totalMemory()));
        m.put("heapUsedMb", mib(rt.totalMemory() - rt.freeMemory()));
        m.put("javacppTrackedMb", mib(Pointer.totalBytes()));
        for (AllocationKind kind : AllocationKind.values()) {
            long bytes = AllocationsTracker.getInstance().bytesOnDevice(kind, 0);
            if (bytes != 0) {
                m.put("nd4j" + kind + "Mb", mib(bytes));
            }
        }
        m.put("nd4jCachedMb", mib(NativeOpsHolder.getInstance().getDeviceNativeOps().getCachedMemory(0)));
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            direct += pool.getMemoryUsed();
        }
        m.put("nioBuffersMb", mib(direct));
        atPeak = m;
    }

    private static double mib(long bytes) {
        return Math.round(bytes / MIB * 10) / 10.0;
    }

    /** @return VmRSS in KiB, or -1 where /proc is not available */
    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
