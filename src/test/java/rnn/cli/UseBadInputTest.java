package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import rnn.io.SafeTensors;

/**
 * Every bad input of predict, eval and inspect in a child JVM, as a user meets it: the exit code and the exact
 * one-line message on stderr (a model error names the file and what is wrong; a data error names the column).
 */
class UseBadInputTest extends SmallRunTest {

    @Test
    void aMissingModelIsExitFour() throws Exception {
        Cli.Result r = Cli.run(dir, "predict", "--model", "nothing.safetensors", UseFixture.sunspots().toString());
        r.assertError(4, "error: nothing.safetensors: no such checkpoint file; check the path");
        Files.createDirectories(dir.resolve("empty-run"));
        Cli.Result run = Cli.run(dir, "eval", "--model", "empty-run", UseFixture.sunspots().toString());
        run.assertError(4, "error: empty-run: has no best.safetensors; is it a run directory of rnn train that "
                + "finished at least one epoch? (or name a checkpoint file)");
        Cli.Result inspect = Cli.run(dir, "inspect", "empty-run");
        inspect.assertError(4, "error: empty-run: has no best.safetensors; is it a run directory of rnn train that "
                + "finished at least one epoch? (or name a checkpoint file)");
        Cli.Result resume = Cli.run(dir, "train", "--resume", "empty-run");
        resume.assertError(4, "error: empty-run: has no last.safetensors; is it a run directory of rnn train that "
                + "finished at least one checkpoint?");
        for (Cli.Result each : new Cli.Result[] {r, run, inspect, resume}) {
            assertFalse(each.err().contains("\tat "), "no stack trace without --debug");
            assertEquals("", each.out());
        }
    }

    @Test
    void aCorruptModelIsExitFour() throws Exception {
        byte[] b = Files.readAllBytes(dir.resolve("run/best.safetensors"));
        b[b.length - 3] ^= 1;
        Files.write(dir.resolve("corrupt.safetensors"), b);
        Cli.Result r = Cli.run(dir, "predict", "--model", "corrupt.safetensors", UseFixture.sunspots().toString());
        r.assertError(4, "error: corrupt.safetensors: corrupt checkpoint: the tensor bytes do not match their SHA-256 "
                + "checksum (the file was modified or damaged); use another checkpoint (the run directory keeps the last "
                + "few)");
        Files.write(dir.resolve("truncated.safetensors"), java.util.Arrays.copyOf(b, 100));
        Cli.Result t = Cli.run(dir, "inspect", "truncated.safetensors");
        t.assertError(4, "error: truncated.safetensors: corrupt checkpoint: the header length is " + headerLength(b)
                + " bytes but only 92 follow (the file is truncated); use another checkpoint (the run directory keeps "
                + "the last few)");
    }

    @Test
    void aCheckpointOfANewerFormatVersionIsExitFour() throws Exception {
        SafeTensors.Contents c = SafeTensors.read(dir.resolve("run/best.safetensors"));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(SafeTensors.CHECKSUM_KEY);
        meta.put("format_version", "4");
        SafeTensors.write(dir.resolve("v3.safetensors"), c.tensors(), meta);
        Cli.Result r = Cli.run(dir, "eval", "--model", "v3.safetensors", UseFixture.sunspots().toString());
        r.assertError(4, "error: v3.safetensors: written by a newer rnn (checkpoint format version 4; this rnn reads "
                + "up to version 3); upgrade rnn to read it");
    }

    @Test
    void aStateDictWithoutSchemaIsExitFour() throws Exception {
        PredictCommandTest.writeF32StateDict(SafeTensors.read(dir.resolve("run/best.safetensors")),
                dir.resolve("torch.safetensors"));
        Cli.Result r = Cli.run(dir, "predict", "--model", "torch.safetensors", UseFixture.sunspots().toString());
        r.assertError(4, "error: torch.safetensors: not an rnn checkpoint (its metadata has no format "
                + "\"rnn-checkpoint\"); a PyTorch state dict is read by 'rnn predict --schema config.json'");
    }

    @Test
    void dataLackingAColumnTheModelNeedsIsExitThree() throws Exception {
        Path data = dir.resolve("renamed.csv");
        Files.writeString(data, Files.readString(UseFixture.sunspots()).replaceFirst("sunactivity", "spots"));
        Cli.Result r = Cli.run(dir, "predict", "--model", "run", "renamed.csv");
        r.assertError(3, "error: renamed.csv: expected the columns the model uses (sunactivity), got a header without "
                + "\"sunactivity\"; add the column (names are case-sensitive) or check --delimiter");
        assertEquals("", r.out());
    }

    /** eval: a class training never saw counts as wrong, with one warning giving the count; not an error. */
    @Test
    void anUnseenClassIsOneWarningWithTheCount() throws Exception {
        Path train = EvalCommandTest.classificationData(dir, "train.csv", 0);
        UseFixture.train(train, dir.resolve("cls"), "id", "seq", "target", "label", "loss", "xent", "cell", "rnn",
                "hidden", "3", "epochs", "1");
        EvalCommandTest.classificationData(dir, "test.csv", 7);
        Cli.Result r = Cli.run(dir, "eval", "--model", "cls", "test.csv");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("warning: ")).count(), r.err());
        assertEquals("warning: 9 of 60 sequences have a class training never saw (\"sideways\"): counted as wrong, "
                + "left out of log-loss", r.err().lines().filter(l -> l.startsWith("warning: ")).findFirst()
                .orElseThrow());
    }

    private static long headerLength(byte[] b) {
        return java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
