package rnn.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

import rnn.data.DataException;
import rnn.data.DataInput;

/**
 * The DATA argument of {@code rnn train --spark}, read through Hadoop's file systems (the ones Spark ships:
 * {@code file://}, {@code hdfs://}; {@code s3a://} with hadoop-aws on the class path). A plain local path is read
 * exactly as without Spark (same reader, same messages); a URI, a directory or a glob must name exactly one file,
 * whose messages then carry the URI ({@code hdfs://nn/x.csv:812:4 ...}).
 */
final class HadoopInputs {

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:/.*");

    private HadoopInputs() {
    }

    /** The input {@code location} names (see the class comment). */
    static DataInput input(String location) {
        boolean uri = SCHEME.matcher(location).matches();
        boolean glob = location.indexOf('*') >= 0 || location.indexOf('?') >= 0 || location.indexOf('[') >= 0;
        if (!uri && !glob && !java.nio.file.Files.isDirectory(Path.of(location))) {
            return DataInput.file(Path.of(location));
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        try {
            FileSystem fs = path.getFileSystem(new Configuration());
            List<FileStatus> files = new ArrayList<>();
            FileStatus[] matched = fs.globStatus(path);
            for (FileStatus s : matched == null ? new FileStatus[0] : matched) {
                if (s.isDirectory()) {
                    for (FileStatus inner : fs.listStatus(s.getPath())) {
                        if (inner.isFile() && !inner.getPath().getName().startsWith(".")
                                && !inner.getPath().getName().startsWith("_")) {
                            files.add(inner);
                        }
                    }
                } else {
                    files.add(s);
                }
            }
            if (files.size() != 1) {
                throw DataException.data(location + ": expected one CSV file, got " + (files.isEmpty() ? "no file"
                        : files.size() + " files (" + files.get(0).getPath() + ", " + files.get(1).getPath()
                        + (files.size() > 2 ? ", ..." : "") + ")") + "; name one file (several files are not yet "
                        + "read as one data set: concatenate them, or give them an id column)");
            }
            URI found = files.get(0).getPath().toUri();
            if ("file".equals(found.getScheme())) {
                return DataInput.file(Path.of(found));
            }
            return DataInput.stream(files.get(0).getPath().toString(), fs.open(files.get(0).getPath()));
        } catch (IOException e) {
            throw DataException.data(location + ": expected a readable file, got an I/O error (" + e.getMessage()
                    + "); check the path and the file system's settings");
        }
    }
}
