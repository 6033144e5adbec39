package org.rnn4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The environment records that Jackson writes are the JSON the earlier hand-written writer produced. */
class RunEnvironmentJsonTest {
    /** The records under results/benchmarks/env were written by the hand-written writer: same bytes again. */
    @Test
    void rewritesTheCommittedRecordsByteForByte() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("results/benchmarks/env"))) { // surefire runs in the repository root
            files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        ObjectMapper reader = new ObjectMapper();
        for (Path f : files) {
            String text = Files.readString(f).strip();
            Map<String, Object> record = reader.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
            assertEquals(text, RunEnvironment.toJson(record), f.toString());
        }
    }

    /** What the hand-written writer did with escapes, non-finite numbers and nested maps. */
    @Test
    void writesStringsNumbersAndMapsAsBefore() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("batchSize", "32");
        nested.put("on", true);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("quote\"back\\slash", "line\nbreak \u00e9");
        r.put("params", nested);
        r.put("int", 7);
        r.put("long", 4294967296L);
        r.put("double", 1733.2);
        r.put("negative", -1.0);
        r.put("nan", Double.NaN);
        assertEquals("{\"quote\\\"back\\\\slash\":\"line\\nbreak \u00e9\","
                + "\"params\":{\"batchSize\":\"32\",\"on\":true},"
                + "\"int\":7,\"long\":4294967296,\"double\":1733.2,\"negative\":-1.0,\"nan\":\"NaN\"}",
                RunEnvironment.toJson(r));
    }
}
