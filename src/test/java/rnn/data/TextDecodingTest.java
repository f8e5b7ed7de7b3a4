package rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-pass decoding of a character text into a compact array of symbol indices and the ids laid out over it
 * (issue #11, scale): every token's id is checked against the text's code points read by {@link String#codePoints}
 * and the vocabulary rule (id 0 {@code <unk>}, then the kept symbols in code-point order), on both sides of the
 * 65,536-symbol line where the indices widen from {@code char} to {@code int}.
 */
class TextDecodingTest {

    @TempDir
    Path dir;

    /** Code points from U+10000 (four UTF-8 bytes each): {@code distinct} of them, each {@code copies} times. */
    private String text(int distinct, int copies, int rare) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < copies; c++) {
            for (int k = 0; k < distinct; k++) {
                b.appendCodePoint(0x10000 + k);
            }
        }
        for (int k = 0; k < rare; k++) {
            b.appendCodePoint(0x30000 + k); // seen once each
        }
        return "ab" + b;
    }

    private void check(String text, int minCount, int expectedVocabulary, int bytesPerToken) throws IOException {
        Path file = dir.resolve("t.txt");
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        TextSource.Symbols s = TextSource.read(DataInput.file(file), TokenKind.CHAR);
        int[] cps = text.codePoints().toArray();
        assertEquals(cps.length, s.size());
        Vocabulary v = Vocabulary.build(s, cps.length, new TextOptions(TokenKind.CHAR, minCount, TextOptions.MAX_VOCAB));
        TokenIds ids = new TokenIds(s, v, cps.length);
        // independent: the symbols seen at least minCount times, in code-point order, after <unk>
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int cp : cps) {
            counts.merge(cp, 1, Integer::sum);
        }
        TreeSet<Integer> kept = new TreeSet<>();
        counts.forEach((cp, n) -> {
            if (n >= minCount) {
                kept.add(cp);
            }
        });
        assertEquals(expectedVocabulary, kept.size() + 1);
        assertEquals(expectedVocabulary, v.size());
        assertEquals(bytesPerToken, ids.bytesPerToken());
        java.util.Map<Integer, Integer> rank = new java.util.HashMap<>();
        for (int cp : kept) {
            rank.put(cp, rank.size() + 1);
        }
        long unknown = 0;
        for (int i = 0; i < cps.length; i++) {
            int expected = rank.getOrDefault(cps[i], 0);
            unknown += expected == 0 ? 1 : 0;
            if (ids.get(i) != expected) {
                assertEquals(expected, ids.get(i), "token " + i);
            }
        }
        assertEquals(unknown, ids.unknownBefore);
    }

    @Test
    void fewSymbolsAreCharIdsRewrittenInPlace() throws IOException {
        check(text(300, 3, 0), 1, 303, Character.BYTES);
    }

    @Test
    void exactly65536SymbolsNeed65537IdsSoTheIdsWidenToInt() throws IOException {
        check(text(65_534, 1, 0), 1, 65_537, Integer.BYTES);
    }

    @Test
    void moreThan65536SymbolsAreIntIndicesAndIntIds() throws IOException {
        check(text(66_000, 1, 0), 1, 66_003, Integer.BYTES);
    }

    @Test
    void moreThan65536SymbolsWithMinCountNarrowToCharIds() throws IOException {
        check(text(1_000, 2, 70_000), 2, 1_001, Character.BYTES);
    }
}
