package org.rnn4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.data.LabeledText;

/** The three layouts of {@link LabeledTextFiles}, and each error they report, on small files. */
class LabeledTextFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static LabeledTextFiles.Options classes(String neg, String pos) {
        return LabeledTextFiles.Options.defaults().classes(neg, pos);
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void csvWithNamedClassesQuotesAndLineBreaks() throws Exception {
        Path csv = file("t.csv", "id,text,label\n1,\"slow, and rude\",bad\n2,\"fixed it\nquickly\",good\n"
                + "3,thanks a lot, good \n");
        LabeledTexts d = LabeledTextFiles.read(csv, classes("bad", "good"));
        assertEquals(List.of(new LabeledText("slow, and rude", 0), new LabeledText("fixed it\nquickly", 1),
                new LabeledText("thanks a lot", 1)), d.texts());
        assertEquals(List.of("bad", "good"), d.classes());
        assertFalse(d.inferredClasses());
    }

    @Test
    void zeroOneLabelsAndInferredClasses() throws Exception {
        LabeledTexts binary = LabeledTextFiles.read(file("b.csv", "text,label\nawful,0\ngreat,1\n"));
        assertEquals(List.of("negative", "positive"), binary.classes());
        assertEquals(List.of(0, 1), binary.texts().stream().map(LabeledText::label).toList());
        assertFalse(binary.inferredClasses());
        // 0/1 labels named by the caller's classes
        assertEquals(List.of("bad", "good"), LabeledTextFiles.read(dir.resolve("b.csv"), classes("bad", "good"))
                .classes());

        LabeledTexts inferred = LabeledTextFiles.read(file("i.csv", "text,label\nyes,spam\nno,ham\n"));
        assertEquals(List.of("ham", "spam"), inferred.classes()); // sorted
        assertEquals(List.of(1, 0), inferred.texts().stream().map(LabeledText::label).toList());
        assertTrue(inferred.inferredClasses());
    }

    @Test
    void tsvJsonLinesAndOtherColumnNames() throws Exception {
        Path tsv = file("t.tsv", "y\tbody\npos\tloved it\nneg\thated it\n");
        var o = LabeledTextFiles.Options.defaults().textColumn("body").labelColumn("y");
        LabeledTexts t = LabeledTextFiles.read(tsv, o);
        assertEquals(List.of(new LabeledText("loved it", 1), new LabeledText("hated it", 0)), t.texts());
        Path jsonl = file("t.jsonl", "{\"body\": \"loved it\", \"y\": \"pos\"}\n\n{\"y\": \"neg\", \"body\": \"hated it\"}\n");
        assertEquals(t, LabeledTextFiles.read(jsonl, o));
        Path numeric = file("n.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0}\n");
        assertEquals(List.of(1, 0), LabeledTextFiles.read(numeric).texts().stream().map(LabeledText::label).toList());
    }

