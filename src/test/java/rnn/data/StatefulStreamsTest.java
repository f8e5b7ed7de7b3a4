package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --stateful}'s stream layout (char-rnn's) on tiny texts worked by hand. */
class StatefulStreamsTest {

    @TempDir
    Path dir;

    private LoadedData load(String text, int window, double valSplit) throws IOException {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return DataLoader.load(f, TextLayoutTest.text(window, window, valSplit, TokenKind.CHAR, 1, 100));
    }

    @Test
    void batchJHoldsWindowJOfEveryStream() throws IOException {
        // 26 tokens, no validation, B = 3, T = 3: L = floor(25 / 3) = 8 input tokens per stream (a-h, i-p, q-x;
        // y is the target of x, z is not read), J = floor(8 / 3) = 2 windows per stream (g, h unread).
        LoadedData d = load("abcdefghijklmnopqrstuvwxyz", 3, 0).inStreams(3);
        assertEquals(3, d.train().streams());
        assertEquals(List.of("abc>bcd", "ijk>jkl", "qrs>rst", "def>efg", "lmn>mno", "tuv>uvw"),
                TextLayoutTest.windows(d.train()));
        // read in order, batch 1 is rows 3..5: window 1 of streams 0, 1, 2
        BatchIterator it = d.train().batches(3, null);
        Batch b = d.train().newBatch(3);
        it.next(b);
        it.next(b);
        assertEquals(3, b.size());
        assertEquals(List.of('d', 'l', 't'), List.of(d.train().className((int) b.x()[0]).charAt(0),
                d.train().className((int) b.x()[1]).charAt(0), d.train().className((int) b.x()[2]).charAt(0)));
        assertEquals(false, it.next(b));
    }

    @Test
    void validationHasItsOwnStreamsAtMostB() throws IOException {
        // 20 tokens, F = 0.4: training "abcdefghijkl" (12), validation "mnopqrst" (8). T = 2, B = 4:
        // training L = floor(11 / 4) = 2, J = 1: streams at a, c, e, g; validation holds floor(7 / 2) = 3 streams
        // of at least one window (< 4): L = floor(7 / 3) = 2, J = 1: streams at m, o, q.
        LoadedData d = load("abcdefghijklmnopqrst", 2, 0.4).inStreams(4);
        assertEquals(List.of("ab>bc", "cd>de", "ef>fg", "gh>hi"), TextLayoutTest.windows(d.train()));
        assertEquals(3, d.validation().streams());
        assertEquals(List.of("<unk><unk>><unk><unk>", "<unk><unk>><unk><unk>", "<unk><unk>><unk><unk>"),
                TextLayoutTest.windows(d.validation()));
        assertEquals(3, d.validation().size());
    }

    @Test
    void aTrainingPartTooShortForBStreamsIsADataError() throws IOException {
        // 26 tokens: at most floor(25 / 3) = 8 streams of one window of 3
        LoadedData d = load("abcdefghijklmnopqrstuvwxyz", 3, 0);
        assertEquals(8, d.inStreams(8).train().size());
        DataException e = assertThrows(DataException.class, () -> d.inStreams(9));
        assertEquals(DataException.DATA, e.exitCode());
        assertEquals(dir.resolve("t.txt") + ": expected at least 28 tokens in the training part for {{stateful}} ({{batch_size}} 9 "
                + "streams of at least one window of 3, and the token after), got 26; use a smaller {{batch_size}} or"
                + " {{window}}, or a longer text", e.getMessage());
    }
}
