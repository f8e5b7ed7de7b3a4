package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text layout: split, windows, vocabulary, tokens and bad inputs, each against values worked by hand. */
class TextLayoutTest {

    @TempDir
    Path dir;

    static DataOptions text(int window, int stride, double valSplit, TokenKind kind, int minCount, int maxVocab) {
        return DataOptions.builder(1).layout(Layouts.named("text").orElseThrow()).window(window).stride(stride)
                .valSplit(valSplit).output(TargetMode.SEQUENCE).classification(true)
                .text(new TextOptions(kind, minCount, maxVocab)).build();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path file(String text) throws IOException {
        return file("t.txt", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The ids of every window of {@code d}: rows of [inputs..., targets...] read through a batch. */
    static List<String> windows(Dataset d) {
        Batch b = d.newBatch(d.size());
        int[] order = new int[d.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        d.fill(order, 0, d.size(), b);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < d.size(); k++) {
            StringBuilder in = new StringBuilder();
            StringBuilder next = new StringBuilder();
            for (int t = 0; t < b.steps(); t++) {
                in.append(d.className((int) b.x()[t * b.size() + k]));
                next.append(d.className((int) b.targets()[t * b.size() + k]));
            }
            out.add(in + ">" + next);
        }
        return out;
    }

    @Test
    void splitAndWindowsFollowTheRuleWorkedByHand() throws IOException {
        // N = 10, F = 0.4: training = the first floor(0.6·10) = 6 tokens "abcdef", validation "ghij".
        // T = 3, S = 2: training windows at 0 and 2 (a third at 4 would need token 7 as its last target),
        // validation one window at 6.
        LoadedData d = DataLoader.load(file("abcdefghij"), text(3, 2, 0.4, TokenKind.CHAR, 1, 100));
        assertEquals(List.of("<unk>", "a", "b", "c", "d", "e", "f"), d.contract().classes());
        assertEquals(List.of("abc>bcd", "cde>def"), windows(d.train()));
        // g..j are not in the training vocabulary: <unk>
        assertEquals(List.of("<unk><unk><unk>><unk><unk><unk>"), windows(d.validation()));
        assertEquals(List.of("4 validation tokens are not in the training part's vocabulary: read as <unk>"),
                d.report().warnings());
        assertEquals(10, d.report().rows());
        assertEquals(1, d.contract().inputs());
        assertEquals(7, d.contract().outputs());
        assertEquals(TokenKind.CHAR, d.contract().shape().tokens());
        assertTrue(d.schema().describe().contains("layout: text, window 3, stride 2: 2 training windows of 6 tokens,"
                + " 1 validation windows of 4 tokens (validation = the last 40% of the tokens)"),
                d.schema().describe().toString());
    }

    @Test
    void strideOneGivesEveryWindowAndNoValidationKeepsAllTokens() throws IOException {
        LoadedData d = DataLoader.load(file("abcab"), text(2, 1, 0, TokenKind.CHAR, 1, 100));
        assertEquals(List.of("ab>bc", "bc>ca", "ca>ab"), windows(d.train()));
        assertNull(d.validation());
    }

    @Test
    void charactersAreCodePointsNeverUtf16Halves() throws IOException {
        // U+1F600 is two UTF-16 units but one token
        LoadedData d = DataLoader.load(file("a\uD83D\uDE00b\uD83D\uDE00a"), text(2, 1, 0, TokenKind.CHAR, 1, 100));
        assertEquals(List.of("<unk>", "a", "b", "\uD83D\uDE00"), d.contract().classes());
        assertEquals(5, d.report().rows());
        assertEquals(List.of("a\uD83D\uDE00>\uD83D\uDE00b", "\uD83D\uDE00b>b\uD83D\uDE00",
                "b\uD83D\uDE00>\uD83D\uDE00a"), windows(d.train()));
    }

    @Test
    void wordsNumbersAndPunctuationAreTokensAndLineBreaksAreKept() throws IOException {
        LoadedData d = DataLoader.load(file("Don't  stop, 3.14 apples!\r\nEnd 1,000 x.y"),
                text(10, 1, 0, TokenKind.WORD, 1, 100));
        // 12 tokens: Don't stop , 3.14 apples ! \n End 1,000 x . y
        assertEquals(12, d.report().rows());
        assertEquals(List.of("Don'tstop,3.14apples!\nEnd1,000x>stop,3.14apples!\nEnd1,000x.",
                "stop,3.14apples!\nEnd1,000x.>,3.14apples!\nEnd1,000x.y"), windows(d.train()));
        assertEquals("Don't stop, 3.14 apples!\nEnd", join(TokenKind.WORD,
                "Don't", "stop", ",", "3.14", "apples", "!", "\n", "End"));
    }

    private static String join(TokenKind kind, String... tokens) {
        StringBuilder b = new StringBuilder();
        String prev = null;
        for (String t : tokens) {
            b.append(kind.joined(prev, t));
            prev = t;
        }
        return b.toString();
    }

    @Test
    void minCountMapsRareSymbolsToUnkFromTheTrainingPartOnly() throws IOException {
        // training part "aabab c" (7 of 10 tokens, F = 0.3): a 3, b 2, ' ' 1, c 1 → with K = 2: <unk>, a, b
        LoadedData d = DataLoader.load(file("aabab cccc"), text(2, 1, 0.3, TokenKind.CHAR, 2, 100));
        assertEquals(List.of("<unk>", "a", "b"), d.contract().classes());
        assertEquals(List.of("2 training tokens are rarer than the minimum count 2: read as <unk>",
                "3 validation tokens are not in the training part's vocabulary: read as <unk>"),
                d.report().warnings());
    }

    private static DataException error(Path f, DataOptions o) {
        return assertThrows(DataException.class, () -> DataLoader.load(f, o));
    }

    @Test
    void badInputsAreOneLineWithTheirExitCode() throws IOException {
        DataOptions o = text(3, 1, 0, TokenKind.CHAR, 1, 100);
        Path empty = file("e.txt", new byte[0]);
        DataException e = error(empty, o);
        assertEquals(3, e.exitCode());
        assertEquals(empty + ": expected a UTF-8 text, got an empty file; give a file with text in it", e.getMessage());

        Path latin1 = file("l.txt", new byte[] {'a', 'b', (byte) 0xE9, 'c'});
        e = error(latin1, o);
        assertEquals(3, e.exitCode());
        assertEquals(latin1 + ": byte offset 2: expected UTF-8 text, got the byte 0xE9, which is not valid UTF-8 there;"
                + " convert the file to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)", e.getMessage());

        Path binary = file("b.txt", new byte[] {'a', 'b', 'c', 'd', 0, 1});
        e = error(binary, o);
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().startsWith(binary + ": byte offset 4 is a NUL byte: this looks like a binary file"),
                e.getMessage());

        Path surrogate = file("s.txt", new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        assertTrue(error(surrogate, o).getMessage().contains("byte offset 1: expected UTF-8 text, got the byte 0xED"));

        Path cut = file("c.txt", new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82});
        assertTrue(error(cut, o).getMessage().contains("byte offset 2: expected UTF-8 text, got the file ending inside"
                + " a character"));

        Path shortText = file("abc");
        e = error(shortText, o);
        assertEquals(3, e.exitCode());
        assertEquals(shortText + ": expected at least 4 tokens in the training part (the window of 3 and the token "
                + "after it), got 3 (the first 3 of 3 char tokens); use a smaller {{window}} or a longer text",
                e.getMessage());

        e = error(file("abcdefghij"), text(3, 1, 0.2, TokenKind.CHAR, 1, 100));
        assertTrue(e.getMessage().contains("expected at least 4 tokens in the validation part (the window of 3 and the"
                + " token after it), got 2 (the last 2 of 10 char tokens)"), e.getMessage());

        Path many = file("abcdefgh");
        e = error(many, text(3, 1, 0, TokenKind.CHAR, 1, 5));
        assertEquals(2, e.exitCode());
        assertEquals(many + ": the vocabulary of the training part has 9 symbols (with <unk>), more than"
                + " {{max_vocab}} 5; raise {{max_vocab}} or use {{min_count}} to read rare symbols as <unk>",
                e.getMessage());
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        LoadedData d = DataLoader.load(file("b.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', 'b', 'a'}),
                text(1, 1, 0, TokenKind.CHAR, 1, 100));
        assertEquals(List.of("<unk>", "a", "b"), d.contract().classes());
    }

    @Test
    void theStoredVocabularyIsCheckedOnLoad() throws IOException {
        LoadedData d = DataLoader.load(file("abcabc"), text(2, 1, 0, TokenKind.CHAR, 1, 100));
        DataSchema good = d.schema();
        ContractCheck.check(DataSchema.fromJson(good.toJson()));
        assertEquals(good.contract().classes(), DataSchema.fromJson(good.toJson()).contract().classes());
        assertEquals(TokenKind.CHAR, DataSchema.fromJson(good.toJson()).contract().shape().tokens());
        assertBad(good, List.of("a", "<unk>", "b", "c"), "contract.classes[0] is \"a\", expected \"<unk>\"");
        assertBad(good, List.of("<unk>", "ab", "b", "c"),
                "contract.classes[1] is \"ab\", expected one character (a Unicode code point)");
        InputContract c = good.contract();
        InputContract noKind = new InputContract(c.layout(), LayoutShape.windows(2, 1, 1), c.columns(), c.inputs(),
                c.outputs(), c.output(), c.classes(), c.scaling(), c.missing());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContractCheck.check(new DataSchema(noKind, good.report())));
        assertEquals("contract.shape.tokens is null, expected char or word (the text layout needs it)", e.getMessage());
    }

    private static void assertBad(DataSchema good, List<String> vocabulary, String message) {
        InputContract c = good.contract();
        InputContract bad = new InputContract(c.layout(), c.shape(), c.columns(), c.inputs(), vocabulary.size(),
                c.output(), vocabulary, c.scaling(), c.missing());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContractCheck.check(new DataSchema(bad, good.report())));
        assertEquals(message, e.getMessage());
    }
}
