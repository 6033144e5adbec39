package org.rnn4j.benchmarks;

import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Base of the benchmark states: at the end of every trial (one per JMH fork, that is per workload) it records
 * the run's environment and peak RSS with {@link RunEnvironment#record}.
 */
public abstract class RecordedBenchmark {
    /** @return workload facts to add to the record (none by default) */
    protected Map<String, Object> facts() {
        return Map.of();
    }

    /** @param params the benchmark and its parameters, injected by JMH */
    @TearDown(Level.Trial)
    public void recordEnvironment(BenchmarkParams params) {
        RunEnvironment.record(params, facts());
    }
}
