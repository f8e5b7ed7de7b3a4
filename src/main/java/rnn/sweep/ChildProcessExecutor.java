package rnn.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs each attempt as a child JVM: {@code JAVA_COMMAND train ARGS} (the command starting {@code rnn.cli.Main},
 * given by the caller: this JVM's java, class path and memory flags), stdout and stderr appended to the trial's
 * log. The error line is the attempt's last line starting "error: " or "rnn: " (the forms the command line prints).
 * {@link #close} (also run when this JVM is stopped by SIGINT/SIGTERM) sends SIGTERM to the children still running,
 * so that each writes a checkpoint, and waits for them.
 */
public final class ChildProcessExecutor implements TrialExecutor {

    private static final Logger LOG = LogManager.getLogger(ChildProcessExecutor.class);
    /** How long {@link #close} waits for a stopped child to write its checkpoint before killing it. */
    private static final long STOP_GRACE_SECONDS = 60;

    private final List<String> javaCommand;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook = new Thread(this::stopAll, "sweep-stop-trials");

    /** @param javaCommand the command that runs {@code rnn.cli.Main} (its arguments follow) */
    public ChildProcessExecutor(List<String> javaCommand) {
        this.javaCommand = List.copyOf(javaCommand);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The command that starts {@code mainClass} in a JVM like this one: its java, its {@code --add-modules} and
     * {@code -XX}/{@code -Xmx}/{@code -Xss}/{@code -Xshare} flags (the vector module always), on {@code classPath}.
     */
    public static List<String> javaCommand(String classPath, String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> in = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean vector = false;
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            if (a.equals("--add-modules") && i + 1 < in.size()) {
                cmd.add(a);
                cmd.add(in.get(++i));
                vector |= cmd.get(cmd.size() - 1).contains(VECTOR_MODULE);
            } else if (a.startsWith("--add-modules=") || a.startsWith("-XX:") || a.startsWith("-Xmx")
                    || a.startsWith("-Xss") || a.startsWith("-Xshare")) {
                cmd.add(a);
                vector |= a.startsWith("--add-modules=") && a.contains(VECTOR_MODULE);
            }
        }
        if (!vector) {
            cmd.addAll(List.of("--add-modules", VECTOR_MODULE)); // e.g. a Spark executor's JVM: not started by rnn
        }
        cmd.addAll(List.of("-cp", classPath, mainClass));
        return cmd;
    }

    /** The module of the vector kernels (without it rnn runs its plain-Java kernels, 3-10x slower). */
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    @Override
    public Result run(Launch launch) {
        List<String> cmd = new ArrayList<>(javaCommand);
        cmd.add("train");
        cmd.addAll(launch.trainArgs());
        try {
            Files.createDirectories(launch.log().getParent());
            long start = Files.exists(launch.log()) ? Files.size(launch.log()) : 0;
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().put("CI", "true"); // no progress bar in a log file
            Process p = pb.start();
            running.add(p);
            p.getOutputStream().close();
            LOG.debug("{}: started process {}", launch.trial().id(), p.pid());
            try {
                int code = p.waitFor();
                return new Result(code, code == 0 ? null : errorLine(launch.log(), start));
            } catch (InterruptedException e) {
                // the caller gives up on the attempt (a cancelled Spark task): the child stops too, never orphaned
                stop(p);
                Thread.currentThread().interrupt();
                return new Result(130, "interrupted");
            } finally {
                running.remove(p);
            }
        } catch (IOException e) {
            return new Result(4, "cannot start " + cmd.get(0) + " (" + e.getMessage() + ")");
        }
    }

    /**
     * SIGTERM (the child writes a checkpoint and exits 143), then up to {@link #STOP_GRACE_SECONDS} for it to end,
     * then SIGKILL. Waits even when this thread's interrupt flag is set.
     */
    private static void stop(Process p) {
        p.destroy();
        boolean interrupted = Thread.interrupted();
        try {
            if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How much of the end of an attempt's output is searched for its error line (the error is the last line). */
    private static final int ERROR_TAIL_BYTES = 1 << 16;

    /**
     * The last "error: ..." or "rnn: ..." line the attempt wrote after {@code start} (in the last
     * {@value #ERROR_TAIL_BYTES} bytes of the log: a long run's log is never read whole), or null.
     */
    static String errorLine(Path log, long start) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log)) {
            long from = Math.max(Math.max(0, start), ch.size() - ERROR_TAIL_BYTES);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) Math.max(0, ch.size() - from));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
                // read the tail
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            String found = null;
            for (String line : text.split("\n")) {
                String m = TrialExecutor.errorMessage(line);
                found = m != null ? m : found;
            }
            return found;
        } catch (IOException e) {
            return null;
        }
    }

    private void stopAll() {
        for (Process p : running) {
            p.destroy(); // SIGTERM to all first, so that they write their checkpoints side by side
        }
        for (Process p : running) {
            stop(p);
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
    }
}
