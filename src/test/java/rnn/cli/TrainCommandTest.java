package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import rnn.io.Checkpoint;
import rnn.io.SafeTensors;

/** {@code rnn train} end to end, in a child JVM: the run directory, stdout/stderr discipline and exit codes. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void aRunLeavesACompleteRunDirectory() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--cell", "gru", "--gru-variant", "classic", "--hidden", "8", "--epochs",
                "4", "--keep", "2", "--out", "run", Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out(), "stdout is for results only");
        Path run = dir.resolve("run");
        for (String f : List.of("config.json", "summary.json", "train.log", "loss.csv", "loss.png", "best.safetensors",
                "last.safetensors")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        try (var files = Files.list(run.resolve("checkpoints"))) {
            assertEquals(List.of("epoch-0003.safetensors", "epoch-0004.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        List<String> loss = Files.readAllLines(run.resolve("loss.csv"));
        assertEquals("epoch,train_loss,val_loss,lr,grad_norm,seconds", loss.get(0));
        assertEquals(5, loss.size());
        // what was understood, stated first
        // the "date" column is taken as the time column (issue 12), and said so
        assertTrue(r.err().contains("layout: window, 1 series, ordered by \"date\"; window 20, horizon 1, stride 1:"
                + " 289 windows"), r.err());
        assertTrue(r.err().contains("time: \"date\" (dates in increasing order: taken as the time column; name"
                + " another with --time)"), r.err());
        // GRU, H = 8, I = 1, one bias: 3·8·(1 + 8) + 3·8, head 8 + 1
        assertTrue(r.err().contains("model: 249 parameters"), r.err());
        assertTrue(Files.readString(run.resolve("train.log")).contains("epoch 4: train"));
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(3, config.at("/format_version").asInt());
        assertEquals("gru", config.at("/model/cell").asText());
        assertEquals("[8]", config.at("/model/hidden").toString());
        assertTrue(config.at("/training/lr").isNumber());
        assertEquals(0.001, config.at("/training/lr").doubleValue(), 0.0, "defaults are recorded too");
        assertEquals(5.0, config.at("/training/clip_norm").doubleValue(), 0.0);
        assertEquals(20, config.at("/data/window").asInt());
        assertEquals(64, config.at("/input/sha256").asText().length());
        assertEquals("window", config.at("/schema/contract/layout").asText());
        // checkpoints carry PyTorch names and the metadata
        Checkpoint c = Checkpoint.read(run.resolve("last.safetensors"));
        assertEquals("4", c.metadata().get("epoch"));
        assertTrue(c.metadata().containsKey("schema"));
        assertArrayEquals(new long[] {24, 1},
                SafeTensors.read(run.resolve("last.safetensors")).tensor("layers.0.weight_ih_l0").shape());
    }

    @Test
    void jsonPutsTheSummaryAndNothingElseOnStdout() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--out", "run", "--json",
                Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("completed", s.get("status").asText());
        assertEquals(2, s.get("epochs").asInt());
        assertTrue(s.get("final_val_loss").isNumber());
        assertEquals(s, new ObjectMapper().readTree(dir.resolve("run/summary.json").toFile()));
    }

    /**
     * summary.json carries numbers as JSON numbers and null where a value is undefined (no validation data here);
     * the run's config.json given to --config repeats the run exactly (same losses), options typed on the command
     * line (--out) overriding the file's.
     */
    @Test
    void summaryNumbersAreTypedAndConfigJsonRepeatsTheRun() throws Exception {
        Cli.Result a = Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--val-split", "0", "--out", "a",
                "--json", Cli.sunspots().toString());
        assertEquals(0, a.code(), a.err());
        JsonNode s = new ObjectMapper().readTree(dir.resolve("a/summary.json").toFile());
        assertEquals("completed", s.get("status").asText());
        assertTrue(s.get("final_val_loss").isNull(), s.toString());
        assertTrue(s.get("final_train_loss").isNumber(), s.toString());
        assertTrue(s.get("best_loss").isNumber(), s.toString());
        assertEquals(s.get("final_train_loss"), s.get("best_loss"), "best = last epoch's training loss here");
        assertEquals("train", s.get("best_loss_is").asText());
        assertFalse(Files.readString(dir.resolve("a/summary.json")).contains("NaN"));

        Cli.Result b = Cli.run(dir, "train", "--config", "a/config.json", "--out", "b");
        assertEquals(0, b.code(), b.err());
        JsonNode ca = new ObjectMapper().readTree(dir.resolve("a/config.json").toFile());
        JsonNode cb = new ObjectMapper().readTree(dir.resolve("b/config.json").toFile());
        for (String section : List.of("model", "training", "data", "input")) {
            assertEquals(ca.get(section), cb.get(section), section);
        }
        assertEquals(Path.of("b").toAbsolutePath().getFileName().toString(),
                Path.of(cb.at("/output/out").asText()).getFileName().toString());
        assertEquals(Files.readAllLines(dir.resolve("a/loss.csv")).stream().map(l -> l.substring(0,
                l.lastIndexOf(','))).toList(), Files.readAllLines(dir.resolve("b/loss.csv")).stream().map(l ->
                l.substring(0, l.lastIndexOf(','))).toList());
    }

    @Test
    void quietPrintsNothingOnSuccess() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run", "--quiet",
                Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals("", r.out());
    }

    @Test
    void noTerminalMeansPlainLinesWithoutCarriageReturns() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--out", "run",
                Cli.sunspots().toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("\r"));
        assertEquals(2, r.err().lines().filter(l -> l.startsWith("epoch ")).count(), r.err());
    }

    @Test
    void aNonEmptyOutIsRefusedUnlessOverwrite() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/notes.txt"), "keep me");
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--out", "run", Cli.sunspots().toString());
        assertEquals(2, r.code());
        assertEquals("rnn: --out run: exists and is not empty; choose another --out, add --overwrite to replace the "
                + "earlier run, or --resume it (see 'rnn train --help')", r.lastErrLine());
        Cli.Result again = Cli.run(dir, "train", "--hidden", "4", "--epochs", "1", "--out", "run", "--overwrite",
                Cli.sunspots().toString());
        assertEquals(0, again.code(), again.err());
        assertEquals("keep me", Files.readString(dir.resolve("run/notes.txt")), "only run files are replaced");
    }

    @Test
    void anUnwritableOutIsAnIoError() throws Exception {
        Files.writeString(dir.resolve("file"), "x");
        Cli.Result r = Cli.run(dir, "train", "--epochs", "1", "--out", "file/run", Cli.sunspots().toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.lastErrLine().startsWith("error: --out file/run: cannot create the run directory ("),
                r.lastErrLine());
        assertTrue(r.lastErrLine().endsWith("); choose a writable --out"), r.lastErrLine());
    }

    @Test
    void badFlagsAreUsageErrors() throws Exception {
        assertUsage("rnn: --cell: expected one of rnn, gru, lstm, got \"transformer\" (see 'rnn train --help')",
                "--cell", "transformer");
        assertUsage("rnn: --activation relu: only the simple RNN (--cell rnn) takes an activation; gru uses fixed "
                + "sigmoid and tanh gates (see 'rnn train --help')", "--activation", "relu");
        assertUsage("rnn: --hidden: expected positive integers separated by commas, got \"64,0\" (see 'rnn train "
                + "--help')", "--hidden", "64,0");
        assertUsage("rnn: --epochs: expected a whole number, got \"ten\" (see 'rnn train --help')", "--epochs", "ten");
        assertUsage("rnn: --lr: expected a positive number, got -1.0 (see 'rnn train --help')", "--lr", "-1");
        assertUsage("rnn: --momentum: expected 0 with --optimizer adam (momentum applies to sgd and rmsprop), got 0.9 "
                + "(see 'rnn train --help')", "--momentum", "0.9");
        assertUsage("rnn: --log-level: expected one of error, warn, info, debug, trace, got \"loud\" (see 'rnn train "
                + "--help')", "--log-level", "loud");
    }

    @Test
    void missingDataFileIsADataError() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--out", "run", "nothing.csv");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.lastErrLine().startsWith("error: nothing.csv: "), r.lastErrLine());
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug");
    }

    @Test
    void tbpttLongerThanTheWindowIsRefused() throws Exception {
        Cli.Result r = Cli.run(dir, "train", "--tbptt", "30", "--out", "run", Cli.sunspots().toString());
        r.assertError(2, "rnn: --tbptt 30: longer than the sequences (20 steps), so it would truncate nothing; use a "
                + "value of at most 20 or 0 for full BPTT (see 'rnn train --help')");
    }

    @Test
    void dataErrorsNameFileLineAndColumn() throws Exception {
        Path csv = dir.resolve("bad.csv");
        StringBuilder b = new StringBuilder("t,temp\n");
        for (int i = 0; i < 40; i++) {
            b.append(i).append(',').append(i == 30 ? "n/a" : Double.toString(Math.sin(i))).append('\n');
        }
        Files.writeString(csv, b);
        Cli.Result r = Cli.run(dir, "train", "--out", "run", "bad.csv");
        // temp is the target (the last column): a missing target has its own option (issue 12)
        r.assertError(3, "error: bad.csv:32:2 (column \"temp\"): expected a number (a target), got \"n/a\"; fix the"
                + " value or use --missing-target drop|interpolate");
        Cli.Result unknown = Cli.run(dir, "train", "--target", "tmp", "--out", "run2", "bad.csv");
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.lastErrLine().startsWith("rnn: --target: expected a column of bad.csv (t, temp) or a "
                + "0-based index, got \"tmp\""), unknown.lastErrLine());
    }

    @Test
    void plotFormatIsHonoured() throws Exception {
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--plot", "svg", "--out", "svg",
                Cli.sunspots().toString()).code());
        assertTrue(Files.readString(dir.resolve("svg/loss.svg")).contains("<svg"));
        assertFalse(Files.exists(dir.resolve("svg/loss.png")));
        assertEquals(0, Cli.run(dir, "train", "--hidden", "4", "--epochs", "2", "--plot", "none", "--out", "none",
                Cli.sunspots().toString()).code());
        assertFalse(Files.exists(dir.resolve("none/loss.png")));
        assertFalse(Files.exists(dir.resolve("none/loss.svg")));
    }

    private void assertUsage(String expected, String... flags) throws Exception {
        String[] args = new String[flags.length + 4];
        args[0] = "train";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[flags.length + 1] = "--out";
        args[flags.length + 2] = "run-" + flags[0].substring(2);
        args[flags.length + 3] = Cli.sunspots().toString();
        Cli.Result r = Cli.run(dir, args);
        r.assertError(2, expected);
        assertEquals("", r.out());
    }
}
