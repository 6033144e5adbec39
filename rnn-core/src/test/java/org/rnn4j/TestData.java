package org.rnn4j;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.rnn4j.datasets.DataHome;

/** Locates the real datasets for integration tests; fails (never skips) when they are missing. */
public final class TestData {
    private TestData() {
    }

    /**
     * @param relative a file inside the data cache, e.g. {@code imdb/aclImdb_v1.tar.gz}
     * @return the offline data cache, after checking that the file is there
     */
    public static DataHome home(String relative) {
        String dir = System.getenv(DataHome.ENV);
        if (dir == null || dir.isBlank()) {
            fail("set " + DataHome.ENV + " to the dataset cache (CI uses ../shared/data) to run this test");
        }
        Path file = Path.of(dir).resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("dataset file " + file + " is missing; " + DataHome.ENV + "=" + dir);
        }
        return DataHome.at(Path.of(dir), true);
    }
}
