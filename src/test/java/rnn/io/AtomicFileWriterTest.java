package rnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import rnn.testing.SpecialFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

    @TempDir
    Path dir;

    /** Neither writer replaces a FIFO or a directory: refused before a byte is written, the path as it was. */
    @Test
    void aFifoOrADirectoryIsNeverReplaced() throws Exception {
        Path fifo = SpecialFiles.fifo(dir.resolve("run.fifo"));
        NotARegularFileException e = assertThrows(NotARegularFileException.class,
                () -> AtomicFiles.write(fifo, "{}"));
        assertEquals("a FIFO (named pipe)", e.kind());
        assertEquals(fifo + ": a FIFO (named pipe), not a regular file; rnn replaces a file it writes as a whole and "
                + "never writes onto a directory, FIFO or device", e.getMessage());
        assertEquals("a FIFO (named pipe)", assertThrows(NotARegularFileException.class,
                () -> AtomicFileWriter.open(fifo)).kind());
        Path sub = Files.createDirectories(dir.resolve("sub"));
        assertEquals("a directory", assertThrows(NotARegularFileException.class,
                () -> AtomicFiles.write(sub, "{}")).kind());
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo) && Files.isDirectory(sub));
        assertEquals(List.of("run.fifo", "sub"), names(), "no temporary file either");
    }

    /**
     * {@link AtomicFiles#link}: the target becomes the source's bytes (replacing an older target whole, through a
     * symbolic link the link stays), a later write of the source leaves the target as it was, no temporary file
     * is left, and a FIFO target is refused untouched.
     */
    @Test
    void aLinkGivesTheSourcesBytesASecondNameThatLaterWritesLeaveAlone() throws Exception {
        Path source = dir.resolve("best.bin");
        Path target = dir.resolve("last.bin");
        AtomicFiles.write(source, "epoch 3");
        AtomicFiles.write(target, "epoch 2, a longer older file");
        AtomicFiles.link(source, target);
        assertEquals("epoch 3", Files.readString(target));
        AtomicFiles.write(source, "epoch 4");
        assertEquals("epoch 3", Files.readString(target), "the source is replaced by a new file, not changed");
        assertEquals("epoch 4", Files.readString(source));
        Path real = dir.resolve("real.bin");
        Files.writeString(real, "old");
        Path symlink = Files.createSymbolicLink(dir.resolve("link.bin"), real.getFileName());
        AtomicFiles.link(source, symlink);
        assertTrue(Files.isSymbolicLink(symlink), "the symbolic link stays a link");
        assertEquals("epoch 4", Files.readString(real));
        Path fifo = SpecialFiles.fifo(dir.resolve("run.fifo"));
        assertEquals("a FIFO (named pipe)", assertThrows(NotARegularFileException.class,
                () -> AtomicFiles.link(source, fifo)).kind());
        assertEquals(List.of("best.bin", "last.bin", "link.bin", "real.bin", "run.fifo"), names());
    }

    @Test
    void aCommittedFileReplacesTheOldOne() throws IOException {
        Path p = Files.writeString(dir.resolve("out.csv"), "old\n");
        try (AtomicFileWriter w = AtomicFileWriter.open(p)) {
            w.writer().append("new\n");
            w.commit();
        }
        assertEquals("new\n", Files.readString(p));
        assertEquals(List.of("out.csv"), names());
    }

    /** A failure before the commit leaves the old file as it was and no temporary file. */
    @Test
    void withoutACommitTheOldFileStaysAndNothingIsLeftBehind() throws IOException {
        Path p = Files.writeString(dir.resolve("out.csv"), "old\n");
        try (AtomicFileWriter w = AtomicFileWriter.open(p)) {
            w.writer().append("half of the new one");
            w.writer().flush();
        }
        assertEquals("old\n", Files.readString(p));
        assertEquals(List.of("out.csv"), names());
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
