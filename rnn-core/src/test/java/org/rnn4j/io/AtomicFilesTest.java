package org.rnn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/dir/results.json");
        AtomicFiles.writeString(file, "{\"accuracy\": 0.87, \"note\": \"é\"}\n");
        assertEquals("{\"accuracy\": 0.87, \"note\": \"é\"}\n", Files.readString(file, StandardCharsets.UTF_8));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
        // replacing an existing file
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        AtomicFiles.write(file, out -> {
            out.write(big, 0, 1000);
            for (int i = 1000; i < big.length; i++) {
                out.write(big[i]);
            }
        });
        assertArrayEquals(big, Files.readAllBytes(file));
        try (var s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void aWriterMayCloseTheStream() throws IOException {
        Path file = dir.resolve("archive.zip");
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("a.txt"));
                zip.write("hello".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals("hello", new String(zip.getInputStream(zip.getEntry("a.txt")).readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        assertEquals(List.of(file), listing());
    }

    @Test
    void aFailureKeepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
        Path file = dir.resolve("model.bin");
        AtomicFiles.writeString(file, "old content");
        IOException boom = new IOException("disk full");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("new content, half of it".getBytes(StandardCharsets.UTF_8));
            throw boom;
        }));
        assertSame(boom, e);
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), listing());

        IllegalStateException r = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals("bug", r.getMessage());
        assertEquals("old content", Files.readString(file));
        assertEquals(List.of(file), listing());

        // a failure on a new file creates nothing
        Path fresh = dir.resolve("fresh.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(fresh, out -> {
            throw new IOException("no");
        }));
        assertEquals(List.of(file), listing());
    }

    @Test
    void theNewFileHasTheUsualPermissionsNotOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path normal = Files.createFile(dir.resolve("normal.txt"));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(normal);
        Path file = dir.resolve("atomic.txt");
        AtomicFiles.writeString(file, "x");
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "same as Files.createFile");
        assumeTrue(expected.contains(PosixFilePermission.GROUP_READ), "the umask lets the group read new files");
        assertNotEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void badArgumentsAreNamed() throws IOException {
        IOException io = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir, "x"));
        assertTrue(io.getMessage().contains(dir + ": it is a directory"), io.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeString(dir.resolve("a"), null));
        assertTrue(e.getMessage().contains("text"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(null, (OutputStream out) -> out.write(1)));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertEquals(List.of(), listing());
    }
}
