package rnn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.bench.DataLoadBenchmark;

/**
 * {@code rnn bench-data}: the scale benchmark of the data layer behind {@code scripts/bench-data} (hidden from
 * {@code rnn --help}), in two steps that the script runs in separate JVMs ({@link DataLoadBenchmark}).
 */
@Command(name = "bench-data", hidden = true,
        description = "The data-loading benchmark of scripts/bench-data: generate a seeded CSV, then load it.",
        subcommands = {BenchDataCommand.Generate.class, BenchDataCommand.Load.class})
final class BenchDataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected generate or load");
    }

    @Command(name = "generate",
            description = "Writes ROWS x COLUMNS autoregressive series (seeded, 4 decimals) to FILE.")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file to write.")
        Path file;
        @Parameters(index = "1", paramLabel = "ROWS", description = "Data rows.")
        int rows;
        @Parameters(index = "2", paramLabel = "COLUMNS", description = "Columns (series).")
        int columns;
        @Parameters(index = "3", paramLabel = "SEED", description = "Seed of the series.")
        long seed;

        @Override
        public Integer call() throws IOException {
            if (rows < 1 || columns < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "ROWS and COLUMNS: expected positive "
                        + "integers, got " + rows + " and " + columns);
            }
            DataLoadBenchmark.generate(file, rows, columns, seed, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "load",
            description = "Loads FILE (window layout, target = last column) and prints the time and heap figures.")
    static final class Load implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file of generate.")
        Path file;
        @Parameters(index = "1", paramLabel = "WINDOW", description = "Steps per window.")
        int window;

        @Override
        public Integer call() {
            if (window < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "WINDOW: expected a positive integer, "
                        + "got " + window);
            }
            DataLoadBenchmark.load(file, window, spec.commandLine().getOut());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
