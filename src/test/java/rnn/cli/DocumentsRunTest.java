package rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn train --text COL} on a CSV of documents, as a user runs it (child JVMs), then generate and eval. */
class DocumentsRunTest {

    @TempDir
    static Path dir;
    static Cli.Result trained;

    @BeforeAll
    static void train() throws IOException, InterruptedException {
        StringBuilder csv = new StringBuilder("id,review\n");
        String[] lines = TextRunTest.corpus().split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            // two lines per document, quoted: a field over two physical lines
            csv.append(i).append(",\"").append(lines[i]).append('\n').append(lines[i + 1]).append("\"\n");
        }
        Files.writeString(dir.resolve("reviews.csv"), csv, StandardCharsets.UTF_8);
        trained = Cli.run(dir, "train", "reviews.csv", "--text", "review", "--hidden", "8", "--epochs", "1",
                "--window", "20", "--out", "docs");
        assertEquals(0, trained.code(), trained.err());
    }

    @Test
    void aColumnOfDocumentsTrainsAModelThatWritesAndScores() throws IOException, InterruptedException {
        // 150 documents of two lines joined by one line break (the other 150 line breaks of the corpus are gone),
        // each followed by <eod>: as many tokens as the corpus has characters
        assertTrue(trained.err().contains("data: reviews.csv column \"review\" (one document per row, <eod> after "
                + "each), " + TextRunTest.corpus().length() + " tokens (char: Unicode code points)"), trained.err());
        // the corpus's 15 symbols, <unk> and <eod>
        assertTrue(trained.err().contains("vocabulary: 17 symbols (with <unk>)"), trained.err());
        assertTrue(Files.readString(dir.resolve("docs/config.json")).contains("\"text\" : \"review\""));
        Cli.Result g = Cli.run(dir, "generate", "--model", "docs", "--length", "200", "--seed", "2", "--quiet");
        assertEquals(0, g.code(), g.err());
        assertFalse(g.out().contains("<eod>"), g.out());
        Cli.Result e = Cli.run(dir, "eval", "--model", "docs", "--json", "--quiet");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("\"part\" : \"validation\""), e.out());
    }

    @Test
    void theTextColumnNeedsTheTextLayoutAndAColumnOfTheFile() throws IOException, InterruptedException {
        Cli.run(dir, "train", "reviews.csv", "--text", "review", "--layout", "window", "--out", "w").assertError(2,
                "rnn: --text: expected --layout text (a column of documents is a text), got --layout window; leave "
                        + "--layout out (see 'rnn train --help')");
        Cli.run(dir, "train", "reviews.csv", "--text", "body", "--out", "b").assertError(2,
                "rnn: --text: expected a column of reviews.csv (id, review) or a 0-based index, got \"body\"; check "
                        + "the spelling (names are case-sensitive) (see 'rnn train --help')");
    }
}
