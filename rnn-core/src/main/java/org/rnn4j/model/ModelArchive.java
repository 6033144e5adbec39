package org.rnn4j.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.rnn4j.io.AtomicFiles;

/**
 * The one-file model format: a zip whose first entry, {@value #HEADER}, names the format, its version, the
 * model kind, the library version and the settings; the other entries hold the network (DL4J's own zip,
 * with the updater state) and whatever else the model needs (vocabulary, scaler).
 *
 * <p>Format versions: 1, LSTM layers (the only cell then; files with no {@code cell} setting are LSTMs); 2, any
 * {@link Cell}. A model is written in the lowest version that holds it (1 for an LSTM, so older rnn4j versions
 * still read it; 2 for a GRU or vanilla RNN, which older versions refuse with "upgrade rnn4j" rather than
 * failing on a layer class they do not have).
 *
 * <p>Files are written through {@link AtomicFiles}, so a crash never leaves a half-written model.
 */
final class ModelArchive {
    static final String HEADER = "rnn4j-model.properties";
    static final String NETWORK = "network.zip";
    static final String FORMAT = "rnn4j-model";
    /** Current format version; files with a larger one are rejected. */
    static final int FORMAT_VERSION = 2;
    /** The settings key of the model's cell, absent from files written before it existed (LSTMs). */
    static final String CELL = "cell";
    static final String LIBRARY_VERSION = org.rnn4j.io.Version.get();

    private ModelArchive() {
    }

    /** What a model file holds. */
    record Contents(Properties header, Map<String, byte[]> entries) {
        byte[] entry(Path file, String name) throws IOException {
            byte[] b = entries.get(name);
            if (b == null) {
                throw new IOException("model file " + file + " is corrupt: entry '" + name + "' is missing");
            }
            return b;
        }

        String text(Path file, String name) throws IOException {
            return new String(entry(file, name), StandardCharsets.UTF_8);
        }

