package rnn.cli;

import java.nio.file.Path;

import rnn.data.DataInput;

/**
 * The DATA argument of {@code rnn train}, {@code rnn predict} and {@code rnn eval}: a file (or any path read as a
 * stream: a named pipe, {@code /dev/stdin}), or {@code -} for standard input.
 */
final class DataArgument {

    private DataArgument() {
    }

    /** Whether {@code data} is {@code -}: standard input. */
    static boolean isStdin(Path data) {
        return data.toString().equals("-");
    }

    /** The input {@code data} names, read once as a stream when a source opens it. */
    static DataInput input(Path data) {
        return isStdin(data) ? DataInput.stdin(System.in) : DataInput.file(data);
    }
}
