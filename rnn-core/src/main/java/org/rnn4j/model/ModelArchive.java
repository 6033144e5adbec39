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
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.rnn4j.io.AtomicFiles;

/**
 * The one-file model format: a zip whose first entry, {@value #HEADER}, names the format, its version, the
 * model kind, the library version and the settings; the other entries hold the network (DL4J's own zip,
 * with the updater state) and whatever else the model needs (vocabulary, scaler).
 *
 * <p>Files are written through {@link AtomicFiles}, so a crash never leaves a half-written model.
 */
final class ModelArchive {
    static final String HEADER = "rnn4j-model.properties";
    static final String NETWORK = "network.zip";
    static final String FORMAT = "rnn4j-model";
    /** Current format version; files with a larger one are rejected. */
    static final int FORMAT_VERSION = 1;
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
        header.setProperty("formatVersion", Integer.toString(FORMAT_VERSION));
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

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    static Contents read(Path file, String kind) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (ZipException | EOFException e) {
            throw new IOException("model file " + file + " is truncated or corrupt (" + e.getMessage() + ")", e);
        }
        byte[] head = entries.get(HEADER);
        if (head == null) {
            throw new IOException("not an rnn4j model file: " + file + " (no " + HEADER + " entry"
                    + (entries.isEmpty() ? "; not a zip archive or empty)" : ")"));
        }
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
        if (!kind.equals(header.getProperty("kind"))) {
            throw new IOException("model file " + file + " holds a " + header.getProperty("kind") + ", not a " + kind);
        }
        return new Contents(header, entries);
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
                throw new IllegalArgumentException("setting '" + name + "' has an invalid value '" + text + "'", e);
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
