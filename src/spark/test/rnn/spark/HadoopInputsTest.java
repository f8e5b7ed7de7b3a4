package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataException;
import rnn.data.DataInput;

/**
 * DATA of {@code --spark} through Hadoop's file systems: a URI, a directory or a glob naming one file is that
 * file (read as a local file is, so its messages are the same); none or several is a data error.
 */
class HadoopInputsTest {

    @TempDir
    Path dir;

    @Test
    void aUriADirectoryOrAGlobOfOneFileIsThatFile() throws Exception {
        Path csv = Files.writeString(Files.createDirectories(dir.resolve("in")).resolve("a.csv"), "t,x\n1,2\n");
        Files.writeString(dir.resolve("in").resolve("_SUCCESS"), "");
        for (String location : new String[] {csv.toUri().toString(), dir.resolve("in").toString(),
            dir.resolve("in").toString() + "/*.csv", csv.toString()}) {
            DataInput input = HadoopInputs.input(location);
            assertEquals(csv, input.path(), location);
        }
    }

    @Test
    void noneOrSeveralFilesAreADataError() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "t,x\n1,2\n");
        Files.writeString(dir.resolve("b.csv"), "t,x\n1,2\n");
        DataException several = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> HadoopInputs.input(dir + "/*.csv"));
        assertEquals(DataException.DATA, several.exitCode());
        assertEquals(dir + "/*.csv: expected one CSV file, got 2 files (file:" + dir.resolve("a.csv") + ", file:"
                + dir.resolve("b.csv") + "); name one file (several files are not yet read as one data set: "
                + "concatenate them, or give them an id column)", several.getMessage());
        DataException none = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> HadoopInputs.input(dir + "/*.tsv"));
        assertEquals(dir + "/*.tsv: expected one CSV file, got no file; name one file (several files are not yet "
                + "read as one data set: concatenate them, or give them an id column)", none.getMessage());
    }
}
