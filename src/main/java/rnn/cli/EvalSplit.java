package rnn.cli;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;

import rnn.data.DataSchema;
import rnn.data.Dataset;
import rnn.data.SplitCounts;

/**
 * Which examples of DATA {@code rnn eval} scores ({@code --split}, issue 12 item 4), and why. DATA is the model's
 * training file when its SHA-256 is the one the checkpoint records; only then do the recorded split's parts exist
 * ({@link SplitCounts#runs}: the examples training validated on, exactly). Without {@code --split}: the validation
 * part of the training file, every example of any other file.
 */
final class EvalSplit {

    /** The parts {@code --split} names. */
    enum Part {
        VALIDATION, TRAINING, ALL
    }

    static final class Parts extends Choice<Part> {
        Parts() {
            super(Part.class);
        }
    }

    /**
     * @param data   the examples to score
     * @param part   which part they are
     * @param reason why (for the report's header: "DATA is the training file", …)
     */
    record Chosen(Dataset data, Part part, String reason) {
        /** "validation (the examples training validated on: DATA is the model's training file)". */
        String describe() {
            return Choice.name(part) + " (" + reason + ")";
        }
    }

    private EvalSplit() {
    }

    /**
     * @param requested   {@code --split}, or {@code null} for the default
     * @param whole       every example of DATA, read for the model
     * @param schema      the model's schema (its recorded split)
     * @param trainedSha  the training file's SHA-256 as the checkpoint records it, or {@code null}
     * @param dataSha     DATA's SHA-256
     * @throws CommandLine.ParameterException (exit 2) for {@code --split validation|training} on another file, or
     *                                        on a model whose split has no such part or is not recorded
     */
    static Chosen choose(CommandLine cl, Part requested, Dataset whole, DataSchema schema, String trainedSha,
                         String dataSha, Path file) {
        boolean trainingFile = trainedSha != null && trainedSha.equals(dataSha);
        SplitCounts split = schema.report().split();
        List<Integer> runs = split.runs();
        boolean hasValidation = runs != null && split.valFile() == null && split.validationExamples() > 0;
        boolean matches = runs != null && total(runs) == whole.size();
        if (requested == null) {
            if (!trainingFile) {
                return new Chosen(whole, Part.ALL, "every example: " + (trainedSha == null ? "the model records no "
                        + "training file's SHA-256" : file + " is not the model's training file"));
            }
            if (!hasValidation || !matches) {
                return new Chosen(whole, Part.ALL, "every example of the model's training file: " + (runs == null
                        ? "the model records no split (written by an earlier release)"
                        : split.valFile() != null ? "it was validated on " + split.valFile() + " (--val)"
                        : !hasValidation ? "it was trained without a validation part (--val-split 0)"
                        : "the file gives " + whole.size() + " examples where training formed " + total(runs)));
            }
            return new Chosen(whole.part(runs, true), Part.VALIDATION, "the examples the run validated on: "
                    + file + " is the model's training file");
        }
        if (requested == Part.ALL) {
            return new Chosen(whole, Part.ALL, "every example, as --split all asks");
        }
        String flag = "--split " + Choice.name(requested);
        if (!trainingFile) {
            throw new CommandLine.ParameterException(cl, flag + ": expected the model's training file (SHA-256 "
                    + shortSha(trainedSha) + "), got " + file + " (SHA-256 " + shortSha(dataSha) + "); use --split all"
                    + " (the default for another file)");
        }
        if (runs == null) {
            throw new CommandLine.ParameterException(cl, flag + ": expected a model that records its validation "
                    + "split, got one written by an earlier release; use --split all");
        }
        if (requested == Part.VALIDATION && !hasValidation) {
            throw new CommandLine.ParameterException(cl, flag + ": expected a model validated on a part of " + file
                    + ", got one " + (split.valFile() != null ? "validated on " + split.valFile() + " (--val): "
                    + "evaluate that file" : "trained without a validation part (--val-split 0)")
                    + "; use --split all");
        }
        if (!matches) {
            throw new CommandLine.ParameterException(cl, flag + ": expected the " + total(runs) + " examples "
                    + "training formed from " + file + ", got " + whole.size() + " (eval drops the rows whose target is"
                    + " missing; training filled them in); use --split all");
        }
        boolean validation = requested == Part.VALIDATION;
        return new Chosen(whole.part(runs, validation), requested, "the examples the run "
                + (validation ? "validated" : "trained") + " on, as " + flag + " asks");
    }

    /**
     * The examples of {@code whole} the run validated on, when DATA is the model's training file and the run
     * recorded a validation part of it that matches DATA's examples; else {@code null}.
     */
    static Dataset validationPart(Dataset whole, DataSchema schema, String trainedSha, String dataSha) {
        SplitCounts split = schema.report().split();
        List<Integer> runs = split.runs();
        boolean usable = trainedSha != null && trainedSha.equals(dataSha) && runs != null && split.valFile() == null
                && split.validationExamples() > 0 && total(runs) == whole.size();
        return usable ? whole.part(runs, true) : null;
    }

    private static long total(List<Integer> runs) {
        long n = 0;
        for (int r : runs) {
            n += r;
        }
        return n;
    }

    static String shortSha(String sha) {
        return sha == null ? "none recorded" : sha.substring(0, Math.min(12, sha.length()));
    }
}
