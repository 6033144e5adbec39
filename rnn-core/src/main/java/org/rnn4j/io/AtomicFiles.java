package org.rnn4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files atomically: the content goes to a hidden temporary file in the target's directory, is flushed to
 * disk, and is then renamed over the target. Readers see either the old file or the complete new one, never a
 * half-written file, and a failure (an exception from the writer, a full disk, a crash) leaves an existing
 * target untouched and removes the temporary file.
 *
 * <p>The new file gets the permissions of any newly created file (by default {@code 0666} less the process's
 * umask, typically {@code rw-r--r--}), not the owner-only {@code 0600} of {@link Files#createTempFile}, so
 * results and models can be shared like files written directly. Replacing a file does not keep its old
 * permissions.
 *
 * <pre>{@code
 * AtomicFiles.writeString(Path.of("results/run.json"), json);
 * AtomicFiles.write(Path.of("model.zip"), out -> { try (var zip = new ZipOutputStream(out)) { ... } });
 * }</pre>
 */
public final class AtomicFiles {
    private static final int ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /**
     * Writes something that throws {@link IOException}.
     *
     * @param <T> what is written to
     */
    @FunctionalInterface
    public interface IOConsumer<T> {
        /**
         * @param t the target of the writes
         * @throws IOException on a write failure
         */
        void accept(T t) throws IOException;
    }

    /**
     * Writes {@code file} atomically from what {@code writer} writes to a buffered stream. The writer may close
     * the stream (e.g. through a {@code try}-with-resources {@code ZipOutputStream}); that only flushes it.
     * Missing parent directories are created.
     *
     * @param file the target file; replaced if it exists
     * @param writer writes the whole content
     * @throws IOException when {@code file} is a directory, writing or renaming fails, or the writer throws;
     *     {@code file} is then unchanged and no temporary file is left behind
     * @throws IllegalArgumentException when {@code file} or {@code writer} is null, or {@code file} has no name
     */
    public static void write(Path file, IOConsumer<? super OutputStream> writer) throws IOException {
        if (file == null || file.getFileName() == null) {
            throw new IllegalArgumentException("file must name a file, got " + file);
        }
        if (writer == null) {
            throw new IllegalArgumentException("writer must not be null");
        }
        if (Files.isDirectory(file)) {
            throw new IOException("cannot write " + file + ": it is a directory");
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean done = false;
        Path tmp = null;
        try {
            FileChannel channel = null;
            for (int i = 0; channel == null; i++) {
                tmp = dir.resolve("." + file.getFileName() + "."
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
                try {
                    // default attributes: the umask applies, as for any file the process creates
                    channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    tmp = null;
                    if (i >= ATTEMPTS) {
                        throw e;
                    }
                }
            }
            try (FileChannel ch = channel) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                OutputStream unclosable = new FilterOutputStream(buffered) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };
                writer.accept(unclosable);
                buffered.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // keep the original failure; the hidden temporary file stays behind
                }
            }
        }
    }

    /**
     * Writes {@code text} as UTF-8, atomically.
     *
     * @param file the target file; replaced if it exists
     * @param text the content
     * @throws IOException when {@code file} is a directory or writing or renaming fails; {@code file} is then
     *     unchanged
     * @throws IllegalArgumentException when {@code file} or {@code text} is null
     */
    public static void writeString(Path file, String text) throws IOException {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }
}