    @Test
    void foldersInSortedOrderAndAByteOrderMark() throws Exception {
        Files.createDirectories(dir.resolve("data/pos"));
        Files.createDirectories(dir.resolve("data/neg"));
        Files.createDirectories(dir.resolve("data/.hidden"));
        file("data/pos/2.txt", "fine film");
        file("data/pos/10.txt", "\uFEFFgreat film");
        file("data/neg/1.txt", "bad film");
        file("data/neg/notes.md", "skipped");
        LabeledTexts d = LabeledTextFiles.read(dir.resolve("data"));
        assertEquals(List.of("neg", "pos"), d.classes());
        assertTrue(d.inferredClasses());
        assertEquals(List.of(new LabeledText("bad film", 0), new LabeledText("great film", 1),
                new LabeledText("fine film", 1)), d.texts()); // "10.txt" < "2.txt"
        Files.createDirectories(dir.resolve("data/unsup"));
        assertEquals(d.texts(), LabeledTextFiles.read(dir.resolve("data"), classes("neg", "pos")).texts());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(dir.resolve("data"))),
                "3 subfolders", "'neg', 'pos', 'unsup'");
    }

    @Test
    void missingColumnListsTheColumnsFound() throws Exception {
        Path csv = file("m.csv", "review,sentiment\ngood,1\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv)),
                csv.toString(), "no column 'text'", "'review', 'sentiment'");
        Path jsonl = file("m.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"review\": \"b\", \"label\": 0}\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(jsonl)),
                jsonl + " line 2", "no field 'text'", "'review', 'label'");
        Path shortRow = file("s.csv", "text,label\ngood,1\nbad\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(shortRow)),
                "line 3", "no column 'label'");
        Files.createDirectories(dir.resolve("f/neg"));
        Files.createDirectories(dir.resolve("f/pos"));
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> LabeledTextFiles.read(dir.resolve("f"), classes("bad", "good"))), "no subfolder 'bad'",
                "'neg', 'pos'");
    }

    @Test
    void labelOutsideTheClassesNamesValueAndLine() throws Exception {
        Path csv = file("l.csv", "text,label\nok,good\nmeh,neutral\nno,bad\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv,
                classes("bad", "good"))), csv + " line 3", "label 'neutral'", "'bad', 'good'");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv)),
                "3 different labels", "line 4");
    }

    @Test
    void emptyTextNamesTheLine() throws Exception {
        Path csv = file("e.csv", "text,label\nok,1\n\"  \",0\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv)),
                csv + " line 3", "empty");
        Path jsonl = file("e.jsonl", "{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"\", \"label\": 0}\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(jsonl)), "line 2",
                "empty");
        Files.createDirectories(dir.resolve("d/neg"));
        Files.createDirectories(dir.resolve("d/pos"));
        file("d/pos/1.txt", "good");
        Path empty = file("d/neg/1.txt", "\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(dir.resolve("d"))),
                empty.toString(), "empty");
    }

    @Test
    void oneClassOnlyIsRejected() throws Exception {
        Path csv = file("o.csv", "text,label\na,good\nb,good\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv)),
                "one class only", "'good'");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(csv,
                classes("bad", "good"))), "one class only", "none of 'bad'");
        Files.createDirectories(dir.resolve("d/neg"));
        Files.createDirectories(dir.resolve("d/pos"));
        file("d/pos/1.txt", "good");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(dir.resolve("d"))),
                "neg holds no .txt files", "one class only");
        Files.createDirectories(dir.resolve("single/pos"));
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> LabeledTextFiles.read(dir.resolve("single"))), "1 subfolder", "one class only");
    }

    @Test
    void malformedQuoteNamesTheLineAndKeepsCommonsCsvsMessage() throws Exception {
        Path csv = file("q.csv", "text,label\nfine,1\n\"broken \"quote,0\nmore,1\n");
        IOException e = assertThrows(IOException.class, () -> LabeledTextFiles.read(csv));
        assertMessage(e, csv.toString(), "malformed CSV", "line 3");
        Path eof = file("eof.csv", "text,label\nfine,1\n\"never closed,0\nmore,1\n");
        assertMessage(assertThrows(IOException.class, () -> LabeledTextFiles.read(eof)), "malformed CSV", "line 3",
                "EOF");
    }

    @Test
    void invalidUtf8NamesFileByteOffsetAndLine() throws Exception {
        byte[] head = "text,label\nok,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[head.length + 8];
        System.arraycopy(head, 0, bad, 0, head.length);
        byte[] tail = {'c', 'a', 'f', (byte) 0xE9, ',', '0', '\n', 'x'}; // Latin-1 é
        System.arraycopy(tail, 0, bad, head.length, tail.length);
        Path csv = Files.write(dir.resolve("u.csv"), bad);
        IOException e = assertThrows(IOException.class, () -> LabeledTextFiles.read(csv));
        assertMessage(e, csv.toString(), "not valid UTF-8", "byte offset " + (head.length + 3), "line 3", "0xE9");

        Files.createDirectories(dir.resolve("d/neg"));
        Files.createDirectories(dir.resolve("d/pos"));
        file("d/pos/1.txt", "good");
        Path f = Files.write(dir.resolve("d/neg/1.txt"), new byte[]{'o', 'k', '\n', (byte) 0xC3, '('});
        assertMessage(assertThrows(IOException.class, () -> LabeledTextFiles.read(dir.resolve("d"))), f.toString(),
                "byte offset 3", "line 2");
    }

    @Test
    void jsonLinesLineThatIsNotAnObject() throws Exception {
        Path array = file("a.jsonl", "{\"text\": \"ok\", \"label\": 1}\n[\"no\", 0]\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(array)),
                array + " line 2", "not a JSON object", "an array");
        Path broken = file("b.jsonl", "{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"no\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(broken)), "line 2",
                "not valid JSON");
        Path number = file("n.jsonl", "{\"text\": 5, \"label\": 1}\n");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(number)), "line 1",
                "'text' is number");
    }

    @Test
    void unknownLayoutMissingFileAndBadOptions() {
        assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.read(file("x.txt", "hello")));
        assertThrows(IOException.class, () -> LabeledTextFiles.read(dir.resolve("none.csv")));
        assertThrows(IllegalArgumentException.class, () -> classes("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> LabeledTextFiles.Options.defaults().textColumn(" "));
    }

    @Test
    void canonicalOrderAndStratifiedSplit() throws Exception {
        StringBuilder b = new StringBuilder("text,label\n");
        for (int i = 0; i < 50; i++) {
            b.append("text ").append(i).append(',').append(i % 5 == 0 ? "good" : "bad").append('\n');
        }
        LabeledTexts d = LabeledTextFiles.read(file("s.csv", b.toString())).canonical();
        assertEquals(0, d.texts().get(0).label());
        assertEquals(1, d.texts().get(d.size() - 1).label());
        LabeledTexts.Split s = d.split(0.2, 3);
        assertEquals(8, s.test().count(0)); // 40 bad
        assertEquals(2, s.test().count(1)); // 10 good
        assertEquals(40, s.train().size());
        assertEquals(s, d.split(0.2, 3));
        assertTrue(s.train().texts().stream().noneMatch(s.test().texts()::contains));
    }
}
