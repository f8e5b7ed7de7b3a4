package rnn.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs one attempt of one trial: {@code rnn train ARGS} to its end, wherever the implementation runs it (a child
 * JVM: {@link ChildProcessExecutor}; this JVM: {@link InProcessExecutor}, which a Spark task can use too). The
 * sweep calls {@link #run} from up to {@code --parallel} threads at once; an implementation that cannot run
 * trials side by side serialises them itself.
 */
public interface TrialExecutor extends AutoCloseable {

    /**
     * One attempt.
     *
     * @param trial     the trial (for names and logs)
     * @param trainArgs the arguments of {@code rnn train} (options and the data file; without "train")
     * @param log       where the attempt's own output (stdout and stderr) is appended
     */
    record Launch(Trial trial, List<String> trainArgs, Path log) {
        public Launch {
            trainArgs = List.copyOf(trainArgs);
        }
    }

    /**
     * How an attempt ended.
     *
     * @param exitCode {@code rnn train}'s exit code (DESIGN §5)
     * @param error    its one-line error message, or null when it succeeded or said nothing
     */
    record Result(int exitCode, String error) {
    }

    /**
     * The message of a line the command line printed for an error: without its "error: " or "rnn: " prefix and
     * the usage hint "(see 'rnn train --help')"; null when the line is neither.
     */
    static String errorMessage(String line) {
        String m;
        if (line.startsWith("error: ")) {
            m = line.substring("error: ".length());
        } else if (line.startsWith("rnn: ")) {
            m = line.substring("rnn: ".length());
        } else {
            return null;
        }
        return m.replaceFirst(" \\(see 'rnn [a-z-]+ --help'\\)$", "").strip();
    }

    /** Runs the attempt to its end; a failure of the trial is a result, not an exception. */
    Result run(Launch launch);

    /** Stops attempts still running (as SIGTERM would: they write a checkpoint) and waits for them. */
    @Override
    void close();
}
