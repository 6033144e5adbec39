package org.rnn4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reading a model file says about files that are not model files, or not whole ones: zip archives of other
 * things, a header without the network, files that are no zip at all, truncated and damaged model files. Uses
 * the stored format-1 regressor ({@code src/test/resources/models/}) as the real model file.
 */
class ModelArchiveTest {
    private static final String KIND = "sequence-regressor";

    @TempDir
    Path dir;

    private static Path realModel() throws URISyntaxException {
        return Path.of(ModelArchiveTest.class.getResource("/models/" + ModelFileFixtures.REGRESSOR).toURI());
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return f;
    }

    private static String failure(Path file) {
        return assertThrows(IOException.class, () -> ModelArchive.read(file, KIND)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' not in: " + message);
        }
    }

    @Test
    void aRealModelFileReadsWithAllItsEntries() throws Exception {
        ModelArchive.Contents c = ModelArchive.read(realModel(), KIND);
        assertEquals(List.of(ModelArchive.HEADER, "target-scaler.properties", "feature-scaler.properties",
                ModelArchive.NETWORK), List.copyOf(c.entries().keySet()));
        assertEquals(KIND, c.header().getProperty("kind"));
        try (ZipFile z = new ZipFile(realModel().toFile())) {
            assertEquals(z.getEntry(ModelArchive.NETWORK).getSize(), c.entries().get(ModelArchive.NETWORK).length);
        }
    }

    @Test
    void aZipOfSomethingElseSaysSo() throws IOException {
        Path f = zip("hello.zip", Map.of("hello.txt", "hello\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(f + " is a zip archive but not an rnn4j model file (it has no rnn4j-model.properties entry; "
                + "it holds hello.txt)", failure(f));
        IOException e = assertThrows(IOException.class, () -> SequenceRegressor.load(f));
        assertEquals(failure(f), e.getMessage(), "the public load says the same");
    }

    @Test
    void aZipOfStoredEntriesWithDataDescriptorsIsReadToo() throws IOException {
        // as Python's zipfile writes to a pipe; ZipInputStream rejects these ("only DEFLATED entries can have
        // EXT descriptor"), which used to be reported as a truncated or corrupt model file
        Path f = Files.write(dir.resolve("streamed.zip"), storedWithDataDescriptor("hello.txt", "hello\n", 0));
        assertEquals(f + " is a zip archive but not an rnn4j model file (it has no rnn4j-model.properties entry; "
                + "it holds hello.txt)", failure(f));
    }

    @Test
    void aZipOfEntriesJavaCannotReadIsNotAModelFile() throws IOException {
        Path f = Files.write(dir.resolve("bzip2.zip"), storedWithDataDescriptor("hello.txt", "hello\n", 12));
        assertMentions(failure(f), f + " is a zip archive but not an rnn4j model file (it uses a zip feature rnn4j "
                + "never writes: ", "compression method");
    }

    @Test
    void manyEntriesAreListedBriefly() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String n : List.of("a", "b", "c", "d", "e", "f", "g")) {
            entries.put(n + ".txt", new byte[] {1});
        }
        assertMentions(failure(zip("seven.zip", entries)),
                "it holds a.txt, b.txt, c.txt, d.txt, e.txt, ... (7 entries)");
    }

    @Test
    void anEmptyZipArchiveSaysSo() throws IOException {
        byte[] endOfCentralDirectoryOnly = new byte[22];
        endOfCentralDirectoryOnly[0] = 'P';
        endOfCentralDirectoryOnly[1] = 'K';
        endOfCentralDirectoryOnly[2] = 5;
        endOfCentralDirectoryOnly[3] = 6;
        Path f = Files.write(dir.resolve("empty.zip"), endOfCentralDirectoryOnly);
        assertEquals(f + " is an empty zip archive, not an rnn4j model file", failure(f));
    }

