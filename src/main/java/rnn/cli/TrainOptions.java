package rnn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import rnn.data.DataOptions;
import rnn.data.Layouts;
import rnn.data.MissingPolicy;
import rnn.data.Named;
import rnn.data.Normalization;
import rnn.data.TargetMode;
import rnn.io.LossPlot;
import rnn.nn.Activation;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Loss;
import rnn.nn.OutputMode;
import rnn.optim.OptimizerSettings;
import rnn.train.TrainConfig;

/**
 * The options of {@code rnn train} as an ordered map from option name (without dashes) to the text a user would
 * type — the form stored in {@code config.json} and checkpoints, so a resumed run rebuilds exactly the same
 * configuration, and overlays only what the user typed again. {@link #trainConfig()} and {@link #dataOptions()}
 * turn the map into the typed records, with messages in the form {@code --flag: expected X, got Y}.
 */
final class TrainOptions {

    /** Options that fix the model's architecture or the meaning of its inputs: a resumed run may not change them. */
    static final Set<String> ARCHITECTURE = Set.of("cell", "hidden", "activation", "gru-variant", "output", "loss",
            "target", "features", "id", "time", "layout", "steps", "window", "horizon", "normalize");

    private final Map<String, String> values;

    TrainOptions(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    String get(String name) {
        return values.get(name);
    }

    /** A copy with {@code overrides} replacing this map's values. */
    TrainOptions overlay(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.putAll(overrides);
        return new TrainOptions(m);
    }

    /**
     * The architecture options whose values differ from {@code other}'s, as "--cell: the run used gru, got lstm".
     */
    List<String> architectureDifferences(TrainOptions other) {
        List<String> diffs = new ArrayList<>();
        for (String k : values.keySet()) {
            if (ARCHITECTURE.contains(k) && !java.util.Objects.equals(values.get(k), other.values.get(k))) {
                diffs.add("--" + k + ": the run being resumed used " + show(other.values.get(k)) + ", got "
                        + show(values.get(k)));
            }
        }
        return diffs;
    }

    private static String show(String v) {
        return v == null ? "(not set)" : "\"" + v + "\"";
    }

    TrainConfig trainConfig() {
        CellType cell = choice("cell", CellType.class);
        Loss loss = choice("loss", Loss.class);
        OptimizerSettings.Kind kind = OptimizerSettings.Kind.fromName(values.get("optimizer"));
        OptimizerSettings opt = OptimizerSettings.defaults(kind);
        if (values.get("weight-decay") != null) {
            opt = opt.withWeightDecay(number("weight-decay"));
        }
        if (values.get("momentum") != null) {
            opt = opt.withMomentum(number("momentum"));
        }
        if (Boolean.parseBoolean(values.get("nesterov"))) {
            opt = opt.withNesterov(true);
        }
        return new TrainConfig(cell, sizes("hidden"), choice("activation", Activation.class),
                choice("gru-variant", GruVariant.class), number("dropout"), choice("output", OutputMode.class),
                integer("epochs"), integer("batch-size"), number("lr"), opt, number("clip-norm"), number("clip-value"),
                integer("tbptt"), values.get("lr-schedule"), integer("early-stopping"), loss, longInteger("seed"),
                integer("threads"), values.get("out") == null ? null : Path.of(values.get("out")),
                integer("checkpoint-every"), integer("keep"), choice("plot", LossPlot.Format.class));
    }

    DataOptions dataOptions() {
        String layout = values.get("layout");
        String steps = values.get("steps");
        String delimiter = values.get("delimiter");
        if (delimiter.length() != 1 && !delimiter.equals("\\t") && !delimiter.equals("tab")) {
            throw new IllegalArgumentException("--delimiter: expected one character (or \\t for a tab), got \""
                    + delimiter + "\"");
        }
        char delim = delimiter.length() == 1 ? delimiter.charAt(0) : '\t';
        Loss loss = choice("loss", Loss.class);
        return new DataOptions(list("target"), values.get("features") == null ? null : list("features"),
                values.get("id"), values.get("time"), layout == null ? null : named("layout", Layouts.all()),
                steps == null ? null : integer("steps"), integer("window"), integer("horizon"), integer("stride"),
                named("normalize", List.of(Normalization.values())), named("missing", List.of(MissingPolicy.values())),
                number("val-split"), values.get("val") == null ? null : Path.of(values.get("val")), delim,
                choice("output", OutputMode.class) == OutputMode.SEQUENCE ? TargetMode.SEQUENCE : TargetMode.LAST,
                loss.isClassification(), longInteger("seed"));
    }

    private List<String> list(String name) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(v.split(",", -1)).map(String::strip).toList();
    }

    /** An enum value by its command-line name: lower case, '-' for '_' ({@code reset-after}). */
    private <E extends Enum<E>> E choice(String name, Class<E> type) {
        String v = values.get(name);
        for (E e : type.getEnumConstants()) {
            if (cliName(e).equals(v)) {
                return e;
            }
        }
        throw new IllegalArgumentException("--" + name + ": expected one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(TrainOptions::cliName).toList()) + ", got \"" + v + "\"");
    }

    /** A data-layer choice by its name ({@link Named}), with the message of {@link #choice}. */
    private <T extends Named> T named(String name, List<T> choices) {
        String v = values.get(name);
        return Named.lookup(choices, v).orElseThrow(() -> new IllegalArgumentException("--" + name
                + ": expected one of " + Named.names(choices) + ", got \"" + v + "\""));
    }

    static String cliName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private int[] sizes(String name) {
        String v = values.get(name);
        try {
            int[] s = Arrays.stream(v.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
            for (int x : s) {
                if (x < 1) {
                    throw new NumberFormatException();
                }
            }
            return s;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": expected positive integers separated by commas, got \""
                    + v + "\"");
        }
    }

    private int integer(String name) {
        String v = values.get(name);
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private long longInteger(String name) {
        String v = values.get(name);
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + name + ": expected a whole number, got \"" + v + "\"");
        }
    }

    private double number(String name) {
        String v = values.get(name);
        try {
            double d = Double.parseDouble(v.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("--" + name + ": expected a number, got \"" + v + "\"");
        }
    }
}
