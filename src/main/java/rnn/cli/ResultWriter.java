package rnn.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Where results go (stdout): a {@link PrintWriter}, as picocli wants, that does not forget why a write failed.
 * A plain {@code PrintWriter} (and {@code System.out}) swallows every {@link IOException}; this one keeps the first,
 * so that {@link #check} can tell a closed pipe ({@code rnn predict ... | head -1}: stop quietly) from a failed
 * write ({@code > /dev/full}: an error).
 */
final class ResultWriter extends PrintWriter {

    private static final int BUFFER_CHARS = 1 << 16;

    private final Recorder recorder;

    private ResultWriter(Recorder recorder) {
        super(recorder, false);
        this.recorder = recorder;
    }

    /** Results written to {@code target} (buffered). */
    static ResultWriter to(Writer target) {
        return new ResultWriter(new Recorder(new BufferedWriter(target, BUFFER_CHARS)));
    }

    /**
     * The process's standard output itself (file descriptor 1, not {@code System.out}, whose errors are lost),
     * in the encoding picocli uses for it.
     */
    static ResultWriter stdout() {
        String name = System.getProperty("sun.stdout.encoding");
        Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
        return to(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), charset));
    }

    /**
     * Flushes {@code out} and throws if anything written to it so far failed.
     *
     * @throws OutputFailedException naming the cause when {@code out} is a {@link ResultWriter}
     */
    static void check(PrintWriter out) throws OutputFailedException {
        if (out.checkError()) {
            throw new OutputFailedException(out instanceof ResultWriter r ? r.recorder.failure : null);
        }
    }

    /** The results could not be written: the reader went away (a closed pipe) or the write failed. */
    static final class OutputFailedException extends IOException {

        private static final long serialVersionUID = 1L;

        OutputFailedException(IOException cause) {
            super("stdout: cannot write the results (" + (cause == null || cause.getMessage() == null
                    ? "the output stream reported an error" : cause.getMessage())
                    + "); check the disk or device stdout goes to, or write to a file", cause);
        }

        /**
         * Whether the reader closed the pipe ({@code | head}): not an error of rnn's, ended quietly with status
         * {@link ExitCodes#BROKEN_PIPE}, as a C tool killed by SIGPIPE.
         */
        boolean closedPipe() {
            String m = getCause() == null || getCause().getMessage() == null ? ""
                    : getCause().getMessage().toLowerCase(Locale.ROOT);
            return m.contains("broken pipe") || m.contains("pipe is being closed") || m.contains("pipe has been ended");
        }
    }

    /** Passes everything on, keeping the first failure. */
    private static final class Recorder extends FilterWriter {

        private IOException failure;

        Recorder(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            try {
                super.write(c);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            try {
                super.write(cbuf, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            try {
                super.write(str, off, len);
            } catch (IOException e) {
                throw record(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                super.flush();
            } catch (IOException e) {
                throw record(e);
            }
        }

        private IOException record(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
