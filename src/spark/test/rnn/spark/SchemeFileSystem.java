package rnn.spark;

import java.net.URI;

import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under another scheme ({@code rnntest:///tmp/...}), registered by the tests with {@code
 * spark.hadoop.fs.rnntest.impl}: a file system that is not {@code file:}, read through Hadoop's streams as an
 * {@code hdfs://} or {@code s3a://} one is.
 */
public final class SchemeFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "rnntest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
