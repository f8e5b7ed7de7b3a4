package rnn.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import rnn.io.AtomicFiles;

/**
 * {@code rnn sweep --emit slurm|k8s DIR2}: a job for the user's own scheduler in which array index I runs
 * {@code rnn sweep --trial I} with the sweep's own arguments (paths made absolute): a Slurm array script
 * ({@code DIR2/}{@value #SLURM}, {@code #SBATCH --array=0-(N-1)}, the index from {@code $SLURM_ARRAY_TASK_ID}) or a
 * Kubernetes Indexed Job ({@code DIR2/}{@value #K8S}, {@code completionMode: Indexed}, the index from
 * {@code $(JOB_COMPLETION_INDEX)}). The command is {@code rnn}, or {@code $RNN} for Slurm; the Kubernetes image is a
 * placeholder to replace, and the sweep's directory and data must be on storage every task sees.
 */
public final class SchedulerScripts {

    public static final String SLURM = "sweep.slurm";
    public static final String K8S = "sweep-job.yaml";

    /** The schedulers {@code --emit} writes for. */
    public enum Kind {
        SLURM, K8S;

        /** The name as typed ({@code slurm}, {@code k8s}). */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SchedulerScripts() {
    }

    /**
     * Writes the script of {@code kind} into {@code outDir} and returns its path.
     *
     * @param sweepArgs the arguments of {@code rnn sweep} every task runs, without {@code --trial}
     * @param trials    N, the array's size
     * @param parallel  tasks at once (Kubernetes parallelism, Slurm's {@code %P} throttle)
     * @param threads   each task's cores ({@code --cpus-per-task}, the container's CPU request)
     */
    public static Path write(Kind kind, Path outDir, List<String> sweepArgs, int trials, int parallel, int threads,
                             Path sweepDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(kind == Kind.SLURM ? SLURM : K8S);
        AtomicFiles.write(file, kind == Kind.SLURM ? slurm(sweepArgs, trials, parallel, threads, sweepDir)
                : k8s(sweepArgs, trials, parallel, threads));
        return file;
    }

    static String slurm(List<String> sweepArgs, int trials, int parallel, int threads, Path sweepDir) {
        StringBuilder b = new StringBuilder();
        b.append("#!/bin/bash\n");
        b.append("# rnn sweep as a Slurm job array: array index I trains trial I of ").append(trials)
                .append(" (sbatch this file).\n");
        b.append("#SBATCH --job-name=rnn-sweep\n");
        b.append("#SBATCH --array=0-").append(trials - 1).append('%').append(parallel).append('\n');
        b.append("#SBATCH --cpus-per-task=").append(threads).append('\n');
        b.append("#SBATCH --output=").append(sweepDir.resolve(TrialReport.LOGS)).append("/slurm-%A_%a.log\n");
        b.append("set -euo pipefail\n");
        b.append("exec \"${RNN:-rnn}\" sweep --trial \"$SLURM_ARRAY_TASK_ID\"");
        for (String a : sweepArgs) {
            b.append(' ').append(shellQuote(a));
        }
        b.append('\n');
        return b.toString();
    }

    static String k8s(List<String> sweepArgs, int trials, int parallel, int threads) throws IOException {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", Map.of("name", "rnn-sweep"));
        List<String> command = new ArrayList<>(List.of("rnn", "sweep", "--trial", "$(JOB_COMPLETION_INDEX)"));
        command.addAll(sweepArgs);
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "trial");
        container.put("image", "REPLACE-WITH-AN-IMAGE-WITH-RNN");
        container.put("command", command);
        container.put("resources", Map.of("requests", Map.of("cpu", Integer.toString(threads))));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", trials);
        spec.put("parallelism", parallel);
        spec.put("backoffLimitPerIndex", 1);
        spec.put("template", Map.of("spec", podSpec));
        job.put("spec", spec);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
        return "# rnn sweep as a Kubernetes Indexed Job: completion index I trains trial I of " + trials + ".\n"
                + "# Set the image; mount the sweep's directory and data at the same paths in every pod.\n"
                + yaml.writeValueAsString(job);
    }

    /** {@code s} as one word for bash: bare when safe, else in single quotes. */
    static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
