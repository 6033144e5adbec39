package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextRecordsTest {
    @TempDir
    Path dir;

    private static List<TextRecords.Record> all(Path file, String text, String label) throws IOException {
        List<TextRecords.Record> out = new ArrayList<>();
        try (TextRecords in = TextRecords.open(file, text, label)) {
            for (TextRecords.Record r = in.read(); r != null; r = in.read()) {
                out.add(r);
            }
            assertEquals(Files.size(file), in.bytesRead());
            assertNull(in.read());
        }
        return out;
    }

    @Test
    void csvRecordsStartAtTheirLineEvenAfterQuotedLineBreaks() throws Exception {
        Path csv = Files.writeString(dir.resolve("a.csv"), "text,label\r\n\"one\ntwo\nthree\",1\r\nfour,0\r\n");
        assertEquals(List.of(new TextRecords.Record(2, "one\ntwo\nthree", "1"), new TextRecords.Record(5, "four", "0")),
                all(csv, "text", "label"));
    }

    @Test
    void linesSkipBlankLinesAndKeepLineNumbers() throws Exception {
        Path txt = Files.writeString(dir.resolve("a.txt"), "first\n\n  \nsecond, with a comma\r\nthird");
        assertEquals(List.of(new TextRecords.Record(1, "first", null), new TextRecords.Record(4,
                "second, with a comma", null), new TextRecords.Record(5, "third", null)), all(txt, null, null));
        assertThrows(IllegalArgumentException.class, () -> TextRecords.open(txt, "text", "label"));
    }

    @Test
    void jsonLinesLineNumbersCountBlankLines() throws Exception {
        Path jsonl = Files.writeString(dir.resolve("a.jsonl"), "{\"text\":\"é\"}\n\n{\"text\":\"b\",\"x\":[1]}\n");
        assertEquals(List.of(new TextRecords.Record(1, "é", null), new TextRecords.Record(3, "b", null)),
                all(jsonl, "text", null));
    }

    @Test
    void longFilesStreamAndReportInvalidUtf8AtItsOffset() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            b.append("text number ").append(i).append(" ü\n");
        }
        byte[] good = b.toString().getBytes(StandardCharsets.UTF_8);
        Path txt = Files.write(dir.resolve("long.txt"), good);
        List<TextRecords.Record> r = all(txt, null, null);
        assertEquals(30_000, r.size());
        assertEquals(new TextRecords.Record(30_000, "text number 29999 ü", null), r.get(29_999));

        byte[] bad = new byte[good.length + 2];
        System.arraycopy(good, 0, bad, 0, good.length);
        bad[good.length] = (byte) 0xFF;
        bad[good.length + 1] = 'x';
        Path broken = Files.write(dir.resolve("broken.txt"), bad);
        IOException e = assertThrows(IOException.class, () -> all(broken, null, null));
        assertTrue(e.getMessage().contains("byte offset " + good.length + " (line 30001)"), e.getMessage());
    }
}