        ComputationGraph network(Path file) throws IOException {
            try {
                return ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(entry(file, NETWORK)), true);
            } catch (RuntimeException e) {
                throw new IOException("model file " + file + " is corrupt: its network cannot be read (" + e + ")", e);
            }
        }
    }

    static void write(Path file, String kind, Properties settings, ComputationGraph network,
                      Map<String, String> texts) throws IOException {
        Properties header = new Properties();
        header.putAll(settings);
        header.setProperty("format", FORMAT);
        header.setProperty("formatVersion", Integer.toString(versionFor(settings.getProperty(CELL))));
        header.setProperty("kind", kind);
        header.setProperty("libraryVersion", LIBRARY_VERSION);
        StringWriter h = new StringWriter();
        header.store(h, "rnn4j model");

        ByteArrayOutputStream net = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, net, true);

        byte[] headerBytes = h.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                put(zip, HEADER, headerBytes);
                for (Map.Entry<String, String> e : texts.entrySet()) {
                    put(zip, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                put(zip, NETWORK, net.toByteArray());
            }
        });
    }

    /** The lowest format version that holds a model of this cell (the setting's value; null: LSTM). */
    static int versionFor(String cell) {
        return cell == null || cell.equals(Cell.LSTM.name()) ? 1 : 2;
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Reads and checks a model file: a zip archive with the {@value #HEADER} header of this format, a version
     * this library reads, the expected kind, and a {@value #NETWORK} entry.
     *
     * @throws IOException naming the file and what is wrong: missing; not a zip archive; a zip archive that is
     *     not a model file (no header) or lacks the network; truncated or corrupt; another format, version or kind
     */
    static Contents read(Path file, String kind) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        Map<String, byte[]> entries = entries(file);
        byte[] head = entries.get(HEADER);
        Properties header = new Properties();
        header.load(new StringReader(new String(head, StandardCharsets.UTF_8)));
        if (!FORMAT.equals(header.getProperty("format"))) {
            throw new IOException("not an rnn4j model file: " + file + " (format '" + header.getProperty("format")
                    + "')");
        }
        int version;
        try {
            version = Integer.parseInt(header.getProperty("formatVersion", ""));
        } catch (NumberFormatException e) {
            throw new IOException("model file " + file + " has an invalid formatVersion '"
                    + header.getProperty("formatVersion") + "'", e);
        }
        if (version > FORMAT_VERSION || version < 1) {
            throw new IOException("model file " + file + " has format version " + version + " (written by rnn4j "
                    + header.getProperty("libraryVersion") + "); this rnn4j " + LIBRARY_VERSION
                    + " reads versions 1 to " + FORMAT_VERSION + ". Upgrade rnn4j to load it.");
        }
        String cell = header.getProperty(CELL);
        if (version < versionFor(cell)) {
            throw new IOException("model file " + file + " has format version " + version + ", which knows only the "
                    + "LSTM cell, but names cell " + cell + " (the file was altered or written by another tool)");
        }
        if (!kind.equals(header.getProperty("kind"))) {
            throw new IOException("model file " + file + " holds a " + header.getProperty("kind") + ", not a " + kind);
        }
        if (!entries.containsKey(NETWORK)) {
            throw new IOException("model file " + file + " is incomplete: it has the " + HEADER + " header but no "
                    + NETWORK + " entry (the network); it holds " + names(List.copyOf(entries.keySet())));
        }
        return new Contents(header, entries);
    }

    /**
     * Every entry of a model file's zip archive, in archive order, read through its central directory (so the
     * entries of any zip writer load, including stored ones followed by a data descriptor).
     *
     * @throws IOException when the file is no zip archive, is truncated or corrupt, or has no {@value #HEADER}
     */
    private static Map<String, byte[]> entries(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw notAZip(file, e);
        }
        try (zip) {
            List<? extends ZipEntry> list = zip.stream().toList();
            List<String> names = list.stream().map(ZipEntry::getName).toList();
            if (!names.contains(HEADER)) {
                throw new IOException(names.isEmpty()
                        ? file + " is an empty zip archive, not an rnn4j model file"
                        : file + " is a zip archive but not an rnn4j model file (it has no " + HEADER
                                + " entry; it holds " + names(names) + ")");
            }
            for (ZipEntry e : list) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (ZipException | EOFException x) {
                    throw new IOException("model file " + file + " is truncated or corrupt (entry '" + e.getName()
                            + "': " + reason(x) + ")", x);
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {   // ZipFile, unlike ZipInputStream, skips it
                    throw new IOException("model file " + file + " is truncated or corrupt (entry '" + e.getName()
                            + "' fails its CRC-32 check)");
                }
                entries.put(e.getName(), bytes);
            }
        }
        return entries;
    }

    /**
     * Why {@link ZipFile} refused a file: it is empty, it is a zip archive with entries Java cannot read
     * (encrypted or compressed other than by deflate), it starts like a zip but is damaged, or it is no zip.
     */
    private static IOException notAZip(Path file, ZipException e) throws IOException {
        byte[] start = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(start, 0, start.length);
        }
        if (n == 0) {
            return new IOException("not an rnn4j model file: " + file + " (the file is empty)", e);
        }
        boolean zipStart = n == 4 && start[0] == 'P' && start[1] == 'K' && (start[2] == 3 && start[3] == 4
                || start[2] == 5 && start[3] == 6);
        String reason = reason(e);
        if (zipStart && (reason.contains("encrypted entry") || reason.contains("bad compression method"))) {
            return new IOException(file + " is a zip archive but not an rnn4j model file (it uses a zip feature "
                    + "rnn4j never writes: " + reason + ")", e);
        }
        if (zipStart) {
            return new IOException("model file " + file + " is truncated or corrupt: it starts like a zip archive "
                    + "but cannot be opened as one (" + reason + ")", e);
        }
        return new IOException("not an rnn4j model file: " + file + " (not a zip archive)", e);
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The entry names, for messages: the first few, then how many in all. */
    private static String names(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
        return names.size() <= 5 ? shown : shown + ", ... (" + names.size() + " entries)";
    }

    /**
     * A settings record as header properties: one entry per record component, named after it, written with
     * {@code toString} of its int, long, double, boolean or enum value.
     */
    static Properties toProperties(Record settings) {
        Properties p = new Properties();
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            try {
                p.setProperty(c.getName(), String.valueOf(c.getAccessor().invoke(settings)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read setting " + c.getName(), e);
            }
        }
        return p;
    }

    /**
     * Reads a settings record back from {@link #toProperties(Record)}'s entries.
     *
     * @throws IllegalArgumentException naming a missing or unparsable setting
     */
    static <R extends Record> R fromProperties(Class<R> type, Properties p) {
        return fromProperties(type, p, Map.of());
    }

    /**
     * Like {@link #fromProperties(Class, Properties)}, for settings added after files of this format were
     * first written: a setting missing from the file takes its value from {@code added} (what older files meant).
     */
    static <R extends Record> R fromProperties(Class<R> type, Properties p, Map<String, String> added) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            String text = p.getProperty(name, added.get(name));
            if (text == null) {
                throw new IllegalArgumentException("setting '" + name + "' is missing");
            }
            types[i] = components[i].getType();
            try {
                values[i] = types[i] == int.class ? Integer.parseInt(text)
                        : types[i] == long.class ? Long.parseLong(text)
                        : types[i] == double.class ? Double.parseDouble(text)
                        : types[i] == boolean.class ? Boolean.parseBoolean(text)
                        : types[i].isEnum() ? enumValue(types[i], text)
                        : unsupported(types[i]);
            } catch (IllegalArgumentException e) {
                String known = types[i].isEnum() ? " (known: " + java.util.Arrays.toString(types[i].getEnumConstants())
                        + "; was the file written by a newer rnn4j?)" : "";
                throw new IllegalArgumentException("setting '" + name + "' has an invalid value '" + text + "'"
                        + known, e);
            }
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String text) {
        return Enum.valueOf((Class) type, text);
    }

    private static Object unsupported(Class<?> type) {
        throw new IllegalStateException("settings of type " + type + " are not supported");
    }
}
