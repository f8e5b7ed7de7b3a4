package rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import rnn.bench.DataLoadBenchmark;

/**
 * {@code rnn bench-data generate|load}: the scale benchmark of the data layer behind {@code scripts/bench-data}
 * (hidden from {@code rnn --help}), in two steps that the script runs in separate JVMs ({@link DataLoadBenchmark}).
 */
@Command(name = "bench-data", hidden = true,
        description = "The data-loading benchmark of scripts/bench-data: generate a seeded CSV, then load it.")
final class BenchDataCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected generate or load");
    }

    @Command(name = "generate", description = "Writes ROWS x COLUMNS autoregressive series (seeded, 4 decimals) to "
            + "FILE.")
    int generate(@Parameters(paramLabel = "FILE", description = "The CSV file to write.") Path file,
                 @Parameters(paramLabel = "ROWS", description = "Data rows.") int rows,
                 @Parameters(paramLabel = "COLUMNS", description = "Columns (series).") int columns,
                 @Parameters(paramLabel = "SEED", description = "Seed of the series.") long seed) throws IOException {
        positive("ROWS", rows);
        positive("COLUMNS", columns);
        DataLoadBenchmark.generate(file, rows, columns, seed, out());
        out().flush();
        return ExitCodes.OK;
    }

    @Command(name = "load", description = "Loads FILE (window layout, target = last column) and prints the time and "
            + "heap figures.")
    int load(@Parameters(paramLabel = "FILE", description = "The CSV file of generate.") Path file,
             @Parameters(paramLabel = "WINDOW", description = "Steps per window.") int window) {
        positive("WINDOW", window);
        DataLoadBenchmark.load(file, window, out());
        out().flush();
        return ExitCodes.OK;
    }

    private void positive(String label, long v) {
        if (v < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), label + ": expected a positive integer, got "
                    + v);
        }
    }

    /** The results writer (stdout) of this command line. */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
