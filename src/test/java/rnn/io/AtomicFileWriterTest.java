package rnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {

    @TempDir
    Path dir;

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
