package rnn.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * exactly as without Spark (same reader, same messages). A URI, a directory or a glob names the files it matches
 * (a directory: the files directly in it, not those whose name starts with "." or "_", such as {@code _SUCCESS}):
 * one file is that file; several are one data set, read in path order as if they were one file, each with its own
 * header (which must be the same), and a message names the file it is about ({@code hdfs://nn/d/part-3.csv:812:4
 * ...}).
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
            FileSystem fs = path.getFileSystem(configuration());
            List<FileStatus> files = new ArrayList<>();
            FileStatus[] matched = fs.globStatus(path);
            for (FileStatus s : matched == null ? new FileStatus[0] : matched) {
                if (s.isDirectory()) {
                    for (FileStatus inner : fs.listStatus(s.getPath())) {
                        if (inner.isFile() && !hidden(inner.getPath())) {
                            files.add(inner);
                        }
                    }
                } else if (!hidden(s.getPath()) || !glob) {
                    files.add(s);
                }
            }
            if (files.isEmpty()) {
                throw DataException.data(location + ": expected a CSV file, or a directory or glob of CSV files, "
                        + "got no file; check the path");
            }
            files.sort(Comparator.comparing(f -> f.getPath().toString()));
            List<DataInput> parts = new ArrayList<>(files.size());
            for (FileStatus f : files) {
                parts.add(input(fs, f.getPath()));
            }
            return parts.size() == 1 ? parts.get(0) : DataInput.parts(location, parts);
        } catch (IOException e) {
            throw DataException.data(location + ": expected a readable file, got an I/O error (" + e.getMessage()
                    + "); check the path and the file system's settings");
        }
    }

    /**
     * Hadoop's settings as Spark's executors get them: the class path's ({@code core-site.xml}, {@code
     * hdfs-site.xml} in HADOOP_CONF_DIR) with every {@code spark.hadoop.NAME} setting of Spark's configuration
     * (spark-defaults.conf, {@code --conf}, system properties) as {@code NAME}, such as {@code
     * spark.hadoop.fs.s3a.endpoint}; on an executor, the configuration its driver sent.
     */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        for (scala.Tuple2<String, String> kv : (env != null ? env.conf() : new org.apache.spark.SparkConf()).getAll()) {
            if (kv._1().startsWith(HADOOP_PREFIX) && kv._1().length() > HADOOP_PREFIX.length()) {
                conf.set(kv._1().substring(HADOOP_PREFIX.length()), kv._2());
            }
        }
        return conf;
    }

    private static final String HADOOP_PREFIX = "spark.hadoop.";

    /** One file: a local one as {@code rnn train} reads it, another opened through its file system when read. */
    private static DataInput input(FileSystem fs, org.apache.hadoop.fs.Path file) {
        URI uri = file.toUri();
        if ("file".equals(uri.getScheme())) {
            return DataInput.file(Path.of(uri));
        }
        return DataInput.stream(file.toString(), () -> fs.open(file));
    }

    /** Hadoop's and Spark's convention: files named .x or _x (_SUCCESS, .crc) are not data. */
    private static boolean hidden(org.apache.hadoop.fs.Path file) {
        return file.getName().startsWith(".") || file.getName().startsWith("_");
    }
}
