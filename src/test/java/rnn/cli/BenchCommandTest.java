package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import rnn.bench.Bench;
import rnn.nn.CellType;
import rnn.nn.GruVariant;
import rnn.nn.Precision;

/**
 * {@code rnn bench} (scripts/bench): its options parsed by picocli into the plan the benchmark runs, and every bad
 * value a usage error (exit 2, one line) before anything runs; {@code rnn bench-data} (scripts/bench-data) on a
 * small file. Nothing here runs the timed benchmark.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static BenchCommand parse(String... args) {
        picocli.CommandLine cl = RnnCommand.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("bench").getCommand();
    }

    @Test
    void defaultsAreBenchSpecsFullRun() {
        Bench.Workload w = parse().workload();
        assertEquals(List.of(CellType.RNN, CellType.GRU, CellType.LSTM), w.cells());
        assertEquals(List.of("[32]", "[128, 64]", "[256, 256]", "[512]"), shapes(w.hidden()));
        assertEquals(4096, w.n());
        assertEquals(3, w.epochs());
        assertEquals(3, w.inferPasses());
        assertEquals(0, w.threads(), "auto");
        assertEquals(Precision.FLOAT, w.precision());
        assertEquals(GruVariant.RESET_AFTER, w.gruVariant());
        BenchCommand c = parse();
        Bench.Plan p = c.plan(c.workload());
        assertNull(p.torch(), "rnn alone without --compare-torch");
        assertFalse(p.waitIdle(), "no waiting without --compare-torch");
        assertEquals("/usr/bin/python3", p.python());
    }

    @Test
    void quickIsTwoSmallConfigurationsOnFewerSequences() {
        Bench.Workload w = parse("--quick").workload();
        assertEquals(List.of("[32]", "[128, 64]"), shapes(w.hidden()));
        assertEquals(1024, w.n());
        Bench.Workload given = parse("--quick", "--hidden", "16/8,4", "--n", "64").workload();
        assertEquals(List.of("[16]", "[8, 4]"), shapes(given.hidden()), "--hidden wins over --quick");
        assertEquals(64, given.n(), "--n wins over --quick");
    }

    @Test
    void everyOptionReachesThePlan() throws IOException {
        Path script = Files.writeString(dir.resolve("torch_rnn_bench.py"), "");
        BenchCommand c = parse("--cell", "gru,lstm", "--hidden", "all", "--threads", "2", "--precision", "float64",
                "--gru-variant", "classic", "--epochs", "2", "--n", "96", "--infer-passes", "1", "--compare-torch",
                "--torch-script", script.toString(), "--python", "/bin/sh", "--torch-threads", "1,2,4",
                "--torch-multi-n", "64", "--json", "runs.jsonl");
        Bench.Workload w = c.workload();
        assertEquals(List.of(CellType.GRU, CellType.LSTM), w.cells());
        assertEquals(4, w.hidden().size());
        assertEquals(2, w.threads());
        assertEquals(Precision.DOUBLE, w.precision());
        assertEquals(GruVariant.CLASSIC, w.gruVariant());
        assertEquals(2, w.epochs());
        assertEquals(96, w.n());
        assertEquals(1, w.inferPasses());
        Bench.Plan p = c.plan(w);
        assertEquals(script.toAbsolutePath(), p.torch().script());
        assertEquals(List.of(1, 2, 4), p.torch().threads());
        assertEquals(64, p.torch().multiN());
        assertEquals("/bin/sh", p.python());
        assertTrue(p.waitIdle(), "--compare-torch waits for an idle machine by default");
        assertEquals(Path.of("runs.jsonl"), p.jsonFile());
        BenchCommand noWait = parse("--compare-torch", "--torch-script", script.toString(), "--python", "/bin/sh",
                "--no-wait");
        assertFalse(noWait.plan(noWait.workload()).waitIdle());
    }

    @Test
    void badValuesAreUsageErrorsBeforeAnythingRuns() {
        assertUsage("rnn: --epochs: expected a positive integer, got 0", "--epochs", "0");
        assertUsage("rnn: --n: expected at least one batch of 32 sequences, got 31", "--quick", "--n", "31");
        assertUsage("rnn: --precision: expected float or double, got \"half\"", "--precision", "half");
        assertUsage("rnn: --gru-variant: expected reset-after or classic, got \"cudnn\"", "--gru-variant", "cudnn");
        assertUsage("rnn: --cell: expected rnn, gru, lstm or all, got \"tcn\"", "--cell", "gru,tcn");
        assertUsage("rnn: --hidden: expected a positive integer, got \"x\"", "--hidden", "32/x");
        assertUsage("rnn: --threads: expected auto or a positive integer, got \"many\"", "--threads", "many");
        assertUsage("rnn: --torch-threads: expected a positive integer, got 0", "--torch-threads", "1,0");
        assertUsage("rnn: --infer-passes: expected a positive integer, got -1", "--infer-passes", "-1");
        assertUsage("rnn: --compare-torch: torch_rnn_bench.py not found (no file " + dir.resolve("none.py")
                + "); give --torch-script PATH", "--compare-torch", "--torch-script",
                dir.resolve("none.py").toString());
        assertUsage("rnn: Unknown option: '--epoch'; did you mean --epochs?", "--epoch", "2");
        assertUsage("rnn: --epochs: expected a whole number, got \"two\"", "--epochs", "two");
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(ExitCodes.OK, Main.run(new PrintWriter(out), new PrintWriter(err), "bench", "--help"));
        for (String option : List.of("--quick", "--compare-torch", "--cell", "--hidden", "--threads", "--precision",
                "--gru-variant", "--epochs", "--n", "--infer-passes", "--torch-threads", "--torch-multi-n",
                "--torch-script", "--python", "--[no-]wait", "--json", "--jmh")) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
        assertTrue(out.toString().startsWith("Usage: scripts/bench [options]"), out.toString());
        assertEquals("", err.toString());
    }

    /**
     * scripts/bench-data's two steps on 200 rows × 3 columns: window layout, W = 20, H = 1 gives
     * M = 200 − 20 − 1 + 1 = 180 windows, floor(0.8 · 180) = 144 of them training and 36 validation.
     */
    @Test
    void benchDataGeneratesAndLoadsAFile() throws IOException {
        Path csv = dir.resolve("bench.csv");
        assertEquals(ExitCodes.OK, Main.run(new PrintWriter(out), new PrintWriter(err), "bench-data", "generate",
                csv.toString(), "200", "3", "7"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("c0,c1,c2", lines.get(0));
        assertEquals(201, lines.size());
        assertTrue(lines.get(1).matches("-?\\d+\\.\\d{4},-?\\d+\\.\\d{4},-?\\d+\\.\\d{4}"), lines.get(1));
        assertTrue(out.toString().startsWith("generated " + csv + ": 200 rows x 3 columns, "), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, Main.run(new PrintWriter(out), new PrintWriter(err), "bench-data", "load",
                csv.toString(), "20"));
        assertTrue(out.toString().contains("; 200 rows, 180 windows (144 train, 36 validation); "), out.toString());
        assertTrue(out.toString().startsWith("load W=20: "), out.toString());
    }

    private void assertUsage(String expected, String... args) {
        StringWriter e = new StringWriter();
        StringWriter o = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        assertEquals(ExitCodes.USAGE, Main.run(new PrintWriter(o), new PrintWriter(e), all), e.toString());
        assertEquals(expected + " (see 'rnn bench --help')" + System.lineSeparator(), e.toString());
        assertEquals("", o.toString(), "nothing ran");
    }

    private static List<String> shapes(List<int[]> hidden) {
        return hidden.stream().map(java.util.Arrays::toString).toList();
    }

    @Test
    void hiddenShapesAreParsedPerConfiguration() {
        assertArrayEquals(new int[] {128, 64}, parse("--hidden", "128,64").workload().hidden().get(0));
    }
}
