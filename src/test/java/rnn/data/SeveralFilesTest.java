package rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static rnn.data.TestData.assertDataError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set of several files ({@link DataInput#parts}: what {@code rnn train --spark} makes of a directory or a
 * glob) reads as the one file their data rows make, each file with its own header; every message names the file it
 * is about, with the line in that file; the SHA-256 is that of the files' bytes in order.
 */
class SeveralFilesTest {

    private static final String HEADER = "date,id,x,y\n";

    @TempDir
    Path dir;

    private DataInput parts(Path... files) {
        List<DataInput> list = new ArrayList<>();
        for (Path f : files) {
            list.add(DataInput.file(f));
        }
        return DataInput.parts(dir + "/*.csv", list);
    }

    private static String rows(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append(2000 + i).append("-01-01,s").append(i % 2).append(',').append(i % 5).append(',').append(Math.sin(i) * 10 + i % 7)
                    .append('\n');
        }
        return b.toString();
    }

    private static DataOptions options() {
        return DataOptions.defaults(42).withLayout(TestData.layout("window"), null).withWindow(3, 1, 1).withId("id").withTime("date").withValSplit(0.2);
    }

    /** Every window's inputs and targets of {@code d} (train, then validation), in example order. */
    private static double[] everything(LoadedData d) {
        List<Double> all = new ArrayList<>();
        for (Dataset s : List.of(d.train(), d.validation())) {
            int[] order = new int[s.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Batch b = s.newBatch(order.length);
            s.fill(order, 0, order.length, b);
            for (double v : b.x()) {
                all.add(v);
            }
            for (double v : b.targets()) {
                all.add(v);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void filesReadAsTheOneFileTheirRowsMakeAndDigestedInOrder() throws Exception {
        String a = HEADER + rows(0, 30);
        String b = "\uFEFF" + HEADER + "\n" + rows(30, 55); // a byte order mark and a blank line of its own
        String c = HEADER + rows(55, 80);
        Path fa = TestData.csv(dir, "a.csv", a);
        Path fb = TestData.csv(dir, "b.csv", b);
        Path empty = TestData.csv(dir, "b2.csv", "");
        Path headerOnly = TestData.csv(dir, "b3.csv", HEADER);
        Path fc = TestData.csv(dir, "c.csv", c);
        Path whole = Files.createDirectories(dir.resolve("one")).resolve("whole.csv");
        Files.writeString(whole, HEADER + rows(0, 80));

        DataInput several = parts(fa, fb, empty, headerOnly, fc).withSha256();
        LoadedData fromParts = DataLoader.load(several, options());
        LoadedData fromOne = DataLoader.load(DataInput.file(whole), options());

        assertEquals(fromOne.train().size(), fromParts.train().size());
        assertEquals(fromOne.validation().size(), fromParts.validation().size());
        assertEquals(fromOne.schema().toJsonText().replace(whole.toString(), dir + "/*.csv"),
                fromParts.schema().toJsonText(), "normalisation, roles and counts");
        assertArrayEquals(everything(fromOne), everything(fromParts));
        assertEquals(80, fromParts.report().rows());
        assertEquals(dir + "/*.csv", fromParts.report().file());

        byte[] bytes = (a + b + HEADER + c).getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), several.sha256());
    }

    @Test
    void aBadCellIsNamedByItsFileAndTheLineInIt() {
        Path fa = TestData.csv(dir, "a.csv", HEADER + rows(0, 10));
        Path fb = TestData.csv(dir, "b.csv", HEADER + rows(10, 13) + "2013-01-01,s1,abc,3\n" + rows(14, 20));
        assertDataError(DataException.DATA, fb + ":5:3 (column \"x\"): expected a number, got \"abc\"; fix the "
                + "value or use {{missing}} drop|ffill", () -> DataLoader.load(parts(fa, fb), options()));
    }

    @Test
    void aLaterFileWithAnotherHeaderIsNamed() {
        Path fa = TestData.csv(dir, "a.csv", HEADER + rows(0, 10));
        Path fb = TestData.csv(dir, "b.csv", "date,y,id,x\n" + rows(10, 20));
        assertDataError(DataException.DATA, fb + ":1: expected the header of " + fa + " (\"date,id,x,y\"), got "
                + "\"date,y,id,x\"; give every file of the data set the same columns in the same order",
                () -> DataLoader.load(parts(fa, fb), options()));
    }

    @Test
    void rowsOutOfOrderAcrossFilesNameBothFiles() {
        Path fa = TestData.csv(dir, "a.csv", HEADER + rows(0, 10));
        Path headerOnly = TestData.csv(dir, "a2.csv", HEADER);
        Path fb = TestData.csv(dir, "b.csv", HEADER + "2003-06-01,s1,2,1.5\n");
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(parts(fa, headerOnly, fb),
                options()));
        assertEquals(fb + ":2:1 (column \"date\"): expected a time after \"2009-01-01\" (" + fa + ":11) in series "
                + "\"s1\", got \"2003-06-01\"; sort the rows by time within each series", e.getMessage());
    }

    @Test
    void onlyEmptyFilesAreNamedByTheSet() {
        Path fa = TestData.csv(dir, "a.csv", "");
        Path fb = TestData.csv(dir, "b.csv", HEADER);
        assertDataError(DataException.DATA, dir + "/*.csv: expected data rows after the header, got only the "
                + "header; add data rows", () -> DataLoader.load(parts(fa, fb), options()));
        assertDataError(DataException.DATA, dir + "/*.csv: expected a header row, got empty files; add a header "
                + "line with the column names", () -> DataLoader.load(parts(fa, fa), options()));
    }

    @Test
    void aTextOfSeveralFilesIsTheirConcatenation() throws Exception {
        Path fa = TestData.csv(dir, "a.txt", "hello ");
        Path fb = TestData.csv(dir, "b.txt", "wörld");
        TextSource.Symbols s = TextSource.read(DataInput.parts("texts", List.of(DataInput.file(fa),
                DataInput.file(fb))), TokenKind.CHAR);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            text.append(s.symbols.get(s.token(i)));
        }
        assertEquals("hello wörld", text.toString());
    }
}