    @Test
    void aHeaderWithoutTheNetworkIsAnIncompleteModelFile() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(ModelArchive.read(realModel(), KIND).entries());
        entries.remove(ModelArchive.NETWORK);
        Path f = zip("no-network.rnn4j", entries);
        assertEquals("model file " + f + " is incomplete: it has the rnn4j-model.properties header but no "
                + "network.zip entry (the network); it holds rnn4j-model.properties, target-scaler.properties, "
                + "feature-scaler.properties", failure(f));
    }

    @Test
    void aHeaderOfAnotherFormatIsNotAModelFile() throws IOException {
        byte[] header = "format=something-else\n".getBytes(StandardCharsets.UTF_8);
        Path f = zip("other.zip", Map.of(ModelArchive.HEADER, header, ModelArchive.NETWORK, new byte[] {1}));
        assertMentions(failure(f), "not an rnn4j model file: " + f + " (format 'something-else')");
    }

    @Test
    void filesThatAreNoZipSaySo() throws IOException {
        byte[] random = new byte[1000];
        new Random(7).nextBytes(random);
        assertNotEquals('P', random[0]);
        Path noise = Files.write(dir.resolve("random.rnn4j"), random);
        assertEquals("not an rnn4j model file: " + noise + " (not a zip archive)", failure(noise));
        Path text = Files.writeString(dir.resolve("notes.rnn4j"), "hello, not a model");
        assertEquals("not an rnn4j model file: " + text + " (not a zip archive)", failure(text));
        Path empty = Files.write(dir.resolve("empty.rnn4j"), new byte[0]);
        assertEquals("not an rnn4j model file: " + empty + " (the file is empty)", failure(empty));
        Path missing = dir.resolve("missing.rnn4j");
        assertEquals("model file not found: " + missing, failure(missing));
    }

    @Test
    void aTruncatedModelFileIsTruncatedOrCorrupt() throws Exception {
        byte[] bytes = Files.readAllBytes(realModel());
        for (int length : new int[] {4, 100, bytes.length / 3, bytes.length / 2, bytes.length - 23, bytes.length - 1}) {
            Path f = Files.write(dir.resolve("truncated-" + length + ".rnn4j"), Arrays.copyOf(bytes, length));
            assertMentions(failure(f), "model file " + f + " is truncated or corrupt: it starts like a zip archive "
                    + "but cannot be opened as one (");
        }
    }

    @Test
    void aDamagedEntryIsTruncatedOrCorrupt() throws Exception {
        byte[] bytes = Files.readAllBytes(realModel());
        int data = entryData(bytes, ModelArchive.NETWORK);
        bytes[data + 1000] ^= 0x55;
        Path f = Files.write(dir.resolve("damaged.rnn4j"), bytes);
        assertMentions(failure(f), "model file " + f + " is truncated or corrupt (entry 'network.zip'");
    }

    /** Where the data of an entry starts: after its local header, which holds its name and extra field. */
    private static int entryData(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 30; i + n.length <= zip.length; i++) {
            if (Arrays.equals(zip, i, i + n.length, n, 0, n.length) && zip[i - 30] == 'P' && zip[i - 29] == 'K'
                    && zip[i - 28] == 3 && zip[i - 27] == 4) {
                int extra = ByteBuffer.wrap(zip, i - 2, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
                return i + n.length + extra;
            }
        }
        throw new AssertionError("no local header for " + name);
    }

    /**
     * A one-entry zip whose entry has its CRC and sizes after the data; method 0 stores the text as it is, other
     * methods only label it (12: bzip2).
     */
    private static byte[] storedWithDataDescriptor(String name, String text, int method) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        int c = (int) crc.getValue();
        short flags = 8;   // bit 3: CRC and sizes follow the data
        short date = 0x21;  // 1980-01-01
        ByteBuffer b = ByteBuffer.allocate(30 + n.length + data.length + 16 + 46 + n.length + 22)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) 20).putShort(flags).putShort((short) method).putShort((short) 0)
                .putShort(date).putInt(0).putInt(0).putInt(0).putShort((short) n.length).putShort((short) 0).put(n)
                .put(data);
        b.putInt(0x08074b50).putInt(c).putInt(data.length).putInt(data.length);
        int central = b.position();
        b.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort(flags).putShort((short) method)
                .putShort((short) 0).putShort(date).putInt(c).putInt(data.length).putInt(data.length)
                .putShort((short) n.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt(0).put(n);
        int size = b.position() - central;
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                .putInt(size).putInt(central).putShort((short) 0);
        return b.array();
    }
}
