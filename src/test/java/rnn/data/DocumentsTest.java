package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --text COL}: a CSV column of documents as the text, each followed by {@code <eod>}; worked by hand. */
class DocumentsTest {

    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        Path f = dir.resolve("docs.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static DataOptions options(String column, TokenKind kind, int window) {
        return DataOptions.builder(1).layout(Layouts.named("text").orElseThrow()).window(window).stride(window)
                .valSplit(0).output(TargetMode.SEQUENCE).classification(true)
                .text(new TextOptions(kind, 1, 100, column)).build();
    }

    /** Rows: "ab", an empty document (skipped), a quoted field over two lines, "ab" again. */
    private static final String DOCS = "id,text\n1,ab\n2,\"\"\n3,\"c\nd\"\n4,ab\n";

    @Test
    void theDocumentsEachFollowedByEodAreTheTextAndEodIsId1() throws IOException {
        // stream: a b <eod> c \n d <eod> a b <eod> (10 tokens); T = S = 2: (10 − 3)/2 + 1 = 4 windows
        for (String column : List.of("text", "1")) {
            LoadedData d = DataLoader.load(csv(DOCS), options(column, TokenKind.CHAR, 2));
            assertEquals(List.of("<unk>", "<eod>", "\n", "a", "b", "c", "d"), d.contract().classes());
            assertEquals(List.of("ab>b<eod>", "<eod>c>c\n", "\nd>d<eod>", "<eod>a>ab"), TextLayoutTest.windows(d.train()));
            assertEquals(10, d.report().rows());
            assertEquals(List.of("text"), d.contract().features());
            assertTrue(d.schema().describe().contains("data: " + dir.resolve("docs.csv") + " column \"text\" (one "
                    + "document per row, <eod> after each), 10 tokens (char: Unicode code points)"),
                    d.schema().describe().toString());
        }
    }

    @Test
    void wordsNumbersAndTheRareWordsOfDocuments() throws IOException {
        // a numeric column reads as its text; <eod> is kept whatever --min-count says
        Path f = csv("n,body\n12,The cat.\n7,the cat sat\n");
        DataOptions o = DataOptions.builder(1).layout(Layouts.named("text").orElseThrow()).window(2).stride(2)
                .valSplit(0).output(TargetMode.SEQUENCE).classification(true)
                .text(new TextOptions(TokenKind.WORD, 2, 100, "body")).build();
        LoadedData d = DataLoader.load(f, o);
        // The . <eod> the cat sat <eod>: "cat" twice, the rest once (read as <unk>)
        assertEquals(List.of("<unk>", "<eod>", "cat"), d.contract().classes());
        LoadedData numbers = DataLoader.load(f, options("n", TokenKind.CHAR, 2));
        assertEquals(List.of("<unk>", "<eod>", "1", "2", "7"), numbers.contract().classes());
        assertEquals(List.of("12>2<eod>", "<eod>7>7<eod>"), TextLayoutTest.windows(numbers.train()));
    }

    @Test
    void generatedEodIsALineBreakAndAGenerationStartsAfterIt() throws IOException {
        LoadedData d = DataLoader.load(csv(DOCS), options("text", TokenKind.CHAR, 2));
        TokenCodec codec = TokenCodec.of(d.contract());
        assertEquals(1, codec.startId());
        assertEquals("\n", codec.joined("b", "<eod>"));
        TokenCodec words = TokenCodec.of(DataLoader.load(csv("body\nthe cat\nthe dog\n"), options("body",
                TokenKind.WORD, 2)).contract());
        assertEquals("the", words.joined("<eod>", "the"));
        assertEquals("\n", words.joined("cat", "<eod>"));
        assertEquals(" dog", words.joined("the", "dog"));
    }

    @Test
    void aModelReadsItsColumnAndNeedsIt() throws IOException {
        LoadedData d = DataLoader.load(csv(DOCS), options("text", TokenKind.CHAR, 2));
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "text,id\n\"dc\",1\n");
        Dataset windows = DataLoader.loadForModel(other, d.contract(), ',', DataLoader.Purpose.EVALUATE);
        assertEquals(List.of("dc>c<eod>"), TextLayoutTest.windows(windows));
        Path without = dir.resolve("without.csv");
        Files.writeString(without, "id,body\n1,ab\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.loadForModel(without, d.contract(), ',',
                DataLoader.Purpose.EVALUATE));
        assertEquals(DataException.DATA, e.exitCode());
        assertEquals(without + ": expected the column \"text\" of documents the model was trained on, got a header "
                + "without it (id, body); give a CSV file with that column", e.getMessage());
    }

    @Test
    void badColumnsAndEmptyDocumentsAreOneLineErrors() throws IOException {
        Path f = csv(DOCS);
        DataException missing = assertThrows(DataException.class,
                () -> DataLoader.load(f, options("body", TokenKind.CHAR, 2)));
        assertEquals(DataException.USAGE, missing.exitCode());
        assertEquals("{{text}}: expected a column of " + f + " (id, text) or a 0-based index, got \"body\"; check the "
                + "spelling (names are case-sensitive)", missing.getMessage());
        Path empty = csv("id,text\n1,\n2,\"\"\n");
        DataException none = assertThrows(DataException.class,
                () -> DataLoader.load(empty, options("text", TokenKind.CHAR, 2)));
        assertEquals(DataException.DATA, none.exitCode());
        assertEquals(empty + ": expected documents in column \"text\", got only empty ones (2); give rows with text in"
                + " that column", none.getMessage());
        Path ragged = csv("id,text\n1,ab\n2\n");
        DataException fields = assertThrows(DataException.class,
                () -> DataLoader.load(ragged, options("text", TokenKind.CHAR, 2)));
        assertEquals(ragged + ":3: expected 2 fields as in the header, got 1; add the missing field or check "
                + "{{delimiter}}", fields.getMessage());
    }
}
