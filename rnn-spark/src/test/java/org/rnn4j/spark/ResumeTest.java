package org.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.model.DistributedTraining;
import org.rnn4j.model.SequenceClassifier;

/**
 * A Spark job whose driver JVM is killed ({@code SIGKILL}) mid-run resumes from its last averaging round's
 * checkpoint and ends where an uninterrupted job ends.
 */
class ResumeTest {
    private static final int ROUNDS = 12;
    private static final int FREQUENCY = 2;

    @TempDir
    Path tmp;

    @Test
    void jobResumesFromLastRoundAfterDriverIsKilled() throws Exception {
        Path ckpt = tmp.resolve("job.ckpt");
        Process first = driver(ckpt, tmp.resolve("first.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && first.isAlive()) {
            if (Files.readString(tmp.resolve("first.log")).contains("round 3\n")) {
                first.destroyForcibly();
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        String firstLog = Files.readString(tmp.resolve("first.log"));
        assertTrue(!firstLog.contains("done"), "the first driver finished before it was killed:\n" + firstLog);
        long killedAfter = SequenceClassifier.load(ckpt).trainedSteps();
        int lastRound = (int) (killedAfter / FREQUENCY);

        Process second = driver(ckpt, tmp.resolve("second.log"));
        assertTrue(second.waitFor(180, TimeUnit.SECONDS));
        List<String> log = Files.readAllLines(tmp.resolve("second.log"));
        assertEquals(0, second.exitValue(), String.join("\n", log));
        List<String> rounds = log.stream().filter(l -> l.startsWith("round ")).toList();
        assertEquals("start " + killedAfter, log.stream().filter(l -> l.startsWith("start")).findFirst().orElse(""));
        assertEquals("round " + (lastRound + 1), rounds.get(0));
        assertEquals(ROUNDS - lastRound, rounds.size());
        SequenceClassifier resumed = SequenceClassifier.load(ckpt);
        assertEquals((long) ROUNDS * FREQUENCY, resumed.trainedSteps());

        Path whole = tmp.resolve("whole.ckpt");
        Process uninterrupted = driver(whole, tmp.resolve("whole.log"));
        assertTrue(uninterrupted.waitFor(180, TimeUnit.SECONDS));
        SequenceClassifier straight = SequenceClassifier.load(whole);
        float[] a = DistributedTraining.network(resumed).params().toFloatVector();
        float[] b = DistributedTraining.network(straight).params().toFloatVector();
        Report.line("driver killed (SIGKILL) after round %d of %d (first log: %s); the second driver started at "
                + "step %d and trained rounds %s..%s; its weights equal the uninterrupted job's: %s", lastRound,
                ROUNDS, firstLog.lines().filter(l -> l.startsWith("round")).toList(), killedAfter, rounds.get(0),
                rounds.get(rounds.size() - 1), Arrays.equals(a, b));
        assertArrayEquals(b, a, "resumed job differs from the uninterrupted one");
    }

    private static Process driver(Path checkpoint, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(Arrays.asList(System.getProperty("rnn4j.sparkJvmFlags", "").trim().split("\\s+")));
        cmd.add("-Dlog4j2.configurationFile=" + ResumeTest.class.getResource("/log4j2.properties"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ResumeDriver.class.getName());
        cmd.add(checkpoint.toString());
        cmd.add(Integer.toString(ROUNDS));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }
}
