package rnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code rnn bench}: the benchmark behind {@code scripts/bench} (hidden from the help; its own options are listed
 * by {@code scripts/bench --help}). A subcommand so that the process exits in one place, {@link Main}.
 */
@Command(name = "bench", hidden = true, description = "Runs the BENCH-SPEC benchmark (use scripts/bench).")
final class BenchCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return rnn.bench.Bench.execute(args.toArray(new String[0]));
    }
}
