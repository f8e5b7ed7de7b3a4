package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn train --stateful} as a user runs it (child JVMs): what it says, config.json, and every refusal. */
class StatefulRunTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void text() throws IOException {
        Files.writeString(dir.resolve("tiny.txt"), TextRunTest.corpus(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("series.csv"), "x,y\n1,2\n2,3\n3,4\n4,5\n5,6\n6,7\n7,8\n8,9\n",
                StandardCharsets.UTF_8);
    }

    @Test
    void aStatefulRunSaysItsStreamsAndRecordsTheFlag() throws IOException, InterruptedException {
        int n = TextRunTest.corpus().length();
        int train = (int) Math.floor(0.9 * n);
        Cli.Result r = Cli.run(dir, "train", "tiny.txt", "--stateful", "--batch-size", "4", "--hidden", "8",
                "--epochs", "1", "--window", "20", "--out", "s");
        assertEquals(0, r.code(), r.err());
        int valStreams = Math.min(4, (n - train - 1) / 20);
        assertTrue(r.err().contains("stateful: the training part as 4 streams of " + (train - 1) / 4 / 20
                + " windows each, the validation part as " + valStreams + " streams of "
                + (n - train - 1) / valStreams / 20 + " windows; the state carries over from batch to batch, reset at"
                + " each epoch"), r.err());
        String config = Files.readString(dir.resolve("s/config.json"));
        assertTrue(config.contains("\"stateful\" : true"), config);
        Cli.Result inspect = Cli.run(dir, "inspect", "s");
        assertTrue(inspect.out().contains("--stateful"), inspect.out());
    }

    @Test
    void aResumedStatefulRunStaysStatefulAndEqualsAStraightOne() throws IOException, InterruptedException {
        String[] common = {"--stateful", "--batch-size", "4", "--hidden", "8", "--window", "20", "--seed", "3"};
        Cli.Result a = Cli.run(dir, concat(new String[] {"train", "tiny.txt", "--epochs", "1", "--out", "r"}, common));
        assertEquals(0, a.code(), a.err());
        Cli.Result b = Cli.run(dir, "train", "--resume", "r", "--epochs", "2");
        assertEquals(0, b.code(), b.err());
        Cli.Result c = Cli.run(dir, concat(new String[] {"train", "tiny.txt", "--epochs", "2", "--out", "straight"},
                common));
        assertEquals(0, c.code(), c.err());
        assertEquals(lossWithoutSeconds(dir.resolve("straight/loss.csv")), lossWithoutSeconds(dir.resolve("r/loss.csv")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static java.util.List<String> lossWithoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.replaceAll(",[^,]*,([^,]*)$", ",,$1")).toList();
    }

    @Test
    void statefulWhereItMakesNoSenseIsRefused() throws IOException, InterruptedException {
        Cli.run(dir, "train", "series.csv", "--stateful", "--target", "y", "--window", "2", "--out", "w")
                .assertError(2, "rnn: --stateful: expected --layout text (streams of a token stream), got --layout "
                        + "window; leave --stateful out (see 'rnn train --help')");
        Cli.run(dir, "train", "tiny.txt", "--stateful", "--tbptt", "5", "--out", "t").assertError(2,
                "rnn: --stateful: expected --tbptt 0 (with --stateful each window is the truncation: gradients stop at"
                        + " its edges, the state carries on), got --tbptt 5; leave out --tbptt or --stateful, or use "
                        + "--window 5 (see 'rnn train --help')");
        Cli.run(dir, "train", "tiny.txt", "--stateful", "--window", "20", "--stride", "10", "--out", "st")
                .assertError(2, "rnn: --stride: expected the window (20) with --stateful (each stream's windows follow"
                        + " one another), got 10; leave --stride out (see 'rnn train --help')");
        Cli.run(dir, "train", "tiny.txt", "--stateful", "--bidirectional", "--out", "b").assertError(2,
                "rnn: --bidirectional: expected none with --layout text (the reverse direction would read the tokens "
                        + "it predicts); leave --bidirectional out (see 'rnn train --help')");
        int train = (int) Math.floor(0.9 * TextRunTest.corpus().length());
        Cli.run(dir, "train", "tiny.txt", "--stateful", "--batch-size", "1000", "--window", "20", "--out", "l")
                .assertError(3, "error: tiny.txt: expected at least 20001 tokens in the training part for --stateful"
                        + " (--batch-size 1000 streams of at least one window of 20, and the token after), got " + train
                        + "; use a smaller --batch-size or --window, or a longer text");
    }
}
