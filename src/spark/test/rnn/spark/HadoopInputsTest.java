package rnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.data.DataException;
import rnn.data.DataInput;

/**
 * DATA of {@code --spark} through Hadoop's file systems: a URI, a directory or a glob naming one file is that
 * file (read as a local file is, so its messages are the same); several are one data set in path order (without
 * hidden files and subdirectories); none is a data error.
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
    void severalFilesAreOneDataSetInPathOrder() throws Exception {
        Path b = Files.writeString(dir.resolve("b.csv"), "t,x\n3,4\n");
        Path a = Files.writeString(dir.resolve("a.csv"), "t,x\n1,2\n");
        Files.writeString(dir.resolve("_SUCCESS"), "");
        Files.writeString(dir.resolve(".a.csv.crc"), "");
        Files.writeString(dir.resolve("_temporary.csv"), "t,x\n9,9\n"); // hidden even where the glob matches it
        Files.createDirectories(dir.resolve("nested")).resolve("c.csv");
        Files.writeString(dir.resolve("nested").resolve("c.csv"), "t,x\n5,6\n");
        for (String location : new String[] {dir.toString(), dir + "/*.csv", dir.toUri().toString()}) {
            DataInput input = HadoopInputs.input(location);
            assertEquals(location, input.name());
            assertEquals(List.of(a, b), input.parts().stream().map(DataInput::path).toList(), location);
        }
    }

    @Test
    void nothingMatchedIsADataError() {
        DataException none = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> HadoopInputs.input(dir + "/*.tsv"));
        assertEquals(DataException.DATA, none.exitCode());
        assertEquals(dir + "/*.tsv: expected a CSV file, or a directory or glob of CSV files, got no file; check "
                + "the path", none.getMessage());
    }

    /**
     * Files on a file system other than file: (here the local disk as rnntest:, registered through Spark's
     * spark.hadoop.* settings, as an s3a: endpoint would be) are read through Hadoop's streams: one data set, each
     * message naming the file by its URI and the line in it.
     */
    @Test
    void filesOfAnotherFileSystemAreReadThroughItsStreamsAndNamedByUri() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "t,x\n1,2\n2,3\n");
        Files.writeString(dir.resolve("b.csv"), "t,x\n3,4\n4,oops\n");
        String location = SchemeFileSystem.SCHEME + "://" + dir.toUri().getPath();
        System.setProperty("spark.hadoop.fs.rnntest.impl", SchemeFileSystem.class.getName());
        System.setProperty("spark.hadoop.fs.rnntest.impl.disable.cache", "true");
        try {
            DataInput input = HadoopInputs.input(location);
            assertEquals(List.of(SchemeFileSystem.SCHEME + ":" + dir.resolve("a.csv"), SchemeFileSystem.SCHEME + ":"
                    + dir.resolve("b.csv")), input.parts().stream().map(DataInput::name).toList());
            assertEquals(List.of(), input.parts().stream().filter(p -> p.path() != null).toList(), "streams");
            DataException bad = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                    () -> rnn.data.DataLoader.load(input, rnn.data.DataOptions.defaults(1).withValSplit(0)));
            assertEquals(SchemeFileSystem.SCHEME + ":" + dir.resolve("b.csv") + ":3:2 (column \"x\"): expected a "
                    + "number (a target), got \"oops\"; fix the value or use {{missing_target}} drop|interpolate", bad.getMessage());
        } finally {
            System.clearProperty("spark.hadoop.fs.rnntest.impl");
            System.clearProperty("spark.hadoop.fs.rnntest.impl.disable.cache");
        }
    }
}
