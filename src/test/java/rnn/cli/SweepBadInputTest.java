package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bad search, flag and spec file of {@code rnn sweep}: the exact exit code and one-line message, and nothing
 * trained or created (errors come before any trial).
 */
class SweepBadInputTest {

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = SweepFixture.sine(dir, 60);
    }

    private static int runs;

    private static void assertUsage(String message, String... args) {
        Path out = dir.resolve("never-" + runs++); // its own: a case that wrongly trains leaves the others alone
        SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(out, data, args));
        assertEquals(2, r.code(), r.err());
        assertEquals("rnn: " + message + " (see 'rnn sweep --help')", r.lastErrLine());
        assertFalse(Files.exists(out), "nothing is created before the checks pass");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "hiden=1,2|--grid: \"hiden\" is not an option of rnn train; did you mean \"hidden\"?",
        "lr|--grid: expected KEY=V1,V2[;KEY=V1,V2...], got \"lr\"",
        "lr=1,,2|--grid lr: expected values separated by commas, got an empty value",
        "lr=1,1|--grid lr: the value \"1\" is given twice; give each value once",
        "lr=1;lr=2|--grid: \"lr\" is given twice; give each option once",
        "threads=1,2|--grid: \"threads\" cannot be swept (the sweep sets each trial's threads: --threads once, or "
            + "--parallel)",
        "epochs=1,2|--grid: \"epochs\" cannot be swept (it is every trial's budget; set --epochs once (or use "
            + "--halving))",
        "out=a,b|--grid: \"out\" cannot be swept (the sweep's --out is its directory; each trial trains into "
            + "DIR/trial-NNN)",
        "``|--grid: expected KEY=V1,V2[;KEY=V1,V2...], got \"\"",
        "cell=gru,lstm;activation=relu|trial-000 (cell=gru, activation=relu): --activation relu: only the simple RNN"
            + " (--cell rnn) takes an activation; gru uses fixed sigmoid and tanh gates",
        "hidden=4,0|trial-001 (hidden=0): Invalid value for option '--hidden': expected positive integers separated "
            + "by commas, got \"0\"",
        "lr=0.1,-1|trial-001 (lr=-1): --lr: expected a positive number, got -1.0",
        "hidden=4,60000|trial-001 (hidden=60000): --hidden 60000: the 180000 × 60000 recurrent weights of a gru layer"
            + " of 60000 units would be 10800000000 numbers, more than the 2147483639 one Java array can hold; lower "
            + "--hidden (at most 26754 units per gru layer)",
    })
    void badGrid(String grid, String message) {
        assertUsage(message, "--grid", grid);
    }

    @Test
    void tooManyTrials() {
        StringBuilder v = new StringBuilder("1");
        for (int i = 2; i <= 32; i++) {
            v.append(',').append(i);
        }
        assertUsage("--grid: 32 × 32 = 1024 or more trials, more than the limit of 1000; sweep fewer values",
                "--grid", "hidden=" + v + ";window=" + v);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|lr=uniform(0,1)|--random: expected a number of trials from 1 to 1000, got 0",
        "1001|lr=uniform(0,1)|--random: expected a number of trials from 1 to 1000, got 1001",
        "3|lr=log-uniform(0,1)|--space lr: log-uniform needs 0 < LO < HI, got LO 0; give a positive LO",
        "3|lr=uniform(1,1)|--space lr: uniform(LO,HI) needs LO < HI, got uniform(1,1)",
        "3|lr=normal(0,1)|--space lr: expected log-uniform(LO,HI), uniform(LO,HI), int(LO,HI) or choice(V1,V2,...), "
            + "got \"normal(0,1)\"",
        "3|window=int(5,a)|--space window: expected a whole number, got \"a\"",
        "3|window=int(9,5)|--space window: int(LO,HI) needs LO <= HI (less than 2^31 apart), got int(9,5)",
        "3|lr=uniform(1)|--space lr: uniform takes two numbers (LO,HI), got 1",
        "3|lr=uniform(a,2)|--space lr: expected a finite number, got \"a\"",
        "3|lr=uniform(0,NaN)|--space lr: expected a finite number, got \"NaN\"",
        "3|hidden=choice(4,4)|--space hidden: the value \"4\" is given twice; give each value once",
        "3|lr=uniform(-1,-0.5)|trial-000 (lr=-0.6292175606140884): --lr: expected a positive number, got "
            + "-0.6292175606140884",
    })
    void badRandom(String n, String space, String message) {
        assertUsage(message, "--random", n, "--space", space);
    }

    @Test
    void badCombinations() {
        assertUsage("--random: expected --space 'KEY=DIST;...' with it, got none", "--random", "3");
        assertUsage("--space: expected --random N with it (the number of trials to draw)", "--space",
                "lr=uniform(0,1)", "--grid", "lr=1");
        assertUsage("expected one search, got --grid and --random; keep one", "--grid", "lr=1", "--random", "3",
                "--space", "lr=uniform(0,1)");
        assertUsage("expected a search: --grid 'KEY=V1,V2;...', --random N with --space, or a --spec file with grid or"
                + " random");
        assertUsage("--eta: expected a whole number from 2 to 100, got 1", "--grid", "lr=1e-3", "--halving", "--eta",
                "1");
        assertUsage("--min-epochs: expected a whole number from 1 to 19 (below --epochs 20, the last rung), got 20",
                "--grid", "lr=1e-3", "--halving", "--min-epochs", "20");
        assertUsage("--eta: expected --halving with it", "--grid", "lr=1e-3", "--eta", "3");
        assertUsage("--parallel: expected a whole number from 1 to 256, got 0", "--grid", "lr=1e-3", "--parallel",
                "0");
        int cores = Runtime.getRuntime().availableProcessors();
        assertUsage("--threads: " + (cores + 1) + " trials at once × 2 threads = " + 2 * (cores + 1)
                + ", more than the "
                + cores + " cores; lower --parallel or --threads", "--grid", "lr=1e-3", "--parallel",
                Integer.toString(cores + 1), "--threads", "2");
        assertUsage("--trial: expected a trial index from 0 to 1, got 2", "--grid", "lr=1e-3,1e-2", "--trial", "2");
        assertUsage("--halving: expected no --trial (an array task trains one trial to --epochs; halving needs every "
                + "trial's results), got --trial 0; run the halving sweep without --trial", "--grid", "lr=1e-3,1e-2",
                "--trial", "0", "--halving");
        assertUsage("--resume: not an option of rnn sweep (a sweep resumes by itself: run the same rnn sweep command "
                + "again)", "--grid", "lr=1e-3", "--resume", "x");
        assertUsage("--overwrite: not an option of rnn sweep (a sweep never replaces runs; choose a new --out)",
                "--grid", "lr=1e-3", "--overwrite");
        assertUsage("trial-000 (lr=1e-3): --val-split: expected a fraction above 0 or --val FILE (a sweep ranks trials "
                + "by validation loss), got 0.0", "--grid", "lr=1e-3", "--val-split", "0");
        assertUsage("--emit: expected slurm or k8s, got \"pbs\"", "--grid", "lr=1e-3", "--emit", "pbs",
                dir.resolve("x").toString());
        assertUsage("--halving: expected no --emit (each array task trains one trial to --epochs; halving needs "
                + "every trial's results); run the halving sweep locally", "--grid", "lr=1e-3", "--halving",
                "--min-epochs", "2", "--emit", "slurm", dir.resolve("x").toString());
    }

    @Test
    void missingOutAndStdin() {
        SweepFixture.Result r = SweepFixture.run("sweep", "--grid", "lr=1", data.toString());
        assertEquals(2, r.code());
        assertEquals("rnn: Missing required option: '--out=DIR' (the sweep's directory) (see 'rnn sweep --help')",
                r.lastErrLine());
        r = SweepFixture.run("sweep", "--out", dir.resolve("never").toString(), "--grid", "lr=1", "-");
        assertEquals(2, r.code());
        assertEquals("rnn: DATA.csv: expected a file (every trial reads it), got - (standard input) (see 'rnn sweep "
                + "--help')", r.lastErrLine());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "s1.yaml|`options: {epochs: 2}\ngird: {lr: [1]}\n`|s1.yaml (gird): unknown field; expected one of data, "
            + "options, grid, random, halving",
        "s2.yaml|`grid: {lr: 0.1}\n`|s2.yaml (grid.lr): expected a non-empty list of values, got a number",
        "s3.yaml|`grid: {lr: [0.1, 0.1]}\n`|s3.yaml (grid.lr[1]): the value \"0.1\" is given twice; give each value "
            + "once",
        "s4.yaml|`random: {trials: 0, space: {lr: \"uniform(0,1)\"}}\n`|s4.yaml (random.trials): expected a whole "
            + "number from 1 to 1000, got 0",
        "s5.yaml|`random: {trials: 3, space: {lr: \"normal(0,1)\"}}\n`|s5.yaml (random.space.lr): expected "
            + "log-uniform(LO,HI), uniform(LO,HI), int(LO,HI) or choice(V1,V2,...), got \"normal(0,1)\"",
        "s6.yaml|`grid: {lr: [0.1]}\nhalving: {eta: 1}\n`|s6.yaml (halving.eta): expected a whole number from 2 to "
            + "100, got 1",
        "s7.yaml|`grid: {lr: [0.1]\n`|s7.yaml:1:17: not valid YAML (while parsing a flow mapping); fix the file",
        "s8.json|`{\"grid\": {\"lr\": [0.1]}, \"grid\": {\"lr\": [0.2]}}`|s8.json:1:31: not valid JSON (Duplicate "
            + "field 'grid'); fix the file",
        "s9.yaml|`options: {out: x}\ngrid: {lr: [0.1]}\n`|s9.yaml (options.out): \"out\" cannot be swept (the "
            + "sweep's --out is its directory; each trial trains into DIR/trial-NNN)",
        "s10.yaml|`grid: {lr: [[1]]}\n`|s10.yaml (grid.lr[0]): expected a text or a number, got a list",
        "s11.yaml|`grid: {lr: [0.1]}\nrandom: {trials: 2}\n`|s11.yaml (random): expected either grid or random, got "
            + "both; keep one",
        "s12.yaml|`random: {trials: 2, spaces: {}}\n`|s12.yaml (random.spaces): unknown field; expected one of space,"
            + " trials",
        "s13.yaml|`random: {trials: 2.5, space: {lr: \"uniform(0,1)\"}}\n`|s13.yaml (random.trials): expected a whole"
            + " number from 1 to 1000, got 2.5",
        "s14.yaml|`[1, 2]\n`|s14.yaml: expected an object of data, options, grid, random, halving, got a list",
        "s15.yaml|`grid: {hidden: [4]}\noptions: {cel: lstm}\n`|s15.yaml (options.cel): \"cel\" is not an option of "
            + "rnn train; did you mean \"cell\"?",
        "s16.yaml|`grid: {lr: [0.1]}\nhalving: {min_epochs: 0}\n`|s16.yaml (halving.min_epochs): expected a whole "
            + "number from 1 to 2147483647, got 0",
        "s17.yaml|`grid: {lr: [0.1]}\nrandom: {trials: 2}\n`|s17.yaml (random): expected either grid or random, got "
            + "both; keep one",
        "s18.yaml|`a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n`|s18.yaml (a): "
            + "unknown field; expected one of data, options, grid, random, halving",
        "s20.yaml|`grid: {lr: [0.1]}\ngrid: {lr: [0.2]}\n`|s20.yaml:2:5: not valid YAML (Duplicate field 'grid'); fix"
            + " the file",
        "s19.txt|`grid: {lr: [0.1]}\n`|--spec s19.txt: expected a .json, .yaml or .yml file, got \"s19.txt\"; rename"
            + " it to say its format",
    })
    void badSpec(String name, String text, String message) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        assertUsage(message.replaceFirst(java.util.regex.Pattern.quote(name), file.toString()), "--spec",
                file.toString());
    }

    @Test
    void specFileLimits() throws IOException {
        assertUsage("--spec " + dir.resolve("missing.yaml") + ": no such file; give the path of a spec file", "--spec",
                dir.resolve("missing.yaml").toString());
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "grid: {lr: [0.1]}\n#" + "x".repeat(70_000) + "\n");
        assertUsage("--spec " + big + ": " + Files.size(big) + " bytes, more than the limit of 65536; a spec holds "
                + "options and a search, not data", "--spec", big.toString());
    }

    @Test
    void badDataIsOneErrorBeforeAnyTrial() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "t,value\n1,2\n2,x\n3,4\n");
        Path out = dir.resolve("bad-sweep");
        try (LogCapture log = new LogCapture()) {
            SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(out, bad, "--grid", "lr=1e-3,1e-2"));
            assertEquals(3, r.code(), log.text());
            assertTrue(log.text().contains("error: " + bad + ":3:2 (column \"value\"): expected a number (a target), "
                    + "got \"x\"; fix the value or use --missing-target drop|interpolate\n"), log.text());
            assertEquals(1, log.text().split("error: ", -1).length - 1, "reported once: " + log.text());
        }
        assertFalse(Files.exists(out));
        try (LogCapture log = new LogCapture()) {
            SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(out, data, "--grid", "window=5,200"));
            assertEquals(3, r.code(), log.text());
            assertTrue(log.text().contains("error: trial-001 (window=200): " + data + ": expected at least --window + "
                    + "--horizon = 201 rows, got 60; lower --window or --horizon, or add rows\n"), log.text());
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void aDirectoryOfSomethingElseIsRefused() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        SweepFixture.Result r = SweepFixture.run(SweepFixture.sweep(other, data, "--grid", "lr=1e-3", "--emit",
                "slurm", dir.resolve("jobs-unused").toString()));
        assertEquals(0, r.code(), "emit writes scripts only");
        r = SweepFixture.run(SweepFixture.sweep(other, data, "--grid", "lr=1e-3", "--epochs", "1"));
        assertEquals(2, r.code(), r.err());
        assertEquals("rnn: --out " + other + ": not empty and holds no sweep.json (not a sweep's directory); choose "
                + "an empty or new --out (see 'rnn sweep --help')", r.lastErrLine());
    }
}
